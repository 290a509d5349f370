package org.callhome.compare.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.compare.lab.LabAuthority;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.lab.X509LabCa;
import org.callhome.compare.model.SecurityResult;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * A device the NMS expects presents a certificate of the right CA, for its own id and key, valid
 * now, but of the other type: in reverse-ssh a user certificate as its host certificate, in
 * device-ssh-client a host certificate to log in with; under x509, a certificate whose extended
 * key usage names the other SSH role only. In tls (x509 only), a TLS client certificate (extended
 * key usage {@code id-kp-clientAuth} only, what the NMS itself presents) as the device's TLS server
 * certificate: the other role of the same protocol, which the NMS refuses as
 * {@code wrong-certificate-type}, as it does a CA certificate presented as a device's own (not
 * tried here). Only under a trust model of certificates. Where the device software refuses such a
 * certificate at start, a stand-in with the device's key presents it ({@link PresentedCertificate})
 * and the NMS's own check is what is tried.
 */
final class WrongCertificateType implements SecurityScenario {

    private static final String DEVICE = "dev-1";

    @Override
    public String id() {
        return "wrong-certificate-type";
    }

    @Override
    public String title() {
        return "Wrong certificate type";
    }

    @Override
    public String question() {
        return "Does the NMS refuse a device certificate made for the other role of its protocol: an SSH user "
                + "certificate as host certificate, an SSH host certificate to log in, a TLS client certificate from a "
                + "TLS server?";
    }

    @Override
    public String matters() {
        return "A certificate's type is the role its CA vouched for (an SSH host or login, a TLS server or client): "
                + "taking one for the other lets a certificate do what its CA never allowed.";
    }

    @Override
    public SecurityResult run(CallHomeStrategy strategy, Testbed testbed) throws Exception {
        try (ScenarioLab lab = new ScenarioLab(testbed, this, strategy)) {
            if (!lab.certificates()) {
                return lab.needsCertificates();
            }
            Testbed.NmsKeys keys = lab.nmsKeys("nms");
            NmsWatch nms = lab.startNms("nms", keys, Map.of(DEVICE, lab.devicePublicKey(DEVICE)), false);
            if (PresentedCertificate.tls(lab)) {
                return tlsClientCertificate(lab, testbed, nms, keys);
            }
            OpenSshCertificate.Type needed = Testbed.certificateType(strategy);
            OpenSshCertificate.Type wrong = needed == OpenSshCertificate.Type.HOST ? OpenSshCertificate.Type.USER
                    : OpenSshCertificate.Type.HOST;
            String wrongName = PresentedCertificate.typeName(wrong);
            LabAuthority ca = testbed.deviceCa();
            Path file = lab.folder("certificates").resolve(DEVICE + "-" + wrongName + ca.certificateSuffix());
            LabAuthority.Certificate issued = ca.certifyDevice(file, lab.devicePublicKey(DEVICE), wrong, DEVICE);
            lab.name(file, DEVICE + "'s " + wrongName + " certificate");

            List<String> evidence = new ArrayList<>();
            String use = lab.reverseSsh() ? "as its host certificate" : "to log in with";
            evidence.add("the NMS trusts the device CA " + testbed.deviceCa().fingerprint() + " and expects " + DEVICE
                    + "; " + DEVICE + " holds a " + wrongName + " certificate for " + DEVICE + " (serial "
                    + issued.serial() + ") from that CA, valid now, and presents it " + use + ", where a "
                    + PresentedCertificate.typeName(needed) + " certificate is needed");
            PresentedCertificate.Outcome outcome = PresentedCertificate.present(lab, nms, keys, DEVICE, file,
                    evidence);
            return PresentedCertificate.judge(lab, outcome, "wrong-certificate-type", "a " + wrongName
                    + " certificate of " + DEVICE + " presented " + use);
        }
    }

    /** tls: the device presents a TLS client certificate of its own key as its TLS server certificate. */
    private SecurityResult tlsClientCertificate(ScenarioLab lab, Testbed testbed, NmsWatch nms, Testbed.NmsKeys keys)
            throws Exception {
        X509LabCa ca = PresentedCertificate.x509(testbed.deviceCa());
        Path file = lab.folder("certificates").resolve(DEVICE + "-client-auth" + ca.certificateSuffix());
        X509LabCa.Issued issued = ca.issue(file, lab.devicePublicKey(DEVICE),
                X509LabCa.Subject.device(DEVICE, X509LabCa.CLIENT_AUTH));
        lab.name(file, DEVICE + "'s TLS client certificate");

        List<String> evidence = new ArrayList<>();
        evidence.add("the NMS trusts the device CA " + ca.fingerprint() + " and expects " + DEVICE + "; " + DEVICE
                + " holds a TLS client certificate for " + DEVICE + " (serial " + issued.serial() + ") from that CA, "
                + "valid now, whose extended key usage is id-kp-clientAuth (" + X509LabCa.CLIENT_AUTH + ") only, and "
                + "presents it " + PresentedCertificate.use(lab) + ", where a TLS server certificate (id-kp-serverAuth, "
                + X509LabCa.SERVER_AUTH + ") is needed");
        PresentedCertificate.Outcome outcome = PresentedCertificate.present(lab, nms, keys, DEVICE, file, evidence);
        return PresentedCertificate.judge(lab, outcome, "wrong-certificate-type", "a TLS client certificate of "
                + DEVICE + " presented " + PresentedCertificate.use(lab));
    }
}
