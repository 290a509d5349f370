package org.callhome.compare.security;

import static org.callhome.compare.security.ScenarioRuns.evidence;
import static org.callhome.compare.security.ScenarioRuns.shown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.compare.model.TrustModel;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate scenarios under x509 (RFC 6187), each for both SSH strategies: the device software
 * presents its X.509 chain and the NMS's refusal, with its RFC 6187 reason, is what decides; and
 * the extended key usage, which only X.509 has, not run under openssh-cert.
 */
class X509ScenariosTest {

    private static final CallHomeStrategy REVERSE = CallHomeStrategy.REVERSE_SSH;
    private static final CallHomeStrategy DEVICE_SSH = CallHomeStrategy.DEVICE_SSH_CLIENT;
    /** The SSH strategies, whose certificates are RFC 6187's; tls's are tried in {@link TlsCertificateScenariosTest}. */
    private static final List<CallHomeStrategy> SSH = List.of(REVERSE, DEVICE_SSH);

    @TempDir
    Path dir;

    private SecurityResult run(SecurityScenario scenario, CallHomeStrategy strategy) throws Exception {
        return ScenarioRuns.run(scenario, strategy, TrustModel.X509, dir);
    }

    @Test
    void reverseSshNmsRefusesAnotherCasChainBeforeLoggingIn() throws Exception {
        SecurityResult result = run(new OtherCa(OtherCa.Settings.STANDARD), REVERSE);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("NMS refused it (unknown-ca) before logging in", result.summary(), shown(result));
        assertTrue(evidence(result).contains("refusal unknown-ca, reason \"host certificate "
                + "'serialNumber=dev-1,CN=dev-1' serial 1 (0x1) is issued by 'CN=other-ca'"), shown(result));
        assertTrue(evidence(result).contains("no NMS login completed"), shown(result));
        assertTrue(result.finding().contains("dev-1's device software presented it"), shown(result));
    }

    @Test
    void deviceSshClientNmsRefusesAnotherCasChainAtLogin() throws Exception {
        SecurityResult result = run(new OtherCa(OtherCa.Settings.STANDARD), DEVICE_SSH);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("NMS refused its login (unknown-ca)", result.summary(), shown(result));
        assertTrue(evidence(result).contains("with X.509 user certificate"), shown(result));
    }

    @Test
    void otherCaFailsWhenTheNmsTrustsThatX509CaToo() throws Exception {
        SecurityResult result = run(new OtherCa(new OtherCa.Settings(true)), DEVICE_SSH);

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertEquals("NMS accepted it", result.summary(), shown(result));
    }

    @Test
    void bothStrategiesRefuseAnExpiredChain() throws Exception {
        for (CallHomeStrategy strategy : SSH) {
            SecurityResult result = run(new ExpiredCertificate(), strategy);

            assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
            assertTrue(result.summary().contains("(expired)"), shown(result));
            assertTrue(evidence(result).contains("kind certificate, refusal expired, reason \""
                    + (strategy == REVERSE ? "host" : "user") + " certificate 'serialNumber=dev-1,CN=dev-1' serial 1 "
                    + "(0x1) expired at"), shown(result));
        }
    }

    @Test
    void reverseSshRevokingOneSerialByCrlDropsThatDeviceAndKeepsTheOther() throws Exception {
        SecurityResult result = run(new RevokedSerial(RevokedSerial.Settings.STANDARD), REVERSE);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("dev-1 dropped and refused (revoked); dev-2 kept working", result.summary(), shown(result));
        assertTrue(evidence(result).contains("'rejected' for dev-1, kind certificate, refusal revoked, reason "
                + "\"revoked while connected"), shown(result));
        assertTrue(evidence(result).contains("is listed in the CRL of 'CN=device-ca'"), shown(result));
        assertTrue(evidence(result).contains("get-config on dev-2's session: data"), shown(result));
    }

    @Test
    void deviceSshClientRevokingOneSerialByCrlDropsThatDeviceAndKeepsTheOther() throws Exception {
        SecurityResult result = run(new RevokedSerial(RevokedSerial.Settings.STANDARD), DEVICE_SSH);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("dev-1 dropped and refused (revoked); dev-2 kept working", result.summary(), shown(result));
        assertTrue(evidence(result).contains("'rejected' for dev-1, kind certificate, refusal revoked, reason "
                + "\"revoked while connected"), shown(result));
    }

    @Test
    void reverseSshNmsRefusesAClientChainAsHostCertificate() throws Exception {
        SecurityResult result = run(new WrongCertificateType(), REVERSE);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("NMS refused it (wrong-certificate-type) before logging in", result.summary(), shown(result));
        assertTrue(evidence(result).contains("is for an SSH user (extendedKeyUsage id-kp-secureShellClient "
                + "(1.3.6.1.5.5.7.3.21)), but a host certificate is needed here"), shown(result));
    }

    @Test
    void deviceSshClientNmsRefusesAServerChainToLogIn() throws Exception {
        SecurityResult result = run(new WrongCertificateType(), DEVICE_SSH);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("NMS refused its login (wrong-certificate-type)", result.summary(), shown(result));
        assertTrue(evidence(result).contains("is for an SSH host (extendedKeyUsage id-kp-secureShellServer"),
                shown(result));
    }

    @Test
    void deviceSshClientNmsRefusesALoginNameThatIsNotTheSubjectsIdentity() throws Exception {
        SecurityResult result = run(new CertificatePrincipal(), DEVICE_SSH);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("NMS refused its login (principal-mismatch)", result.summary(), shown(result));
        assertFalse(evidence(result).contains("'connected'"), shown(result));
    }

    @Test
    void reverseSshNmsTakesTheSubjectsSerialNumberAsTheIdentity() throws Exception {
        SecurityResult result = run(new CertificatePrincipal(), REVERSE);

        assertEquals(Verdict.DIFFERS, result.verdict(), shown(result));
        assertEquals("identity is the certificate's principal (dev-2)", result.summary(), shown(result));
        assertTrue(evidence(result).contains("identity x509 principal 'dev-2' (from its serialNumber)"),
                shown(result));
    }

    @Test
    void bothStrategiesRefuseAServerAuthOnlyChainForItsExtendedKeyUsage() throws Exception {
        for (CallHomeStrategy strategy : SSH) {
            SecurityResult result = run(new ExtendedKeyUsageScenario(), strategy);

            assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
            assertTrue(result.summary().contains("(extended-key-usage)"), shown(result));
            assertTrue(evidence(result).contains("refusal extended-key-usage, reason \""), shown(result));
            assertTrue(evidence(result).contains("has an extendedKeyUsage of 1.3.6.1.5.5.7.3.1, without "
                    + (strategy == REVERSE ? "id-kp-secureShellServer" : "id-kp-secureShellClient")), shown(result));
        }
    }

    @Test
    void extendedKeyUsageIsNotRunWithoutX509() throws Exception {
        for (TrustModel trust : new TrustModel[] {TrustModel.PINNED, TrustModel.OPENSSH_CERT}) {
            try (Testbed testbed = new Testbed(dir.resolve(trust.wireName()), trust)) {
                SecurityResult result = new ExtendedKeyUsageScenario().run(REVERSE, testbed);

                assertEquals(Verdict.NOT_RUN, result.verdict(), shown(result));
                assertEquals("needs the x509 trust model", result.summary(), shown(result));
            }
        }
    }
}
