package org.callhome.compare.security;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.callhome.compare.lab.LabAuthority;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.SecurityResult;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * A device the NMS expects presents a certificate of the right CA, for its own id and key, whose
 * validity ended a month ago (a device left unrenewed, or an old certificate kept by someone who
 * copied it). Only under a trust model of certificates (in tls, a TLS server certificate of the
 * device CA under x509). The NMS has nothing but the validity to
 * refuse it by; no setting of the NMS turns that check off, so there is no run without it.
 */
final class ExpiredCertificate implements SecurityScenario {

    private static final String DEVICE = "dev-1";
    /** How long ago the certificate's validity ended, and how long it lasted. */
    private static final Duration ENDED_AGO = Duration.ofDays(30);
    private static final Duration LASTED = Duration.ofDays(30);

    @Override
    public String id() {
        return "expired-certificate";
    }

    @Override
    public String title() {
        return "Expired certificate";
    }

    @Override
    public String question() {
        return "Does the NMS refuse a device certificate of its CA whose validity has ended?";
    }

    @Override
    public String matters() {
        return "A certificate's validity is what bounds a lost or copied one that nobody revoked: once it ends, the "
                + "certificate must open nothing.";
    }

    @Override
    public SecurityResult run(CallHomeStrategy strategy, Testbed testbed) throws Exception {
        try (ScenarioLab lab = new ScenarioLab(testbed, this, strategy)) {
            if (!lab.certificates()) {
                return lab.needsCertificates();
            }
            Testbed.NmsKeys keys = lab.nmsKeys("nms");
            NmsWatch nms = lab.startNms("nms", keys, Map.of(DEVICE, lab.devicePublicKey(DEVICE)), false);
            Instant validBefore = Instant.now().minus(ENDED_AGO).truncatedTo(ChronoUnit.SECONDS);
            LabAuthority ca = testbed.deviceCa();
            Path file = lab.folder("certificates").resolve(DEVICE + "-expired" + ca.certificateSuffix());
            LabAuthority.Certificate issued = PresentedCertificate.certifyDevice(lab, ca, file,
                    lab.devicePublicKey(DEVICE), DEVICE, validBefore.minus(LASTED), validBefore);
            lab.name(file, DEVICE + "'s expired certificate");

            List<String> evidence = new ArrayList<>();
            evidence.add("the NMS trusts the device CA " + testbed.deviceCa().fingerprint() + " and expects " + DEVICE
                    + "; " + DEVICE + " presents a " + PresentedCertificate.kind(strategy) + " certificate for "
                    + DEVICE + " (serial " + issued.serial() + ") from that CA, valid from "
                    + validBefore.minus(LASTED) + " to " + validBefore);
            PresentedCertificate.Outcome outcome = PresentedCertificate.present(lab, nms, keys, DEVICE, file,
                    evidence);
            return PresentedCertificate.judge(lab, outcome, "expired", DEVICE + "'s expired certificate");
        }
    }
}
