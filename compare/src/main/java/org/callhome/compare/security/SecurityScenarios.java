package org.callhome.compare.security;

import java.util.ArrayList;
import java.util.List;
import org.callhome.compare.model.TrustModel;

/** The security scenarios of the comparison, each with its protections in place. */
public final class SecurityScenarios {

    private SecurityScenarios() {
    }

    /** The standard set, in report order: the scenarios every trust model runs. */
    public static List<SecurityScenario> all() {
        return List.of(
                new RogueNms(RogueNms.Settings.STANDARD),
                new RogueDevice(RogueDevice.Settings.STANDARD),
                new Mitm(Mitm.Settings.STANDARD),
                new StolenDeviceCredentials(StolenDeviceCredentials.Settings.STANDARD),
                new NmsAccounts(NmsAccounts.Settings.STANDARD),
                new NetconfUsername(NetconfUsername.Settings.STANDARD),
                new Rfc6242Client(Rfc6242Client.Settings.STANDARD));
    }

    /**
     * The scenarios that try what only certificates have (their CA, validity, revocation by serial,
     * type and principal), in report order; each is NOT_RUN on a testbed of pinned keys.
     */
    public static List<SecurityScenario> certificateOnly() {
        return List.of(
                new OtherCa(OtherCa.Settings.STANDARD),
                new ExpiredCertificate(),
                new RevokedSerial(RevokedSerial.Settings.STANDARD),
                new WrongCertificateType(),
                new CertificatePrincipal());
    }

    /**
     * The scenarios that try what only X.509 certificates have (their extended key usage), in
     * report order; each is NOT_RUN on a testbed without them.
     */
    public static List<SecurityScenario> x509Only() {
        return List.of(new ExtendedKeyUsageScenario());
    }

    /** The scenarios to run under {@code trust}, in report order: the standard set, then those of its kind. */
    public static List<SecurityScenario> forTrust(TrustModel trust) {
        List<SecurityScenario> scenarios = new ArrayList<>(all());
        if (trust != TrustModel.PINNED) {
            scenarios.addAll(certificateOnly());
        }
        if (trust == TrustModel.X509) {
            scenarios.addAll(x509Only());
        }
        return List.copyOf(scenarios);
    }
}
