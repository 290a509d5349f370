package org.callhome.system;

import static org.callhome.system.CallHomeLab.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.callhome.device.DeviceAgent;
import org.callhome.device.callhome.DialerListener;
import org.callhome.nms.NmsServer;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.SshKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our NMS against a device in {@code --ssh-server openssh} mode: the device dials, stock
 * {@code sshd -i} is the SSH server, and each NETCONF session is a {@code device-client stdio}
 * process that sshd starts as the account's forced command. The account is the Unix user running
 * the tests (root on CI), because sshd only logs in real users; the NMS logs in under that name.
 */
class OpenSshModeTest {

    private static final String NS = "urn:ietf:params:xml:ns:netconf:base:1.0";
    private static final String GET_CONFIG = "<get-config xmlns=\"" + NS + "\"><source><running/></source></get-config>";
    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path dir;

    private CallHomeLab lab;
    private NmsServer nms;
    private DeviceAgent device;

    @BeforeEach
    void setUp() {
        StockPrograms.require(StockPrograms.SSHD, "openssh-server");
        lab = new CallHomeLab(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        List<ProcessHandle> serving = StockPrograms.sshdAndItsSessions();
        if (device != null) {
            device.close();
        }
        // a session process may still write into the device's data folder: the folder goes once it has ended
        StockPrograms.awaitEnded(serving);
        lab.close();
    }

    static String edit(String config) {
        return "<edit-config xmlns=\"" + NS + "\"><target><running/></target><config>" + config
                + "</config></edit-config>";
    }

    private void startNmsAndDevice(Role role, java.security.PublicKey authorizedKey) throws Exception {
        nms = lab.startNms(Map.of("dev-1", lab.hostKey("dev-1")), 0, USER);
        DeviceSshSettings ssh = lab.deviceSsh("dev-1", USER, role, authorizedKey);
        device = DeviceAgent.start(new DeviceAgent.Settings(dir.resolve("dev-1-data"),
                CallHomeLab.callHome(nms.callHomeAddress().getPort()), ssh, Duration.ofSeconds(10),
                DeviceAgent.SshServerKind.OPENSSH, NetconfLimits.DEFAULT), new DialerListener() { });
    }

    @Test
    void deviceServedBySshdConnectsWithItsHostKeyAndEditsRoundTrip() throws Exception {
        startNmsAndDevice(Role.ADMIN, lab.nmsIdentity.getPublic());

        JsonObject connected = lab.awaitDevice(state("dev-1", "connected"), "dev-1 connected through sshd");
        assertEquals(SshKeys.fingerprint(lab.hostKey("dev-1").getPublic()), connected.getString("hostKeyFingerprint"));
        assertEquals(device.hostKeyFingerprint(), connected.getString("hostKeyFingerprint"));
        assertEquals(USER, connected.getString("username"));
        assertTrue(connected.getJsonArray("capabilities").contains("urn:ietf:params:netconf:base:1.1"),
                connected.encode());

        HttpResponse<String> edit = lab.post("/api/devices/dev-1/rpc",
                edit("<system xmlns=\"urn:example:sys\"><hostname>edge-openssh</hostname></system>"));
        assertEquals(200, edit.statusCode(), edit.body());
        assertTrue(edit.body().contains("<ok/>"), edit.body());
        HttpResponse<String> get = lab.post("/api/devices/dev-1/rpc", GET_CONFIG);
        assertEquals(200, get.statusCode(), get.body());
        assertTrue(get.body().contains("<hostname>edge-openssh</hostname>"), get.body());
        assertTrue(Files.readString(dir.resolve("dev-1-data").resolve("running.xml")).contains("edge-openssh"),
                "the stdio session wrote the device's own data folder");
    }

    @Test
    void readOnlyAccountGetsAccessDeniedOnEditConfig() throws Exception {
        startNmsAndDevice(Role.READ_ONLY, lab.nmsIdentity.getPublic());
        lab.awaitDevice(state("dev-1", "connected"), "dev-1 connected through sshd");

        HttpResponse<String> edit = lab.post("/api/devices/dev-1/rpc", edit("<a xmlns=\"urn:a\">1</a>"));
        assertEquals(200, edit.statusCode(), edit.body());
        assertTrue(edit.body().contains("<error-tag>access-denied</error-tag>"), edit.body());
        HttpResponse<String> get = lab.post("/api/devices/dev-1/rpc", GET_CONFIG);
        assertEquals(200, get.statusCode(), get.body());
        assertTrue(get.body().contains("<data"), get.body());
    }

    @Test
    void nmsWithAKeyTheAccountDoesNotAuthorizeEndsInAuthFailed() throws Exception {
        startNmsAndDevice(Role.ADMIN, SshKeys.generateEd25519().getPublic());

        JsonObject device = lab.awaitDevice(state("dev-1", "auth-failed"), "dev-1 auth-failed");
        assertTrue(device.getString("lastError").contains("did not accept the NMS's key"), device.encode());
    }

    @Test
    void closingTheDeviceStopsSshdAndTheSessionProcess() throws Exception {
        startNmsAndDevice(Role.ADMIN, lab.nmsIdentity.getPublic());
        lab.awaitDevice(state("dev-1", "connected"), "dev-1 connected through sshd");
        List<ProcessHandle> serving = StockPrograms.sshdAndItsSessions();
        assertTrue(serving.stream().anyMatch(p -> p.info().command().orElse("").endsWith("/java")),
                "sshd runs the NETCONF session as a java process: " + StockPrograms.describe(serving));

        device.close();
        device = null;
        StockPrograms.awaitEnded(serving);
        lab.awaitDevice(state("dev-1", "disconnected"), "dev-1 disconnected after the device closed");
    }

}
