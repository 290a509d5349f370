package org.callhome.compare.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.lab.X509LabCa;
import org.callhome.compare.model.SecurityResult;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * A device the NMS expects presents an X.509 certificate of the right CA, for its own id and key,
 * valid now, whose extended key usage is for another protocol. In the SSH strategies it names
 * neither SSH role: {@code id-kp-serverAuth} alone, as a TLS server certificate has (a certificate
 * the CA issued for a web interface, say); the NMS must refuse it as {@code extended-key-usage}
 * (RFC 6187 §2.2.2). In tls, the mirror image: {@code id-kp-secureShellServer} alone, an SSH host
 * certificate of the same CA (one the device holds for its SSH server, say), presented as the
 * device's TLS server certificate; the NMS must refuse it as {@code extended-key-usage} (RFC 5280
 * §4.2.1.12). Either way the CA vouched for the key in another protocol. Only under the x509 trust
 * model. Where the device software keeps such a certificate back, a stand-in with the device's key
 * presents it ({@link PresentedCertificate}).
 */
final class ExtendedKeyUsageScenario implements SecurityScenario {

    private static final String DEVICE = "dev-1";

    @Override
    public String id() {
        return "extended-key-usage";
    }

    @Override
    public String title() {
        return "Certificate for another purpose";
    }

    @Override
    public String question() {
        return "Does the NMS refuse a device's X.509 certificate whose extended key usage is for another protocol "
                + "(serverAuth only, a TLS certificate, in SSH; secureShellServer only, an SSH host certificate, in "
                + "TLS)?";
    }

    @Override
    public String matters() {
        return "A CA that issues for several protocols vouches for a key's purpose: a certificate it issued for one "
                + "protocol (TLS, SSH) must not open the other.";
    }

    @Override
    public SecurityResult run(CallHomeStrategy strategy, Testbed testbed) throws Exception {
        try (ScenarioLab lab = new ScenarioLab(testbed, this, strategy)) {
            if (!lab.x509()) {
                return lab.needsX509();
            }
            Testbed.NmsKeys keys = lab.nmsKeys("nms");
            NmsWatch nms = lab.startNms("nms", keys, Map.of(DEVICE, lab.devicePublicKey(DEVICE)), false);
            X509LabCa ca = (X509LabCa) testbed.deviceCa();
            if (PresentedCertificate.tls(lab)) {
                return sshCertificateForTls(lab, ca, nms, keys);
            }
            Path file = lab.folder("certificates").resolve(DEVICE + "-server-auth-cert.pem");
            X509LabCa.Issued issued = ca.issue(file, lab.devicePublicKey(DEVICE),
                    X509LabCa.Subject.device(DEVICE, X509LabCa.SERVER_AUTH));
            lab.name(file, DEVICE + "'s serverAuth certificate");

            List<String> evidence = new ArrayList<>();
            String use = lab.reverseSsh() ? "as its host certificate" : "to log in with";
            evidence.add("the NMS trusts the device CA " + ca.fingerprint() + " and expects " + DEVICE + "; " + DEVICE
                    + " holds a certificate for " + DEVICE + " (serial " + issued.serial() + ") from that CA, valid "
                    + "now, whose extended key usage is id-kp-serverAuth (" + X509LabCa.SERVER_AUTH + ") only, and "
                    + "presents it " + use + ", where "
                    + (lab.reverseSsh() ? "id-kp-secureShellServer" : "id-kp-secureShellClient") + " is needed");
            PresentedCertificate.Outcome outcome = PresentedCertificate.present(lab, nms, keys, DEVICE, file,
                    evidence);
            return PresentedCertificate.judge(lab, outcome, "extended-key-usage", "a serverAuth certificate of "
                    + DEVICE + " presented " + use);
        }
    }

    /** tls: the device presents an SSH host certificate of its own key as its TLS server certificate. */
    private static SecurityResult sshCertificateForTls(ScenarioLab lab, X509LabCa ca, NmsWatch nms,
                                                       Testbed.NmsKeys keys) throws Exception {
        Path file = lab.folder("certificates").resolve(DEVICE + "-secure-shell-server-cert.pem");
        X509LabCa.Issued issued = ca.issue(file, lab.devicePublicKey(DEVICE),
                X509LabCa.Subject.device(DEVICE, X509LabCa.SECURE_SHELL_SERVER));
        lab.name(file, DEVICE + "'s SSH host certificate");

        List<String> evidence = new ArrayList<>();
        String use = PresentedCertificate.use(lab);
        evidence.add("the NMS trusts the device CA " + ca.fingerprint() + " and expects " + DEVICE + "; " + DEVICE
                + " holds a certificate for " + DEVICE + " (serial " + issued.serial() + ") from that CA, valid now, "
                + "whose extended key usage is id-kp-secureShellServer (" + X509LabCa.SECURE_SHELL_SERVER + ") only, "
                + "an SSH host certificate, and presents it " + use + ", where id-kp-serverAuth ("
                + X509LabCa.SERVER_AUTH + ") is needed");
        PresentedCertificate.Outcome outcome = PresentedCertificate.present(lab, nms, keys, DEVICE, file, evidence);
        return PresentedCertificate.judge(lab, outcome, "extended-key-usage", "an SSH host (secureShellServer) "
                + "certificate of " + DEVICE + " presented " + use);
    }
}
