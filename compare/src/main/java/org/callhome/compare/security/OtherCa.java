package org.callhome.compare.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.callhome.compare.lab.LabAuthority;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.SecurityResult;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * A device the NMS expects presents a certificate for its own id and key, signed by a CA the NMS
 * does not trust (another operator's, or one anybody can make). Only under a trust model of
 * certificates (an OpenSSH CA, or an X.509 one; in tls an X.509 TLS server certificate); the device
 * software presents it, so only the NMS's CA check can stop it.
 */
final class OtherCa implements SecurityScenario {

    /** @param nmsTrustsOtherCa the protection removed: the NMS trusts the other CA for devices too */
    record Settings(boolean nmsTrustsOtherCa) {
        static final Settings STANDARD = new Settings(false);
    }

    private static final String DEVICE = "dev-1";
    private static final String OTHER_CA = "other-ca";

    private final Settings settings;

    OtherCa(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return "other-ca";
    }

    @Override
    public String title() {
        return "Certificate from another CA";
    }

    @Override
    public String question() {
        return "Does the NMS refuse a device certificate from a CA it does not trust?";
    }

    @Override
    public String matters() {
        return "Anyone can make a CA and sign a certificate naming a device id: only the CAs the operator chose may "
                + "vouch for devices.";
    }

    @Override
    public SecurityResult run(CallHomeStrategy strategy, Testbed testbed) throws Exception {
        try (ScenarioLab lab = new ScenarioLab(testbed, this, strategy)) {
            if (!lab.certificates()) {
                return lab.needsCertificates();
            }
            LabAuthority other = testbed.ca(OTHER_CA);
            Testbed.NmsKeys keys = lab.nmsKeys("nms");
            Testbed.NmsSpec spec = lab.nmsSpec("nms", keys, Map.of(DEVICE, lab.devicePublicKey(DEVICE)), false);
            NmsWatch nms = lab.startNms("nms", settings.nmsTrustsOtherCa()
                    ? spec.alsoTrustingDeviceCa(other) : spec);
            Path file = lab.folder("certificates").resolve(DEVICE + "-" + OTHER_CA + other.certificateSuffix());
            LabAuthority.Certificate issued = PresentedCertificate.certifyDevice(lab, other, file,
                    lab.devicePublicKey(DEVICE), DEVICE);
            lab.name(file, DEVICE + "'s certificate from " + OTHER_CA);

            List<String> evidence = new ArrayList<>();
            evidence.add("the NMS trusts the device CA " + testbed.deviceCa().fingerprint()
                    + (settings.nmsTrustsOtherCa() ? " and " + OTHER_CA + " " + other.fingerprint() : "")
                    + " and expects " + DEVICE + "; " + DEVICE + " presents a " + PresentedCertificate.kind(strategy)
                    + " certificate for " + DEVICE + " (serial " + issued.serial() + ") signed by " + OTHER_CA + " "
                    + other.fingerprint());
            PresentedCertificate.Outcome outcome = PresentedCertificate.present(lab, nms, keys, DEVICE, file,
                    evidence);
            return PresentedCertificate.judge(lab, outcome, "unknown-ca", DEVICE + "'s certificate from " + OTHER_CA
                    + (settings.nmsTrustsOtherCa() ? ", a CA it was set to trust as well" : ", a CA it does not trust"));
        }
    }
}
