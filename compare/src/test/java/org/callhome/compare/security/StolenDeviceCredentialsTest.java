package org.callhome.compare.security;

import static org.callhome.compare.security.ScenarioRuns.evidence;
import static org.callhome.compare.security.ScenarioRuns.shown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.compare.model.TrustModel;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StolenDeviceCredentialsTest {

    private static final StolenDeviceCredentials.Settings STANDARD = StolenDeviceCredentials.Settings.STANDARD;
    private static final StolenDeviceCredentials.Settings STAND_IN = new StolenDeviceCredentials.Settings(true);

    @TempDir
    Path dir;

    @Test
    void reverseSshCopyImpersonatesTheDeviceButGetsNothingOnTheNms() throws Exception {
        SecurityResult result = ScenarioRuns.run(new StolenDeviceCredentials(STANDARD), CallHomeStrategy.REVERSE_SSH,
                dir);

        assertEquals(Verdict.DIFFERS, result.verdict(), shown(result));
        assertTrue(result.finding().startsWith("impersonates the device: yes; logs into the NMS: no"), shown(result));
        assertTrue(result.finding().contains("refused (4/4)"), shown(result));
        assertTrue(evidence(result).contains("opened subsystem 'netconf'"), shown(result));
        assertEquals("copy passes as the device; no login on the NMS", result.summary(), shown(result));
        assertTrue(evidence(result).contains("no host key presented, so no SSH server to log in to"), shown(result));
        assertTrue(evidence(result).contains("SSH_MSG_CHANNEL_OPEN_FAILURE, reason SSH_OPEN_UNKNOWN_CHANNEL_TYPE"),
                shown(result));
        assertFalse(evidence(result).contains("OpenFuture"), shown(result));
    }

    @Test
    void deviceSshClientCopyLogsIntoTheNmsButEverythingElseIsRefused() throws Exception {
        SecurityResult result = ScenarioRuns.run(new StolenDeviceCredentials(STANDARD),
                CallHomeStrategy.DEVICE_SSH_CLIENT, dir);

        assertEquals(Verdict.DIFFERS, result.verdict(), shown(result));
        assertEquals("impersonates the device: yes; logs into the NMS's SSH server as dev-1: yes; "
                + "shell/exec/forwarding/sftp: refused (4/4)", result.finding(), shown(result));
        assertTrue(evidence(result).contains("direct-tcpip to 127.0.0.1:"), shown(result));
        assertTrue(evidence(result).contains("SSH_MSG_CHANNEL_OPEN_FAILURE, reason SSH_OPEN_UNKNOWN_CHANNEL_TYPE"),
                shown(result));
        assertEquals("copy passes as the device; logs in to the NMS, nothing more", result.summary(), shown(result));
    }

    @Test
    void deviceSshClientFailsOnAServerWithOrdinaryDeviceAccounts() throws Exception {
        SecurityResult result = ScenarioRuns.run(new StolenDeviceCredentials(STAND_IN),
                CallHomeStrategy.DEVICE_SSH_CLIENT, dir);

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertTrue(result.finding().contains("ALLOWED 3/4"), shown(result));
        assertEquals("copy passes as the device; logs in to a stand-in server, 3 of 4 requests allowed",
                result.summary(), shown(result));
        assertTrue(evidence(result).contains("HTTP/1.0 200"), shown(result));
    }

    @Test
    void reverseSshFailsOnceTheDeviceHasAnOrdinaryAccountSomewhere() throws Exception {
        SecurityResult result = ScenarioRuns.run(new StolenDeviceCredentials(STAND_IN),
                CallHomeStrategy.REVERSE_SSH, dir);

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertTrue(evidence(result).contains("stand-in ran 'id' as dev-1"), shown(result));
    }

    @Test
    void tlsCopyPassesAsTheDeviceButHasNoLoginAndCannotTakeAnotherDevicesId() throws Exception {
        SecurityResult result = ScenarioRuns.run(new StolenDeviceCredentials(STANDARD), CallHomeStrategy.TLS,
                TrustModel.X509, dir);

        assertEquals(Verdict.DIFFERS, result.verdict(), shown(result));
        assertEquals("copy passes as the device; no login on the NMS; no other device's id", result.summary(),
                shown(result));
        assertTrue(result.finding().startsWith("impersonates the device: yes; logs into the NMS: no (the NMS's only "
                + "device-facing port is the call-home listener, where the NMS is the TLS client"), shown(result));
        assertTrue(result.finding().contains("passes as dev-2: no (self-signed by the stolen key: refused; issued "
                + "from the stolen certificate: refused)"), shown(result));
        assertTrue(evidence(result).contains("the NMS sent its client certificate 'CN=nms'"), shown(result));
        assertTrue(evidence(result).contains("kind certificate, refusal unknown-ca, reason \"CA certificate "
                + "'serialNumber=dev-1,CN=dev-1' serial 1 (0x1) of its chain does not lead to trusted CA"),
                shown(result));
        assertFalse(result.finding().contains("SSH"), shown(result));
    }

    @Test
    void tlsFailsOnceTheDevicesKeyHasAnOrdinaryAccountSomewhere() throws Exception {
        SecurityResult result = ScenarioRuns.run(new StolenDeviceCredentials(STAND_IN), CallHomeStrategy.TLS,
                TrustModel.X509, dir);

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertTrue(evidence(result).contains("stand-in ran 'id' as dev-1"), shown(result));
    }

    @Test
    void tlsCopyUnderPinnedKeysIsItsDeviceWhateverNameItsCertificateGives() throws Exception {
        SecurityResult result = ScenarioRuns.run(new StolenDeviceCredentials(STANDARD), CallHomeStrategy.TLS,
                TrustModel.PINNED, dir);

        assertEquals(Verdict.DIFFERS, result.verdict(), shown(result));
        assertEquals("copy passes as the device; no login on the NMS; no other device's id", result.summary(),
                shown(result));
        assertTrue(result.finding().contains("passes as dev-2: no (self-signed by the stolen key: taken for dev-1, "
                + "not dev-2; issued from the stolen certificate: refused)"), shown(result));
        assertTrue(evidence(result).contains("kind unknown-device, reason \"unknown key"), shown(result));
    }
}
