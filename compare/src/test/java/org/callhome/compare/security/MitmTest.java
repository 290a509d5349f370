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

class MitmTest {

    @TempDir
    Path dir;

    @Test
    void reverseSshRefusesBothLegs() throws Exception {
        SecurityResult result = ScenarioRuns.run(new Mitm(Mitm.Settings.STANDARD), CallHomeStrategy.REVERSE_SSH, dir);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertTrue(evidence(result).contains("'auth-failed' for dev-1"), shown(result));
        assertTrue(evidence(result).contains("kind unknown-device, reason \"unknown host key\""), shown(result));
        assertTrue(result.finding().contains("none was built"), shown(result));
        assertEquals("both legs refused; nothing to relay", result.summary(), shown(result));
    }

    @Test
    void deviceSshClientRefusesBothLegs() throws Exception {
        SecurityResult result = ScenarioRuns.run(new Mitm(Mitm.Settings.STANDARD), CallHomeStrategy.DEVICE_SSH_CLIENT,
                dir);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertTrue(evidence(result).contains("which is not pinned"), shown(result));
        assertTrue(evidence(result).contains("'rejected' for dev-1, kind wrong-key"), shown(result));
    }

    @Test
    void failsWhenTheNmsTakesTheAttackersKeyForTheDevice() throws Exception {
        SecurityResult result = ScenarioRuns.run(new Mitm(new Mitm.Settings(false, true)),
                CallHomeStrategy.DEVICE_SSH_CLIENT, dir);

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertTrue(result.finding().contains("NMS-facing leg: the NMS accepted the attacker as dev-1"), shown(result));
        assertEquals("NMS accepted the attacker as the device", result.summary(), shown(result));
    }

    @Test
    void failsWhenTheDeviceTrustsTheAttacker() throws Exception {
        SecurityResult result = ScenarioRuns.run(new Mitm(new Mitm.Settings(true, false)),
                CallHomeStrategy.REVERSE_SSH, dir);

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertTrue(result.finding().startsWith("device-facing leg: the attacker got a NETCONF session"),
                shown(result));
        assertEquals("attacker got a session with the device", result.summary(), shown(result));
    }

    @Test
    void tlsRefusesBothLegsInTheirHandshakes() throws Exception {
        SecurityResult result = ScenarioRuns.run(new Mitm(Mitm.Settings.STANDARD), CallHomeStrategy.TLS,
                TrustModel.X509, dir);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("both legs refused; nothing to relay", result.summary(), shown(result));
        assertTrue(result.finding().contains("the device refused the attacker's client certificate during the TLS "
                + "handshake (unknown-ca"), shown(result));
        assertTrue(result.finding().contains("the NMS refused the attacker's certificate naming dev-1 during the TLS "
                + "handshake (unknown-ca: not issued by its device CA)"), shown(result));
        assertTrue(evidence(result).contains("'rejected' for an unknown device, kind certificate, refusal unknown-ca"),
                shown(result));
    }

    @Test
    void tlsFailsWhenTheNmsHasTheAttackersKeyApprovedAsTheDevice() throws Exception {
        SecurityResult result = ScenarioRuns.run(new Mitm(new Mitm.Settings(false, true)), CallHomeStrategy.TLS,
                TrustModel.PINNED, dir);

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertTrue(result.finding().contains("NMS-facing leg: the NMS accepted the attacker as dev-1"), shown(result));
        assertEquals("NMS accepted the attacker as the device", result.summary(), shown(result));
    }

    @Test
    void tlsRefusesBothLegsUnderPinnedKeys() throws Exception {
        SecurityResult result = ScenarioRuns.run(new Mitm(Mitm.Settings.STANDARD), CallHomeStrategy.TLS,
                TrustModel.PINNED, dir);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("both legs refused; nothing to relay", result.summary(), shown(result));
        assertTrue(result.finding().contains("the NMS refused the attacker's certificate naming dev-1 during the TLS "
                + "handshake (unknown-device: it knows dev-1 by its key, not by the name a certificate gives)"),
                shown(result));
        assertTrue(evidence(result).contains("kind unknown-device, reason \"unknown key"), shown(result));
    }

    @Test
    void tlsFailsWhenTheDevicePinsTheAttackersCertificate() throws Exception {
        SecurityResult result = ScenarioRuns.run(new Mitm(new Mitm.Settings(true, false)), CallHomeStrategy.TLS,
                TrustModel.PINNED, dir);

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertEquals("attacker got a session with the device", result.summary(), shown(result));
    }
}
