package org.callhome.compare.security;

import static org.callhome.compare.security.ScenarioRuns.evidence;
import static org.callhome.compare.security.ScenarioRuns.shown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
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
    }

    @Test
    void deviceSshClientCopyLogsIntoTheNmsButEverythingElseIsRefused() throws Exception {
        SecurityResult result = ScenarioRuns.run(new StolenDeviceCredentials(STANDARD),
                CallHomeStrategy.DEVICE_SSH_CLIENT, dir);

        assertEquals(Verdict.DIFFERS, result.verdict(), shown(result));
        assertEquals("impersonates the device: yes; logs into the NMS's SSH server as dev-1: yes; "
                + "shell/exec/forwarding/sftp: refused (4/4)", result.finding(), shown(result));
        assertTrue(evidence(result).contains("Unsupported channel type: direct-tcpip"), shown(result));
    }

    @Test
    void deviceSshClientFailsOnAServerWithOrdinaryDeviceAccounts() throws Exception {
        SecurityResult result = ScenarioRuns.run(new StolenDeviceCredentials(STAND_IN),
                CallHomeStrategy.DEVICE_SSH_CLIENT, dir);

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertTrue(result.finding().contains("ALLOWED 3/4"), shown(result));
        assertTrue(evidence(result).contains("HTTP/1.0 200"), shown(result));
    }

    @Test
    void reverseSshFailsOnceTheDeviceHasAnOrdinaryAccountSomewhere() throws Exception {
        SecurityResult result = ScenarioRuns.run(new StolenDeviceCredentials(STAND_IN),
                CallHomeStrategy.REVERSE_SSH, dir);

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertTrue(evidence(result).contains("stand-in ran 'id' as dev-1"), shown(result));
    }
}
