package org.callhome.compare.security;

import static org.callhome.compare.security.ScenarioRuns.evidence;
import static org.callhome.compare.security.ScenarioRuns.shown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.compare.model.TrustModel;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenarios only certificates have, each for both strategies under openssh-cert, and on pinned keys. */
class CertificateScenariosTest {

    private static final CallHomeStrategy REVERSE = CallHomeStrategy.REVERSE_SSH;
    private static final CallHomeStrategy DEVICE_SSH = CallHomeStrategy.DEVICE_SSH_CLIENT;

    @TempDir
    Path dir;

    private SecurityResult run(SecurityScenario scenario, CallHomeStrategy strategy) throws Exception {
        return ScenarioRuns.run(scenario, strategy, TrustModel.OPENSSH_CERT, dir);
    }

    @Test
    void reverseSshNmsRefusesAnotherCasCertificateBeforeLoggingIn() throws Exception {
        SecurityResult result = run(new OtherCa(OtherCa.Settings.STANDARD), REVERSE);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("NMS refused it (unknown-ca) before logging in", result.summary(), shown(result));
        assertTrue(evidence(result).contains("'rejected' for an unknown device, kind certificate, refusal unknown-ca"),
                shown(result));
        assertTrue(evidence(result).contains("no NMS login completed"), shown(result));
        assertFalse(evidence(result).contains("auth-failed"), shown(result));
        assertTrue(result.finding().contains("dev-1's device software presented it"), shown(result));
    }

    @Test
    void deviceSshClientNmsRefusesAnotherCasCertificateAtLogin() throws Exception {
        SecurityResult result = run(new OtherCa(OtherCa.Settings.STANDARD), DEVICE_SSH);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("NMS refused its login (unknown-ca)", result.summary(), shown(result));
        assertTrue(evidence(result).contains("kind certificate, refusal unknown-ca"), shown(result));
        assertTrue(evidence(result).contains("refused login 'dev-1' with user certificate 'dev-1'"), shown(result));
    }

    @Test
    void otherCaFailsWhenTheNmsTrustsThatCaToo() throws Exception {
        OtherCa trusting = new OtherCa(new OtherCa.Settings(true));

        SecurityResult reverse = run(trusting, REVERSE);
        assertEquals(Verdict.FAILS, reverse.verdict(), shown(reverse));
        assertEquals("NMS logged in to it and accepted it", reverse.summary(), shown(reverse));
        assertTrue(evidence(reverse).contains("'connected' for dev-1"), shown(reverse));

        SecurityResult deviceSsh = run(trusting, DEVICE_SSH);
        assertEquals(Verdict.FAILS, deviceSsh.verdict(), shown(deviceSsh));
        assertEquals("NMS accepted it", deviceSsh.summary(), shown(deviceSsh));
    }

    @Test
    void reverseSshNmsRefusesAnExpiredHostCertificateTheDevicePresents() throws Exception {
        SecurityResult result = run(new ExpiredCertificate(), REVERSE);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("NMS refused it (expired) before logging in", result.summary(), shown(result));
        assertTrue(evidence(result).contains("kind certificate, refusal expired, reason \"host certificate 'dev-1' "
                + "serial 1 expired at"), shown(result));
        assertTrue(result.finding().contains("dev-1's device software presented it"), shown(result));
    }

    @Test
    void deviceSshClientNeverOffersAnExpiredCertificateAndTheNmsRefusesItFromAStandIn() throws Exception {
        SecurityResult result = run(new ExpiredCertificate(), DEVICE_SSH);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("device never offers it; NMS refused its login (expired)", result.summary(), shown(result));
        assertTrue(evidence(result).contains("is not valid now (expired or not yet valid); no credential sent"),
                shown(result));
        assertTrue(evidence(result).contains("a stand-in SSH client with dev-1's key logged in to the NMS with it: "
                + "login as 'dev-1': refused"), shown(result));
        assertTrue(evidence(result).contains("kind certificate, refusal expired"), shown(result));
    }

    @Test
    void reverseSshRevokingOneSerialDropsThatDeviceAndKeepsTheOther() throws Exception {
        SecurityResult result = run(new RevokedSerial(RevokedSerial.Settings.STANDARD), REVERSE);

        assertRevocationHolds(result);
    }

    @Test
    void deviceSshClientRevokingOneSerialDropsThatDeviceAndKeepsTheOther() throws Exception {
        SecurityResult result = run(new RevokedSerial(RevokedSerial.Settings.STANDARD), DEVICE_SSH);

        assertRevocationHolds(result);
    }

    private static void assertRevocationHolds(SecurityResult result) {
        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("dev-1 dropped and refused (revoked); dev-2 kept working", result.summary(), shown(result));
        assertTrue(evidence(result).contains("'rejected' for dev-1, kind certificate, refusal revoked, reason "
                + "\"revoked while connected"), shown(result));
        assertTrue(evidence(result).contains("'disconnected' for dev-1"), shown(result));
        assertFalse(evidence(result).contains("'disconnected' for dev-2"), shown(result));
        assertTrue(evidence(result).contains("get-config on dev-2's session: data"), shown(result));
        assertTrue(evidence(result).contains("lastRefusal revoked"), shown(result));
    }

    @Test
    void revokedSerialFailsWhenNothingIsRevoked() throws Exception {
        SecurityResult result = run(new RevokedSerial(new RevokedSerial.Settings(false)), DEVICE_SSH);

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertEquals("dev-1 kept its session", result.summary(), shown(result));
        assertTrue(evidence(result).contains("get-config on dev-2's session: data"), shown(result));
    }

    @Test
    void reverseSshNmsRefusesAUserCertificateAsHostCertificate() throws Exception {
        SecurityResult result = run(new WrongCertificateType(), REVERSE);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("device software won't start with it; NMS refused it (wrong-certificate-type) before logging "
                + "in", result.summary(), shown(result));
        assertTrue(evidence(result).contains("dev-1's device software refuses to start with it: dev-1's user "
                + "certificate:"), shown(result));
        assertTrue(evidence(result).contains("a stand-in SSH server with dev-1's host key called the NMS presenting "
                + "it as its host certificate: the NMS closed the connection before logging in"), shown(result));
        assertTrue(evidence(result).contains("kind certificate, refusal wrong-certificate-type"), shown(result));
    }

    @Test
    void deviceSshClientNmsRefusesAHostCertificateToLogIn() throws Exception {
        SecurityResult result = run(new WrongCertificateType(), DEVICE_SSH);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("device software won't start with it; NMS refused its login (wrong-certificate-type)",
                result.summary(), shown(result));
        assertTrue(evidence(result).contains("dev-1's device software refuses to start with it: dev-1's host "
                + "certificate:"), shown(result));
        assertTrue(evidence(result).contains("kind certificate, refusal wrong-certificate-type"), shown(result));
    }

    @Test
    void deviceSshClientNmsRefusesALoginNameThatIsNotThePrincipal() throws Exception {
        SecurityResult result = run(new CertificatePrincipal(), DEVICE_SSH);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("NMS refused its login (principal-mismatch)", result.summary(), shown(result));
        assertTrue(evidence(result).contains("kind certificate, refusal principal-mismatch"), shown(result));
        assertFalse(evidence(result).contains("'connected'"), shown(result));
    }

    @Test
    void reverseSshNmsTakesTheCertificatesPrincipalAsTheIdentity() throws Exception {
        SecurityResult result = run(new CertificatePrincipal(), REVERSE);

        assertEquals(Verdict.DIFFERS, result.verdict(), shown(result));
        assertEquals("identity is the certificate's principal (dev-2)", result.summary(), shown(result));
        assertTrue(evidence(result).contains("'connected' for dev-2"), shown(result));
        assertTrue(evidence(result).contains("identity openssh-cert principal 'dev-2'"), shown(result));
        assertTrue(evidence(result).contains("dev-1: not known to the NMS"), shown(result));
    }

    @Test
    void onPinnedKeysEachIsNotRunAndSaysWhy() throws Exception {
        try (Testbed testbed = new Testbed(dir, TrustModel.PINNED)) {
            for (SecurityScenario scenario : SecurityScenarios.certificateOnly()) {
                SecurityResult result = scenario.run(REVERSE, testbed);

                assertEquals(Verdict.NOT_RUN, result.verdict(), shown(result));
                assertEquals("needs a trust model of certificates", result.summary(), shown(result));
                assertTrue(result.finding().startsWith("needs a trust model of certificates (openssh-cert, x509)"),
                        shown(result));
            }
        }
    }
}
