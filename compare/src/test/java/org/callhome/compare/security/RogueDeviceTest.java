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

class RogueDeviceTest {

    @TempDir
    Path dir;

    @Test
    void reverseSshNmsRejectsTheUnknownHostKeyBeforeLoggingIn() throws Exception {
        SecurityResult result = ScenarioRuns.run(new RogueDevice(RogueDevice.Settings.STANDARD),
                CallHomeStrategy.REVERSE_SSH, dir);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("NMS refused it; no credential offered", result.summary(), shown(result));
        assertTrue(evidence(result).contains("kind unknown-device, reason \"unknown host key\""), shown(result));
        assertTrue(evidence(result).contains("ended before authenticating the NMS"), shown(result));
    }

    @Test
    void deviceSshClientNmsRejectsTheUnknownLogin() throws Exception {
        SecurityResult result = ScenarioRuns.run(new RogueDevice(RogueDevice.Settings.STANDARD),
                CallHomeStrategy.DEVICE_SSH_CLIENT, dir);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertTrue(evidence(result).contains("kind unknown-device, reason \"unknown login name 'rogue-1'\""),
                shown(result));
    }

    @Test
    void reverseSshFailsWhenTheNmsTrustsUnknownDevices() throws Exception {
        SecurityResult result = ScenarioRuns.run(new RogueDevice(new RogueDevice.Settings(true)),
                CallHomeStrategy.REVERSE_SSH, dir);

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertTrue(result.finding().contains("after logging in to it"), shown(result));
        assertEquals("NMS logged in to it and accepted it", result.summary(), shown(result));
    }

    @Test
    void deviceSshClientFailsWhenTheNmsHasAnAccountForTheRoguesKey() throws Exception {
        SecurityResult result = ScenarioRuns.run(new RogueDevice(new RogueDevice.Settings(true)),
                CallHomeStrategy.DEVICE_SSH_CLIENT, dir);

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertTrue(evidence(result).contains("NMS events: 'connected' for rogue-1"), shown(result));
        assertEquals("NMS accepted the untrusted device", result.summary(), shown(result));
    }

    @Test
    void tlsNmsRefusesTheDeviceInTheHandshakeBeforeSendingItsOwnCertificate() throws Exception {
        SecurityResult result = ScenarioRuns.run(new RogueDevice(RogueDevice.Settings.STANDARD), CallHomeStrategy.TLS,
                TrustModel.X509, dir);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("NMS refused it; no credential offered", result.summary(), shown(result));
        assertTrue(result.finding().startsWith("the NMS refused the certificate during the TLS handshake (rejected, "
                + "unexpected-identity: \"the certificate is for 'rogue-1'"), shown(result));
        assertTrue(result.finding().contains("the NMS refused before sending its own client certificate"),
                shown(result));
        // the NMS's alert, or, when its close wins the race with the scripted server's next write, a broken pipe
        assertTrue(evidence(result).matches("(?s).*recording what the NMS sends: handshake failed: ((\\(certificate_unknown\\) "
                + "Received fatal alert: certificate_unknown)|Broken pipe|Connection reset); the NMS sent no certificate and no "
                + "NETCONF byte.*"), shown(result));
    }

    @Test
    void tlsFailsWhenTheNmsExpectsTheRoguesIdentity() throws Exception {
        SecurityResult result = ScenarioRuns.run(new RogueDevice(new RogueDevice.Settings(true)), CallHomeStrategy.TLS,
                TrustModel.X509, dir);

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertEquals("NMS accepted the untrusted device", result.summary(), shown(result));
        assertTrue(evidence(result).contains("NMS events: 'connected' for rogue-1"), shown(result));
    }

    @Test
    void tlsNmsRefusesAnUnknownKeyWhateverItsCertificateSays() throws Exception {
        SecurityResult result = ScenarioRuns.run(new RogueDevice(RogueDevice.Settings.STANDARD), CallHomeStrategy.TLS,
                TrustModel.PINNED, dir);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertTrue(result.finding().startsWith("the NMS refused the unknown key during the TLS handshake (rejected, "
                + "unknown-device: \"unknown key SHA256:"), shown(result));
        assertTrue(evidence(result).contains("the NMS trusts dev-1 (by key, approved in its trust store)"),
                shown(result));
        assertTrue(evidence(result).contains("the NMS sent no certificate and no NETCONF byte"), shown(result));
    }

    @Test
    void tlsFailsWhenTheNmsHasTheRoguesKeyApproved() throws Exception {
        SecurityResult result = ScenarioRuns.run(new RogueDevice(new RogueDevice.Settings(true)), CallHomeStrategy.TLS,
                TrustModel.PINNED, dir);

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertTrue(evidence(result).contains("NMS events: 'connected' for rogue-1"), shown(result));
    }
}
