package org.callhome.compare.security;

import static org.callhome.compare.security.ScenarioRuns.evidence;
import static org.callhome.compare.security.ScenarioRuns.shown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.compare.model.TrustModel;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standard scenarios whose protection certificates change, under openssh-cert for both strategies. */
class StandardScenariosUnderCertificatesTest {

    private static final CallHomeStrategy REVERSE = CallHomeStrategy.REVERSE_SSH;
    private static final CallHomeStrategy DEVICE_SSH = CallHomeStrategy.DEVICE_SSH_CLIENT;

    @TempDir
    Path dir;

    private SecurityResult run(SecurityScenario scenario, CallHomeStrategy strategy) throws Exception {
        return ScenarioRuns.run(scenario, strategy, TrustModel.OPENSSH_CERT, dir);
    }

    @Test
    void reverseSshDeviceRefusesARogueNmsWithoutACertificateOfItsCa() throws Exception {
        SecurityResult result = run(new RogueNms(RogueNms.Settings.STANDARD), REVERSE);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("device refused the rogue; no credential or data sent", result.summary(), shown(result));
        assertTrue(evidence(result).contains("'auth-failed'"), shown(result));
    }

    @Test
    void deviceSshClientDeviceRefusesARogueNmsHostKeyNotCertifiedByItsCa() throws Exception {
        SecurityResult result = run(new RogueNms(RogueNms.Settings.STANDARD), DEVICE_SSH);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("device refused the rogue; no credential or data sent", result.summary(), shown(result));
        assertTrue(result.finding().contains("not certified by the NMS CA it trusts"), shown(result));
    }

    @Test
    void reverseSshNmsRefusesADeviceOfItsCaThatItDoesNotExpect() throws Exception {
        SecurityResult result = run(new RogueDevice(RogueDevice.Settings.STANDARD), REVERSE);

        assertRogueDeviceRefusedAsUnexpected(result);
        assertTrue(result.finding().contains("during key exchange"), shown(result));
    }

    @Test
    void deviceSshClientNmsRefusesALoginOfItsCaThatItDoesNotExpect() throws Exception {
        SecurityResult result = run(new RogueDevice(RogueDevice.Settings.STANDARD), DEVICE_SSH);

        assertRogueDeviceRefusedAsUnexpected(result);
        assertTrue(result.finding().contains("at login"), shown(result));
    }

    private static void assertRogueDeviceRefusedAsUnexpected(SecurityResult result) {
        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("NMS refused it; no credential offered", result.summary(), shown(result));
        assertTrue(result.finding().contains("(rejected, unexpected-identity: \"the certificate is for 'rogue-1'"),
                shown(result));
        assertTrue(evidence(result).contains("kind certificate, refusal unexpected-identity"), shown(result));
    }

    @Test
    void reverseSshLeavesAManInTheMiddleNothingToRelay() throws Exception {
        SecurityResult result = run(new Mitm(Mitm.Settings.STANDARD), REVERSE);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("both legs refused; nothing to relay", result.summary(), shown(result));
        assertTrue(evidence(result).contains("kind unknown-device"), shown(result));
    }

    @Test
    void deviceSshClientLeavesAManInTheMiddleNothingToRelay() throws Exception {
        SecurityResult result = run(new Mitm(Mitm.Settings.STANDARD), DEVICE_SSH);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("both legs refused; nothing to relay", result.summary(), shown(result));
        assertTrue(evidence(result).contains("kind unknown-device"), shown(result));
    }

    @Test
    void reverseSshCopyPresentsTheStolenHostCertificateButGetsNothingOnTheNms() throws Exception {
        SecurityResult result = run(new StolenDeviceCredentials(StolenDeviceCredentials.Settings.STANDARD), REVERSE);

        assertEquals(Verdict.DIFFERS, result.verdict(), shown(result));
        assertEquals("copy passes as the device; no login on the NMS", result.summary(), shown(result));
        assertTrue(evidence(result).contains("opened subsystem 'netconf'"), shown(result));
    }

    @Test
    void reverseSshGivesNoCertifiedDeviceALoginOnTheNms() throws Exception {
        SecurityResult result = run(new NmsAccounts(NmsAccounts.Settings.STANDARD), REVERSE);

        assertEquals(Verdict.DIFFERS, result.verdict(), shown(result));
        assertEquals("no device has a login on the NMS", result.summary(), shown(result));
        assertTrue(result.finding().contains("1 device CA keys"), shown(result));
    }

    @Test
    void deviceSshClientGivesEveryCertifiedDeviceALoginThroughOneCaKey() throws Exception {
        SecurityResult result = run(new NmsAccounts(NmsAccounts.Settings.STANDARD), DEVICE_SSH);

        assertEquals(Verdict.DIFFERS, result.verdict(), shown(result));
        assertEquals("NMS gives each device a login", result.summary(), shown(result));
        assertTrue(result.finding().contains("1 device CA keys"), shown(result));
        assertTrue(result.finding().contains("through one CA key rather than an account per device"), shown(result));
    }
}
