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

class NetconfUsernameTest {

    @TempDir
    Path dir;

    @Test
    void reverseSshUsesTheNameTheNmsAuthenticatedAs() throws Exception {
        SecurityResult result = ScenarioRuns.run(new NetconfUsername(NetconfUsername.Settings.STANDARD),
                CallHomeStrategy.REVERSE_SSH, dir);

        assertEquals(Verdict.DIFFERS, result.verdict(), shown(result));
        assertTrue(result.finding().startsWith("NETCONF username on the device 'nms' (ssh-userauth), on the NMS 'nms' "
                + "(ssh-userauth): the same name"), shown(result));
        assertTrue(result.finding().contains("admin edit-config ok, read-only rpc-error access-denied"),
                shown(result));
        assertTrue(result.finding().endsWith("the device cannot choose the name"), shown(result));
        assertTrue(evidence(result).contains("did not accept the NMS's key"), shown(result));
        assertEquals("NETCONF username is the NMS's SSH login", result.summary(), shown(result));
    }

    @Test
    void deviceSshClientRunsTheSessionAsAnAccountTheDeviceChose() throws Exception {
        SecurityResult result = ScenarioRuns.run(new NetconfUsername(NetconfUsername.Settings.STANDARD),
                CallHomeStrategy.DEVICE_SSH_CLIENT, dir);

        assertEquals(Verdict.DIFFERS, result.verdict(), shown(result));
        assertTrue(result.finding().startsWith("NETCONF username on the device 'netconf' (bind-account), on the NMS "
                + "'nms' (bind-account): different names"), shown(result));
        assertTrue(result.finding().contains("admin edit-config ok, read-only rpc-error access-denied"),
                shown(result));
        assertTrue(result.finding().endsWith("the session ran as 'admin' while the NMS showed 'nms': the device "
                + "chooses the name"), shown(result));
        assertEquals("device chooses its NETCONF username", result.summary(), shown(result));
    }

    @Test
    void theDevicesChosenNameIsTheOneItUses() throws Exception {
        SecurityResult result = ScenarioRuns.run(new NetconfUsername(new NetconfUsername.Settings("root", "admin")),
                CallHomeStrategy.DEVICE_SSH_CLIENT, dir);

        assertTrue(result.finding().endsWith("the session ran as 'root' while the NMS showed 'nms': the device "
                + "chooses the name"), shown(result));
    }
    @Test
    void tlsUsesTheNameTheNmsCertificateGivesUnderX509() throws Exception {
        SecurityResult result = ScenarioRuns.run(new NetconfUsername(NetconfUsername.Settings.STANDARD),
                CallHomeStrategy.TLS, TrustModel.X509, dir);

        assertEquals(Verdict.DIFFERS, result.verdict(), shown(result));
        assertTrue(result.finding().startsWith("NETCONF username on the device 'nms' (cert-to-name), on the NMS 'nms' "
                + "(cert-to-name): the same name, the one the NMS's client certificate names"), shown(result));
        assertTrue(result.finding().contains("admin edit-config ok, read-only rpc-error access-denied"),
                shown(result));
        assertTrue(result.finding().contains("account renamed by the device to 'admin': no session"), shown(result));
        assertTrue(result.finding().contains("the device cannot choose the name"), shown(result));
        assertTrue(result.finding().endsWith("the NMS cannot choose an account the device does not have for it"),
                shown(result));
        assertTrue(result.finding().contains("unexpected-identity"), shown(result));
        assertTrue(evidence(result).contains("NMS client certificate naming 'admin', device account 'nms' (admin): "
                + "no session"), shown(result));
        assertTrue(evidence(result).contains("security.netconfAccount 'nms' (cert-to-name, reported by device-hello)"),
                shown(result));
        assertFalse(evidence(result).contains("SSH"), shown(result));
        assertEquals("NETCONF username is the name in the NMS's certificate", result.summary(), shown(result));
    }
    @Test
    void tlsUsesTheNameOfTheNmsCertificateTheDevicePinsUnderPinnedKeys() throws Exception {
        SecurityResult result = ScenarioRuns.run(new NetconfUsername(NetconfUsername.Settings.STANDARD),
                CallHomeStrategy.TLS, TrustModel.PINNED, dir);

        assertEquals(Verdict.DIFFERS, result.verdict(), shown(result));
        assertTrue(result.finding().startsWith("NETCONF username on the device 'nms' (cert-to-name), on the NMS 'nms' "
                + "(cert-to-name): the same name"), shown(result));
        assertTrue(result.finding().contains("admin edit-config ok, read-only rpc-error access-denied"),
                shown(result));
        assertTrue(result.finding().contains("the device cannot choose the name"), shown(result));
        assertTrue(result.finding().endsWith("the NMS cannot choose an account the device does not have for it"),
                shown(result));
        assertEquals("NETCONF username is the name in the NMS's certificate", result.summary(), shown(result));
    }
}
