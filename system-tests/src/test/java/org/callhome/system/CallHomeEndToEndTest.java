package org.callhome.system;

import static org.callhome.system.CallHomeLab.GET_CONFIG;
import static org.callhome.system.CallHomeLab.edit;
import static org.callhome.system.CallHomeLab.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import org.callhome.device.DeviceAgent;
import org.callhome.device.callhome.DialerListener;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;
import org.callhome.shared.strategy.SecurityFacts.UsernameSource;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One end-to-end suite, run for each strategy: the operator's view (the NMS's HTTP API) must not
 * depend on which strategy a device uses, only the facts of how its session was secured do.
 */
class CallHomeEndToEndTest {

    @TempDir
    Path dir;

    private CallHomeLab lab;

    @BeforeEach
    void setUp() {
        lab = new CallHomeLab(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        lab.close();
    }

    @ParameterizedTest
    @EnumSource(CallHomeStrategy.class)
    void deviceConnectsAndEditsRoundTripThroughTheApi(CallHomeStrategy strategy) throws Exception {
        lab.startNmsTrusting(strategy, 0, 0, "dev-1");
        DeviceAgent agent = lab.startDevice(strategy, "dev-1", Role.ADMIN, new DialerListener() { });

        JsonObject device = lab.awaitDevice(state("dev-1", "connected"), "dev-1 connected");
        Expected expected = Expected.of(strategy, lab);
        String nmsKey = SshKeys.fingerprint(expected.nmsKey());
        String deviceKey = SshKeys.fingerprint(lab.identityOf(strategy, "dev-1").getPublic());
        // the device half reports the same kind of facts, from its side of the same session
        SecurityFacts deviceSide = agent.sessions().get(device.getLong("sessionId"));
        assertEquals(strategy, deviceSide.strategy());
        assertEquals(expected.deviceCheck(), deviceSide.peerVerification());
        assertEquals(nmsKey, deviceSide.peerKeyFingerprint());
        assertEquals(expected.account(), deviceSide.netconfUsername());
        assertEquals(expected.usernameSource(), deviceSide.usernameSource());
        assertEquals(strategy.wireName(), device.getString("strategy"));
        assertEquals(deviceKey, device.getString("hostKeyFingerprint"));
        assertTrue(device.getJsonArray("capabilities").contains("urn:ietf:params:netconf:base:1.1"));
        assertEquals("nms", device.getString("username"));
        assertTrue(device.getLong("sessionId") > 0);
        assertTrue(device.getString("remoteAddress").startsWith("127.0.0.1:"));
        JsonObject security = device.getJsonObject("security");
        assertEquals(expected.nmsCheck(), security.getString("peerVerification"), security.encodePrettily());
        assertEquals(expected.usernameSource().wireName(), security.getString("netconfUsernameSource"));
        assertEquals(expected.keyExchange(), security.getString("keyExchange"), security.encodePrettily());
        assertEquals(expected.hostKeyAlgorithm(), security.getString("hostKeyAlgorithm"), security.encodePrettily());
        assertEquals(deviceKey, deviceSide.localKeyFingerprint(), "the device proved itself with the key the NMS pins");

        // who the session runs as: the NMS's own login name, or the account the device named in its hello
        JsonObject account = security.getJsonObject("netconfAccount");
        assertEquals(new JsonObject().put("username", expected.account())
                .put("source", expected.usernameSource().wireName()).put("reportedBy", expected.accountReportedBy()),
                account);
        // whose each key is, and who checks it
        JsonArray keys = security.getJsonArray("keys");
        assertEquals(new JsonObject().put("role", expected.deviceKeyRole())
                .put("fingerprint", device.getString("fingerprint")).put("whose", "device").put("checkedBy", "nms")
                .put("check", expected.nmsCheck()).put("checkReportedBy", "nms"),
                keys.getJsonObject(0));
        assertEquals(new JsonObject().put("role", expected.nmsKeyRole()).put("fingerprint", nmsKey)
                .put("whose", "nms").put("checkedBy", "device")
                .put("check", expected.deviceCheck().wireName()).put("checkReportedBy", "device-hello"),
                keys.getJsonObject(1));
        assertEquals(2, keys.size());

        HttpResponse<String> edit = lab.post("/api/devices/dev-1/rpc",
                edit("<system xmlns=\"urn:example:sys\"><hostname>edge-1</hostname></system>"));
        assertEquals(200, edit.statusCode(), edit.body());
        assertTrue(edit.body().contains("<ok/>"), edit.body());
        HttpResponse<String> get = lab.post("/api/devices/dev-1/rpc", GET_CONFIG);
        assertTrue(get.body().contains("<hostname>edge-1</hostname>"), get.body());
        HttpResponse<String> error = lab.post("/api/devices/dev-1/rpc", "<get-config xmlns=\"" + Netconf.BASE_NS + "\"/>");
        assertEquals(200, error.statusCode());
        assertTrue(error.body().contains("<error-tag>missing-element</error-tag>"), error.body());
    }

    @ParameterizedTest
    @EnumSource(CallHomeStrategy.class)
    void readOnlyAccountGetsAccessDeniedOnEdits(CallHomeStrategy strategy) throws Exception {
        lab.startNmsTrusting(strategy, 0, 0, "dev-1");
        lab.startDevice(strategy, "dev-1", Role.READ_ONLY, new DialerListener() { });
        lab.awaitDevice(state("dev-1", "connected"), "dev-1 connected");
        HttpResponse<String> edit = lab.post("/api/devices/dev-1/rpc", edit("<a xmlns=\"urn:a\">1</a>"));
        assertTrue(edit.body().contains("<error-tag>access-denied</error-tag>"), edit.body());
        assertEquals(200, lab.post("/api/devices/dev-1/rpc", GET_CONFIG).statusCode());
    }

    @ParameterizedTest
    @EnumSource(CallHomeStrategy.class)
    void unknownDeviceIsRejectedAndShownWithItsFingerprint(CallHomeStrategy strategy) throws Exception {
        lab.startNmsTrusting(strategy, 0, 0, "dev-1");
        lab.startDevice(strategy, "rogue", Role.ADMIN, new DialerListener() { });
        String fingerprint = SshKeys.fingerprint(lab.identityOf(strategy, "rogue").getPublic());
        JsonObject seen = lab.awaitDevice(device -> "rejected".equals(device.getString("state"))
                && fingerprint.equals(device.getString("hostKeyFingerprint")), "the rogue rejected");
        assertEquals(strategy.wireName(), seen.getString("strategy"));
        assertEquals(null, seen.getString("id"));
    }

    @ParameterizedTest
    @EnumSource(CallHomeStrategy.class)
    void deviceComesBackAfterTheNmsRestarts(CallHomeStrategy strategy) throws Exception {
        int callHomePort = freePort();
        int sshPort = freePort();
        lab.startNmsTrusting(strategy, callHomePort, sshPort, "dev-1");
        lab.startDevice(strategy, "dev-1", Role.ADMIN, new DialerListener() { });
        JsonObject first = lab.awaitDevice(state("dev-1", "connected"), "dev-1 connected");
        lab.stopNms();
        lab.startNmsTrusting(strategy, callHomePort, sshPort, "dev-1");
        JsonObject again = lab.awaitDevice(state("dev-1", "connected"), "dev-1 back after the NMS restarted");
        assertNotEquals(first.getLong("sessionId"), again.getLong("sessionId"), "a new NETCONF session");
    }

    @ParameterizedTest
    @EnumSource(CallHomeStrategy.class)
    void anApprovedDeviceConnectsStaysTrustedAcrossRestartsAndDropsAtOnceWhenRevoked(CallHomeStrategy strategy)
            throws Exception {
        int callHomePort = freePort();
        int sshPort = freePort();
        lab.startNmsTrusting(strategy, callHomePort, sshPort);
        DeviceAgent agent = lab.startDevice(strategy, "dev-7", Role.ADMIN, new DialerListener() { });
        String fingerprint = SshKeys.fingerprint(lab.identityOf(strategy, "dev-7").getPublic());
        lab.awaitDevice(device -> "rejected".equals(device.getString("state"))
                && fingerprint.equals(device.getString("fingerprint")), "dev-7 rejected as unknown");

        HttpResponse<String> approved = lab.post("/api/devices",
                "{\"id\": \"dev-7\", \"approveFingerprint\": \"" + fingerprint + "\"}");
        assertEquals(201, approved.statusCode(), approved.body());
        // the refusal is answered: its error is gone, and the device is waiting for its next call
        JsonObject trusted = new JsonObject(approved.body());
        assertNull(trusted.getString("lastError"), approved.body());
        assertTrue(trusted.getBoolean("awaitingCall"), approved.body());
        assertTrue(trusted.getString("trustTakesEffect").contains("next call"), approved.body());
        assertTrue(trusted.getLong("attempts") > 0, "the attempts it made while unknown are kept");
        JsonObject connected = lab.awaitDevice(state("dev-7", "connected"), "dev-7 connected once approved");
        assertFalse(connected.getBoolean("awaitingCall"), connected.encodePrettily());
        assertNull(connected.getString("lastError"), connected.encodePrettily());
        JsonArray recent = new JsonArray(lab.get("/api/events/recent").body());
        List<String> order = recent.stream().map(JsonObject.class::cast)
                .filter(event -> "dev-7".equals(event.getJsonObject("data").getString("id"))
                        || fingerprint.equals(event.getJsonObject("data").getString("fingerprint")))
                .map(event -> event.getString("type")).toList();
        assertTrue(order.indexOf("rejected") >= 0 && order.indexOf("rejected") < order.indexOf("approved")
                && order.indexOf("approved") < order.lastIndexOf("connected"), "recent events, oldest first: " + order);

        lab.stopNms();
        lab.startNmsTrusting(strategy, callHomePort, sshPort);
        lab.awaitDevice(state("dev-7", "connected"), "dev-7 trusted after the NMS restarted");
        awaitDeviceSessions(agent, 1);

        HttpResponse<String> revoked = lab.delete("/api/devices/dev-7");
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals(404, lab.get("/api/devices/dev-7").statusCode());
        // the NMS is alive and answers keepalives, so only the revocation can end this session
        awaitDeviceSessions(agent, 0);
        lab.awaitDevice(device -> "rejected".equals(device.getString("state"))
                && fingerprint.equals(device.getString("fingerprint")) && device.getString("id") == null,
                "dev-7 rejected again after the revocation");
    }

    @ParameterizedTest
    @EnumSource(CallHomeStrategy.class)
    void devicesCallingAtOnceAllGetInOneHandshakeAtATime(CallHomeStrategy strategy) throws Exception {
        lab.maxStartups = 1;
        lab.startNmsTrusting(strategy, 0, 0, "dev-1", "dev-2", "dev-3", "dev-4");
        for (String id : List.of("dev-1", "dev-2", "dev-3", "dev-4")) {
            lab.startDevice(strategy, id, Role.ADMIN, new DialerListener() { });
        }
        // a connected session must not hold its handshake slot: with one slot, the later ones would never get in
        for (String id : List.of("dev-1", "dev-2", "dev-3", "dev-4")) {
            lab.awaitDevice(state(id, "connected"), id + " connected");
        }
    }

    /**
     * What a session of each strategy is, as both halves report it: which key each side checks and
     * how, and whose name the NETCONF account is. In reverse-ssh the NMS logs in as "nms"; in
     * device-ssh-client the device binds the account "netconf"; in tls the NMS's client certificate
     * names the account "nms" (cert-to-name's simple rule) and the TLS version stands where SSH
     * names its key exchange.
     */
    private record Expected(PublicKey nmsKey, PeerVerification deviceCheck, String nmsCheck, String account,
                            UsernameSource usernameSource, String accountReportedBy, String deviceKeyRole,
                            String nmsKeyRole, String keyExchange, String hostKeyAlgorithm) {

        static Expected of(CallHomeStrategy strategy, CallHomeLab lab) {
            switch (strategy) {
                case REVERSE_SSH:
                    return new Expected(lab.nmsIdentity.getPublic(), PeerVerification.PINNED_USER_KEY,
                            "pinned-host-key", "nms", UsernameSource.SSH_USERAUTH, "nms", "device-host-key",
                            "nms-user-key", "curve25519-sha256", "ssh-ed25519");
                case DEVICE_SSH_CLIENT:
                    return new Expected(lab.nmsHostKey.getPublic(), PeerVerification.PINNED_HOST_KEY,
                            "pinned-user-key", "netconf", UsernameSource.BIND_ACCOUNT, "device-hello",
                            "device-login-key", "nms-host-key", "curve25519-sha256", "ssh-ed25519");
                case TLS:
                    return new Expected(lab.tls.nms.publicKey(), PeerVerification.X509_USER_CERTIFICATE,
                            "x509-host-certificate", TlsLab.NMS_ACCOUNT, UsernameSource.CERT_TO_NAME, "device-hello",
                            "device-tls-server-key", "nms-tls-client-key", "TLSv1.3", "EC P-256");
                default:
                    throw new IllegalArgumentException("no expectations for " + strategy);
            }
        }
    }

    /** Waits until the device has {@code count} live NETCONF sessions. */
    private static void awaitDeviceSessions(DeviceAgent agent, int count) throws InterruptedException {
        Eventually.until(CallHomeLab.WAIT, () -> agent.sessions().size() == count,
                () -> count + " sessions on the device; it kept " + agent.sessions().size());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
