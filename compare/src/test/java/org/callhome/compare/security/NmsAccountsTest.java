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

class NmsAccountsTest {

    @TempDir
    Path dir;

    @Test
    void reverseSshGivesNoDeviceALoginOnTheNms() throws Exception {
        SecurityResult result = ScenarioRuns.run(new NmsAccounts(NmsAccounts.Settings.STANDARD),
                CallHomeStrategy.REVERSE_SSH, dir);

        assertEquals(Verdict.DIFFERS, result.verdict(), shown(result));
        assertTrue(result.finding().startsWith("for 3 devices (3 trusted): 0 login accounts on the NMS"),
                shown(result));
        assertTrue(result.finding().contains("4 keys (3 device public keys, 0 device CA keys, 1 NMS private key)"), shown(result));
        assertEquals("no device has a login on the NMS", result.summary(), shown(result));
    }

    @Test
    void deviceSshClientGivesEveryTrustedDeviceALoginOnTheNms() throws Exception {
        SecurityResult result = ScenarioRuns.run(new NmsAccounts(NmsAccounts.Settings.STANDARD),
                CallHomeStrategy.DEVICE_SSH_CLIENT, dir);

        assertEquals(Verdict.DIFFERS, result.verdict(), shown(result));
        assertTrue(result.finding().startsWith("for 3 devices (3 trusted): 3 login accounts on the NMS"),
                shown(result));
        assertEquals("NMS gives each device a login", result.summary(), shown(result));
    }

    @Test
    void theCountFollowsWhatTheNmsHolds() throws Exception {
        SecurityResult result = ScenarioRuns.run(new NmsAccounts(new NmsAccounts.Settings(3, 1)),
                CallHomeStrategy.DEVICE_SSH_CLIENT, dir);

        assertTrue(result.finding().startsWith("for 3 devices (2 trusted): 2 login accounts on the NMS"),
                shown(result));
        assertTrue(result.finding().contains("3 keys (2 device public keys, 0 device CA keys, 1 NMS private key)"), shown(result));
    }
    @Test
    void tlsUnderX509HoldsNoDeviceKeyAndGivesNoLogin() throws Exception {
        SecurityResult result = ScenarioRuns.run(new NmsAccounts(NmsAccounts.Settings.STANDARD),
                CallHomeStrategy.TLS, TrustModel.X509, dir);

        assertEquals(Verdict.DIFFERS, result.verdict(), shown(result));
        assertTrue(result.finding().startsWith("for 3 devices (3 trusted): 0 login accounts on the NMS"),
                shown(result));
        assertTrue(result.finding().contains("2 keys (0 device public keys, 1 device CA keys, 1 NMS private key)"),
                shown(result));
        assertTrue(result.finding().endsWith("runs no SSH server and no TLS server, it is the TLS client of every "
                + "connection (RFC 8071), and a device is held as an id its CA certifies, not as an account"),
                shown(result));
        assertTrue(evidence(result).contains("3 expected device ids"), shown(result));
        assertTrue(evidence(result).contains("no host key presented, so no SSH server to log in to"), shown(result));
        assertTrue(evidence(result).contains("the NMS sent a TLS ClientHello first"), shown(result));
        assertTrue(evidence(result).contains("TLS client handshake as dev-3 with its key and certificate: refused"),
                shown(result));
        assertEquals("no device has a login on the NMS", result.summary(), shown(result));
    }
    @Test
    void tlsUnderPinnedKeysHoldsTheApprovedKeysAndGivesNoLogin() throws Exception {
        SecurityResult result = ScenarioRuns.run(new NmsAccounts(new NmsAccounts.Settings(3, 1)),
                CallHomeStrategy.TLS, TrustModel.PINNED, dir);

        assertEquals(Verdict.DIFFERS, result.verdict(), shown(result));
        assertTrue(result.finding().startsWith("for 3 devices (2 trusted): 0 login accounts on the NMS"),
                shown(result));
        assertTrue(result.finding().contains("3 keys (2 device public keys, 0 device CA keys, 1 NMS private key)"),
                shown(result));
        assertTrue(result.finding().endsWith("a device is held as a pinned key, not as an account"), shown(result));
        assertTrue(evidence(result).contains("TLS client handshake as dev-1 with its key and certificate: refused"),
                shown(result));
        assertEquals("no device has a login on the NMS", result.summary(), shown(result));
    }
}
