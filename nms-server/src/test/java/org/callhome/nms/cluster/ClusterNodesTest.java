package org.callhome.nms.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.sshd.client.session.ClientSession;
import org.callhome.nms.NmsServer;
import org.callhome.nms.certificates.LoggingInDevice;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.devicessh.DeviceSshServer;
import org.callhome.nms.trust.TrustStore;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two NMS nodes of one cluster in this JVM (two Hazelcast members on loopback), each with its own
 * state folder, serving device-ssh-client with one shared host key; devices are MINA clients that
 * log in and serve NETCONF. What one node's API does applies on the other; a device has one owner.
 * The three-JVM cluster with a node killed is the system tests' part.
 */
class ClusterNodesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String GET_CONFIG = "<get-config xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\">"
            + "<source><running/></source></get-config>";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final KeyPair hostKey = SshKeys.generateEd25519();
    private final KeyPair seeded = SshKeys.generateEd25519();
    private NmsServer a;
    private NmsServer b;
    private LoggingInDevice device;
    private LoggingInDevice other;
    private List<String> members;

    @BeforeEach
    void startTwoNodes() throws Exception {
        int portA = freePort();
        int portB = freePort();
        members = List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB);
        a = node("a", portA, members);
        b = node("b", portB, members);
        Eventually.until(WAIT, () -> members(a) == 2 && members(b) == 2, () -> "both nodes see the two members");
        device = new LoggingInDevice();
        other = new LoggingInDevice();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closing : new AutoCloseable[] {device, other, b, a}) {
            if (closing != null) {
                closing.close();
            }
        }
    }

    @Test
    void anRpcThroughEitherNodeReachesTheDeviceWhereverItsSessionIs() throws Exception {
        device.connect(a.deviceSshAddress(), "dev-1", seeded);
        JsonObject shown = awaitDevice(b, "dev-1", entry -> "connected".equals(entry.getString("state")));
        assertEquals("node-a", shown.getString("node"), "the fleet view of the other node names the holder");
        for (NmsServer node : List.of(a, b)) {
            HttpResponse<String> reply = post(node, "/api/devices/dev-1/rpc", "application/xml", GET_CONFIG);
            assertEquals(200, reply.statusCode(), reply.body());
            assertTrue(reply.body().contains("<data"), reply.body());
        }
        HttpResponse<String> unknown = post(b, "/api/devices/nobody/rpc", "application/xml", GET_CONFIG);
        assertEquals(404, unknown.statusCode(), unknown.body());

        // node b's events show what happened at node a, named so; each node's figures carry its name
        Eventually.until(WAIT, () -> new JsonArray(get(b, "/api/events/recent").body()).stream()
                .map(JsonObject.class::cast).map(event -> event.getJsonObject("data"))
                .anyMatch(data -> "connected".equals(data.getString("type")) && "dev-1".equals(data.getString("id"))
                        && "node-a".equals(data.getString("node"))), () -> "node a's connected event at node b");
        assertTrue(get(a, "/metrics").body().contains("node=\"node-a\""));
        assertTrue(get(b, "/metrics").body().contains("node=\"node-b\""));
    }

    @Test
    void aDeviceThatConnectsToAnotherNodeIsHeldThereOnlyAndItsOlderSessionCloses() throws Exception {
        ClientSession first = device.connect(a.deviceSshAddress(), "dev-1", seeded);
        awaitDevice(b, "dev-1", entry -> "node-a".equals(entry.getString("node"))
                && "connected".equals(entry.getString("state")));
        other.connect(b.deviceSshAddress(), "dev-1", seeded);
        Eventually.until(WAIT, first::isClosed, () -> "the session at node a closes once node b holds the device");
        for (NmsServer node : List.of(a, b)) {
            JsonObject entry = awaitDevice(node, "dev-1", shown -> "connected".equals(shown.getString("state")));
            assertEquals("node-b", entry.getString("node"));
            assertEquals(200, post(node, "/api/devices/dev-1/rpc", "application/xml", GET_CONFIG).statusCode());
        }
    }

    @Test
    void approvalsAndRevocationsOnOneNodeApplyOnTheOther() throws Exception {
        KeyPair approved = SshKeys.generateEd25519();
        HttpResponse<String> trusted = post(a, "/api/devices", "application/json", new JsonObject()
                .put("id", "dev-2").put("strategy", "device-ssh-client")
                .put("publicKey", SshKeys.toOpenSsh(approved.getPublic())).encode());
        assertEquals(201, trusted.statusCode(), trusted.body());
        // answered: the decision is in node a's file and in the cluster, and node b has taken it
        assertTrue(Files.readString(dir.resolve("a/" + TrustStore.FILE_NAME)).contains("\"dev-2\""));
        Eventually.until(WAIT, () -> trustIds(b).contains("dev-2"), () -> "node b trusts dev-2");
        Eventually.until(WAIT, () -> Files.readString(dir.resolve("b/" + TrustStore.FILE_NAME))
                .contains("\"dev-2\""), () -> "node b's file holds dev-2");
        assertEquals(revision(a), revision(b));

        ClientSession session = device.connect(b.deviceSshAddress(), "dev-2", approved);
        awaitDevice(a, "dev-2", entry -> "connected".equals(entry.getString("state")));
        HttpResponse<String> revoked = delete(a, "/api/devices/dev-2");
        assertEquals(200, revoked.statusCode(), revoked.body());
        Eventually.until(WAIT, session::isClosed, () -> "the revocation on node a drops the session at node b");
        for (NmsServer node : List.of(a, b)) {
            Eventually.until(WAIT, () -> !trustIds(node).contains("dev-2")
                    && fleet(node).stream().map(JsonObject.class::cast)
                    .noneMatch(entry -> "dev-2".equals(entry.getString("id"))), () -> "dev-2 is gone everywhere");
        }
    }

    @Test
    void aKeyRefusedAtOneNodeIsApprovedThroughTheOther() throws Exception {
        KeyPair stranger = SshKeys.generateEd25519();
        try {
            device.connect(b.deviceSshAddress(), "dev-3", stranger);
        } catch (IOException | RuntimeException refused) {
            // refused, as an unknown key is
        }
        String fingerprint = SshKeys.fingerprint(stranger.getPublic());
        Eventually.until(WAIT, () -> fleet(a).stream().map(JsonObject.class::cast)
                .anyMatch(entry -> fingerprint.equals(entry.getString("fingerprint"))), () -> "node a's fleet view shows the key node b refused");
        HttpResponse<String> approved = post(a, "/api/devices", "application/json",
                new JsonObject().put("id", "dev-3").put("approveFingerprint", fingerprint).encode());
        assertEquals(201, approved.statusCode(), approved.body());
        other.connect(b.deviceSshAddress(), "dev-3", stranger);
        assertEquals("node-b", awaitDevice(a, "dev-3", entry -> "connected".equals(entry.getString("state")))
                .getString("node"));
    }

    @Test
    void theDevicesOfANodeThatLeavesAreNotShownConnectedOnTheOthers() throws Exception {
        device.connect(a.deviceSshAddress(), "dev-1", seeded);
        awaitDevice(b, "dev-1", entry -> "connected".equals(entry.getString("state")));
        a.close();
        a = null;
        awaitDevice(b, "dev-1", entry -> !"connected".equals(entry.getString("state")));
        HttpResponse<String> rpc = post(b, "/api/devices/dev-1/rpc", "application/xml", GET_CONFIG);
        assertEquals(409, rpc.statusCode(), rpc.body());
        assertFalse(new JsonObject(get(b, "/api/cluster").body()).getJsonArray("members").size() > 1);
    }

    @Test
    void aNodeNamedAsAnotherOfTheClusterDoesNotStart() throws Exception {
        Exception refused = assertThrows(Exception.class, () -> node("a", "a-again", freePort(), members));
        assertTrue(String.valueOf(refused.getMessage()).contains("another node of the cluster is named 'node-a'"),
                String.valueOf(refused));
        Eventually.until(WAIT, () -> members(a) == 2, () -> "the refused node left the cluster again");
    }

    private NmsServer node(String name, int clusterPort, List<String> members) throws Exception {
        return node(name, name, clusterPort, members);
    }

    private NmsServer node(String name, String state, int clusterPort, List<String> members) throws Exception {
        NmsSettings settings = new NmsSettings(Optional.empty(),
                Optional.of(new NmsSettings.DeviceSsh(new InetSocketAddress("127.0.0.1", 0), hostKey,
                        KnownDevices.of(Map.of("dev-1", seeded.getPublic())), DeviceSshServer.DEFAULT_SUBSYSTEM)),
                new InetSocketAddress("127.0.0.1", 0), Optional.empty(), Duration.ofSeconds(10),
                NmsSettings.DEFAULT_MAX_STARTUPS, Keepalives.DEFAULT, Duration.ofSeconds(10), NetconfLimits.DEFAULT,
                dir.resolve(state));
        ClusterSettings cluster = new ClusterSettings("test-" + members.get(0), "127.0.0.1", clusterPort, members,
                Optional.empty(), "node-" + name);
        return NmsServer.start(settings, NmsServer.openTrustStore(settings), Optional.empty(), Optional.of(cluster));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private int members(NmsServer node) throws Exception {
        return new JsonObject(get(node, "/api/cluster").body()).getJsonArray("members").size();
    }

    private long revision(NmsServer node) throws Exception {
        return new JsonObject(get(node, "/api/cluster").body()).getLong("trustRevision");
    }

    private List<String> trustIds(NmsServer node) throws Exception {
        return new JsonObject(get(node, "/api/trust").body()).getJsonArray("devices").stream()
                .map(JsonObject.class::cast).map(entry -> entry.getString("id")).toList();
    }

    private JsonArray fleet(NmsServer node) throws Exception {
        return new JsonArray(get(node, "/api/devices").body());
    }

    private JsonObject awaitDevice(NmsServer node, String id, Predicate<JsonObject> condition) throws Exception {
        return Eventually.value(WAIT, () -> {
            HttpResponse<String> response = get(node, "/api/devices/" + id);
            return response.statusCode() == 200 ? Optional.of(new JsonObject(response.body())).filter(condition)
                    : Optional.empty();
        }, () -> "device " + id + " as expected on the node at " + node.httpPort());
    }

    private HttpResponse<String> get(NmsServer node, String path) throws Exception {
        return http.send(request(node, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(NmsServer node, String path) throws Exception {
        return http.send(request(node, path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(NmsServer node, String path, String type, String body) throws Exception {
        return http.send(request(node, path).header("content-type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(NmsServer node, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                .timeout(Duration.ofSeconds(20));
    }
}
