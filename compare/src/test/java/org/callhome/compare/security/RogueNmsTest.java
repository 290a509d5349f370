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

class RogueNmsTest {

    @TempDir
    Path dir;

    @Test
    void reverseSshDeviceRefusesTheRoguesLoginAndGivesItNoSession() throws Exception {
        SecurityResult result = ScenarioRuns.run(new RogueNms(RogueNms.Settings.STANDARD),
                CallHomeStrategy.REVERSE_SSH, dir);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("device refused the rogue; no credential or data sent", result.summary(), shown(result));
        assertTrue(evidence(result).contains("ended before authenticating the NMS"), shown(result));
        assertTrue(evidence(result).contains("rogue NMS events: 'auth-failed' for dev-1"), shown(result));
        assertTrue(evidence(result).contains("the device did not accept the NMS's key"), shown(result));
        assertFalse(evidence(result).contains(AttackerNmsLeg.SECRET), shown(result));
    }

    @Test
    void deviceSshClientDeviceClosesOnTheRoguesHostKeyBeforeLoggingIn() throws Exception {
        SecurityResult result = ScenarioRuns.run(new RogueNms(RogueNms.Settings.STANDARD),
                CallHomeStrategy.DEVICE_SSH_CLIENT, dir);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("device refused the rogue; no credential or data sent", result.summary(), shown(result));
        assertTrue(evidence(result).contains("which is not pinned for 127.0.0.1:"), shown(result));
        assertTrue(evidence(result).contains("in dev-1's pinned NMS host key file"), shown(result));
        assertTrue(evidence(result).contains("rogue NMS events: none"), shown(result));
        assertFalse(evidence(result).contains(AttackerNmsLeg.SECRET), shown(result));
    }

    @Test
    void reverseSshFailsWhenTheDeviceAuthorizesTheRoguesKey() throws Exception {
        SecurityResult result = ScenarioRuns.run(new RogueNms(new RogueNms.Settings(true)),
                CallHomeStrategy.REVERSE_SSH, dir);

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertEquals("rogue read the device's configuration", result.summary(), shown(result));
        assertTrue(evidence(result).contains(AttackerNmsLeg.SECRET), shown(result));
    }

    @Test
    void deviceSshClientFailsWhenTheDevicePinsTheRoguesHostKey() throws Exception {
        SecurityResult result = ScenarioRuns.run(new RogueNms(new RogueNms.Settings(true)),
                CallHomeStrategy.DEVICE_SSH_CLIENT, dir);

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertTrue(evidence(result).contains(AttackerNmsLeg.SECRET), shown(result));
    }

    @Test
    void tlsDeviceRefusesTheRoguesClientCertificateInTheHandshakeAndSendsNoNetconf() throws Exception {
        SecurityResult result = ScenarioRuns.run(new RogueNms(RogueNms.Settings.STANDARD), CallHomeStrategy.TLS,
                TrustModel.X509, dir);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("device refused the rogue; no credential or data sent", result.summary(), shown(result));
        assertTrue(result.finding().startsWith("the device refused the rogue's client certificate during the TLS "
                + "handshake (unknown-ca: not issued by the NMS CA its account file names)"), shown(result));
        assertTrue(evidence(result).contains("refused during the TLS handshake: tls-client certificate 'CN=nms'"),
                shown(result));
        assertTrue(evidence(result).contains("no NETCONF hello (its own event says so)"), shown(result));
        assertFalse(evidence(result).contains(AttackerNmsLeg.SECRET), shown(result));
        assertFalse(result.finding().contains("SSH"), shown(result));
    }

    @Test
    void tlsDeviceRefusesACertificateOtherThanThePinnedOne() throws Exception {
        SecurityResult result = ScenarioRuns.run(new RogueNms(RogueNms.Settings.STANDARD), CallHomeStrategy.TLS,
                TrustModel.PINNED, dir);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("device refused the rogue; no credential or data sent", result.summary(), shown(result));
        assertTrue(result.finding().startsWith("the device refused the rogue's client certificate during the TLS "
                + "handshake (unknown-ca: not the NMS certificate its account file names)"), shown(result));
        assertTrue(evidence(result).contains("trusts the NMS client certificate pinned in the file of account 'nms'"),
                shown(result));
        assertFalse(evidence(result).contains(AttackerNmsLeg.SECRET), shown(result));
    }

    @Test
    void tlsFailsWhenTheDevicePinsTheRoguesCertificateToo() throws Exception {
        SecurityResult result = ScenarioRuns.run(new RogueNms(new RogueNms.Settings(true)), CallHomeStrategy.TLS,
                TrustModel.PINNED, dir);

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertEquals("rogue read the device's configuration", result.summary(), shown(result));
        assertTrue(evidence(result).contains(AttackerNmsLeg.SECRET), shown(result));
    }

    @Test
    void tlsFailsWhenTheDevicesCaFileAlsoPinsTheRoguesCertificate() throws Exception {
        SecurityResult result = ScenarioRuns.run(new RogueNms(new RogueNms.Settings(true)), CallHomeStrategy.TLS,
                TrustModel.X509, dir);

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertTrue(evidence(result).contains(AttackerNmsLeg.SECRET), shown(result));
    }
}
