package org.callhome.compare.security;

import static org.callhome.compare.security.ScenarioRuns.evidence;
import static org.callhome.compare.security.ScenarioRuns.shown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.compare.model.TrustModel;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate scenarios for tls under x509: the device, the TLS server of the connection it
 * dialed, presents its chain and the NMS, the TLS client, refuses it in the handshake with the same
 * words as the SSH strategies; on pinned keys, where a tls device's certificate is its own, they
 * are not run.
 */
class TlsCertificateScenariosTest {

    private static final CallHomeStrategy TLS = CallHomeStrategy.TLS;

    @TempDir
    Path dir;

    private SecurityResult run(SecurityScenario scenario) throws Exception {
        return ScenarioRuns.run(scenario, TLS, TrustModel.X509, dir);
    }

    /** A refusal in the handshake: the NMS's event with its word, the device's alert, no NETCONF session. */
    private static void assertRefusedInTheHandshake(SecurityResult result, String refusal) {
        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("NMS refused it (" + refusal + ") in the TLS handshake", result.summary(), shown(result));
        assertTrue(evidence(result).contains("kind certificate, refusal " + refusal + ", reason \"tls-server "
                + "certificate "), shown(result));
        assertTrue(evidence(result).contains("TLS handshake with 127.0.0.1:"), shown(result));
        assertTrue(evidence(result).contains("dev-1 as TLS server: no NETCONF on the connection; NETCONF sessions on "
                + "the device: 0"), shown(result));
        assertFalse(evidence(result).contains("'connected'"), shown(result));
        assertTrue(result.finding().contains("in the TLS handshake, the device getting a TLS alert ("),
                shown(result));
        assertTrue(result.finding().endsWith("no NETCONF session; dev-1's device software presented it"),
                shown(result));
        assertFalse(result.finding().contains("log"), shown(result));
    }

    @Test
    void nmsRefusesAnotherCasServerCertificateInTheHandshake() throws Exception {
        SecurityResult result = run(new OtherCa(OtherCa.Settings.STANDARD));

        assertRefusedInTheHandshake(result, "unknown-ca");
        assertTrue(evidence(result).contains("dev-1 presents a TLS server certificate for dev-1 (serial 1) signed by "
                + "other-ca"), shown(result));
        assertTrue(evidence(result).contains("reason \"tls-server certificate 'serialNumber=dev-1,CN=dev-1' serial 1 "
                + "(0x1) is issued by 'CN=other-ca', which is not a trusted CA\""), shown(result));
    }

    @Test
    void otherCaFailsWhenTheNmsTrustsThatCaToo() throws Exception {
        SecurityResult result = run(new OtherCa(new OtherCa.Settings(true)));

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertEquals("NMS accepted it", result.summary(), shown(result));
        assertTrue(evidence(result).contains("'connected' for dev-1"), shown(result));
        assertTrue(evidence(result).contains("NETCONF ran on the connection"), shown(result));
    }

    @Test
    void nmsRefusesAnExpiredServerCertificateTheDevicePresents() throws Exception {
        SecurityResult result = run(new ExpiredCertificate());

        assertRefusedInTheHandshake(result, "expired");
        assertTrue(evidence(result).contains("reason \"tls-server certificate 'serialNumber=dev-1,CN=dev-1' serial 1 "
                + "(0x1) expired at"), shown(result));
    }

    @Test
    void revokingOneSerialByCrlDropsThatDeviceAndKeepsTheOther() throws Exception {
        SecurityResult result = run(new RevokedSerial(RevokedSerial.Settings.STANDARD));

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("dev-1 dropped and refused (revoked); dev-2 kept working", result.summary(), shown(result));
        assertTrue(evidence(result).contains("'rejected' for dev-1, kind certificate, refusal revoked, reason "
                + "\"revoked while connected: tls-server certificate 'serialNumber=dev-1,CN=dev-1' serial 1"),
                shown(result));
        assertTrue(evidence(result).contains("is listed in the CRL of 'CN=device-ca'"), shown(result));
        assertTrue(evidence(result).contains("'disconnected' for dev-1"), shown(result));
        assertFalse(evidence(result).contains("'disconnected' for dev-2"), shown(result));
        assertTrue(evidence(result).contains("get-config on dev-2's session: data"), shown(result));
        assertTrue(evidence(result).contains("lastRefusal revoked"), shown(result));
    }

    @Test
    void revokedSerialFailsWhenNothingIsRevoked() throws Exception {
        SecurityResult result = run(new RevokedSerial(new RevokedSerial.Settings(false)));

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertEquals("dev-1 kept its session", result.summary(), shown(result));
        assertTrue(evidence(result).contains("get-config on dev-2's session: data"), shown(result));
    }

    @Test
    void nmsRefusesAClientCertificateAsTheDevicesServerCertificate() throws Exception {
        SecurityResult result = run(new WrongCertificateType());

        assertRefusedInTheHandshake(result, "wrong-certificate-type");
        assertTrue(evidence(result).contains("dev-1 holds a TLS client certificate for dev-1 (serial 1) from that "
                + "CA, valid now, whose extended key usage is id-kp-clientAuth (1.3.6.1.5.5.7.3.2) only"),
                shown(result));
        assertTrue(evidence(result).contains("is for a TLS client (extendedKeyUsage id-kp-clientAuth "
                + "(1.3.6.1.5.5.7.3.2)), but a tls-server certificate is needed here"), shown(result));
    }

    @Test
    void nmsTakesTheSubjectsSerialNumberAsTheIdentityAndTheDeviceNamesNothing() throws Exception {
        SecurityResult result = run(new CertificatePrincipal());

        assertEquals(Verdict.DIFFERS, result.verdict(), shown(result));
        assertEquals("identity is the certificate's principal (dev-2)", result.summary(), shown(result));
        assertTrue(evidence(result).contains("as the TLS server, presents that certificate: the device sends no name "
                + "of its own"), shown(result));
        assertTrue(evidence(result).contains("'connected' for dev-2"), shown(result));
        assertTrue(evidence(result).contains("identity x509 principal 'dev-2' (from its serialNumber)"),
                shown(result));
        assertTrue(evidence(result).contains("dev-1: not known to the NMS"), shown(result));
        assertTrue(result.finding().contains("the device sends no name in tls"), shown(result));
    }

    @Test
    void nmsRefusesAnSshHostCertificateForItsExtendedKeyUsage() throws Exception {
        SecurityResult result = run(new ExtendedKeyUsageScenario());

        assertRefusedInTheHandshake(result, "extended-key-usage");
        assertTrue(evidence(result).contains("whose extended key usage is id-kp-secureShellServer "
                + "(1.3.6.1.5.5.7.3.22) only, an SSH host certificate, and presents it as its TLS server "
                + "certificate"), shown(result));
        assertTrue(evidence(result).contains("has an extendedKeyUsage of 1.3.6.1.5.5.7.3.22, without id-kp-serverAuth "
                + "(1.3.6.1.5.5.7.3.1)"), shown(result));
    }

    @Test
    void onPinnedKeysEachIsNotRunAndSaysWhyForTls() throws Exception {
        List<SecurityScenario> scenarios = new ArrayList<>(SecurityScenarios.certificateOnly());
        scenarios.addAll(SecurityScenarios.x509Only());
        try (Testbed testbed = new Testbed(dir, TrustModel.PINNED, TLS)) {
            for (SecurityScenario scenario : scenarios) {
                SecurityResult result = scenario.run(TLS, testbed);

                assertEquals(Verdict.NOT_RUN, result.verdict(), shown(result));
                assertTrue(result.finding().contains("this testbed's peers pin each other's keys (pinned)"),
                        shown(result));
                assertFalse(result.finding().contains("openssh-cert, x509"), shown(result));
                assertTrue(result.evidence().isEmpty(), shown(result));
            }
        }
    }
}
