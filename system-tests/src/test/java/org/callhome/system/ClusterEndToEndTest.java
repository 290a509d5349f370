package org.callhome.system;

import static org.callhome.system.CallHomeLab.GET_CONFIG;
import static org.callhome.system.CallHomeLab.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.callhome.device.DeviceAgent;
import org.callhome.device.callhome.DialerListener;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.ConnectionType;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.config.ReconnectStrategy;
import org.callhome.shared.config.StartWith;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three NMS processes on loopback as one cluster ({@code --cluster}, Hazelcast with static
 * members), sharing their keys and trust files, each with its own state folder and listeners; a
 * reverse-ssh and a device-ssh-client device calling them, each listing the three nodes in its
 * own order. Any node's API reaches any device wherever its session is; a device has one session
 * in the cluster (a newer one on another node takes it over); trust approved or revoked on one node
 * applies on all; a node killed with SIGKILL loses no trust decision, and its devices come back on
 * the others while the survivors stop showing them on it.
 *
 * <p>One cluster serves the class (starting three Hazelcast members takes half a minute on two
 * cores); the tests run in order, the last one killing node 1. A failure shows the end of every
 * node's log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterEndToEndTest {

    /** Three Hazelcast members starting at once on two busy cores take 8-15 s each. */
    private static final Duration CLUSTER_FORMS = Duration.ofSeconds(90);
    /**
     * How long the survivors may still show a device connected on a SIGKILLed node: the kernel
     * closes its sockets, so Hazelcast sees it gone in a few seconds; twice that for a busy machine.
     */
    private static final Duration FAILURE_DETECTED = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 60;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterEndToEndTest.class);
    private static final String RS_1 = "rs-1";
    private static final String DSC_1 = "dsc-1";
    private static final String RS_2 = "rs-2";
    private static final String DSC_2 = "dsc-2";

    @TempDir
    static Path dir;

    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private final Calls rs1Calls = new Calls();
    private CallHomeLab lab;
    private DeviceAgent rs1;
    private DeviceAgent dsc1;

    @RegisterExtension
    final LogTails logTails = new LogTails(() -> nodes);

    /** A node of the cluster: its process and where devices reach it. */
    private record Node(NmsProcess nms, int callHomePort, int sshPort, Path stateDir) {

        String name() {
            return nms.name();
        }

        /** Where a device of {@code strategy} calls this node. */
        Endpoint endpoint(CallHomeStrategy strategy) {
            return new Endpoint(name(), "127.0.0.1", strategy == CallHomeStrategy.REVERSE_SSH ? callHomePort : sshPort);
        }
    }

    @BeforeAll
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void startThreeNodesAndTwoDevices() throws Exception {
        lab = new CallHomeLab(dir);
        Path identity = dir.resolve("nms_identity");
        SshKeys.writePrivateKey(lab.nmsIdentity, identity);
        Path hostKey = dir.resolve("nms_ssh_host_key");
        SshKeys.writePrivateKey(lab.nmsHostKey, hostKey);
        Path knownDevices = Files.writeString(dir.resolve("known_devices"),
                KnownDevices.of(Map.of(RS_1, lab.hostKey(RS_1).getPublic())).toFileText());
        Path deviceAccounts = Files.writeString(dir.resolve("device_accounts"), KnownDevices.of(Map.of(DSC_1,
                lab.identityOf(CallHomeStrategy.DEVICE_SSH_CLIENT, DSC_1).getPublic())).toFileText());

        int[] ports = freePorts(12);
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            members.add("127.0.0.1:" + ports[4 * i + 3]);
        }
        // a name of this run's own, so that no other cluster on the machine is ever joined
        String clusterName = "callhome-test-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            String name = "node-" + (i + 1);
            int callHome = ports[4 * i];
            int ssh = ports[4 * i + 1];
            int http = ports[4 * i + 2];
            Path stateDir = dir.resolve(name + "-state");
            NmsProcess nms = NmsProcess.start(name, http, dir.resolve(name + ".log"), List.of(
                    "--mode", "both", "--listen", "127.0.0.1:" + callHome, "--ssh-listen", "127.0.0.1:" + ssh,
                    "--http", "127.0.0.1:" + http, "--state-dir", stateDir.toString(),
                    "--identity", identity.toString(), "--host-key", hostKey.toString(),
                    "--known-devices", knownDevices.toString(), "--device-accounts", deviceAccounts.toString(),
                    "--cluster", "--cluster-host", "127.0.0.1", "--cluster-port", Integer.toString(ports[4 * i + 3]),
                    "--cluster-members", String.join(",", members), "--cluster-name", clusterName,
                    "--node-name", name));
            nodes.add(new Node(nms, callHome, ssh, stateDir));
        }
        awaitMembers(nodes, CLUSTER_FORMS);
        for (Node node : nodes) {
            JsonObject cluster = node.nms().cluster();
            assertEquals(true, cluster.getBoolean("clustered"), cluster.encodePrettily());
            assertEquals(node.name(), cluster.getString("node"), cluster.encodePrettily());
        }

        // first-listed: each device lands on the first node of its list
        rs1 = lab.startDevice(CallHomeStrategy.REVERSE_SSH, RS_1, Role.ADMIN, rs1Calls,
                calling(CallHomeStrategy.REVERSE_SSH, node(1), node(2), node(3)));
        dsc1 = lab.startDevice(CallHomeStrategy.DEVICE_SSH_CLIENT, DSC_1, Role.ADMIN, new DialerListener() { },
                calling(CallHomeStrategy.DEVICE_SSH_CLIENT, node(2), node(3), node(1)));
        awaitConnected(RS_1, node(1), nodes);
        awaitConnected(DSC_1, node(2), nodes);
    }

    @AfterAll
    void stopEverything() throws IOException {
        if (lab != null) {
            lab.close();
        }
        for (Node node : nodes) {
            node.nms().close();
        }
    }

    @Test
    @Order(1)
    void everyNodeReachesEveryDeviceAndListsTheWholeFleetWithItsHolder() throws Exception {
        for (Node through : nodes) {
            for (String id : List.of(RS_1, DSC_1)) {
                HttpResponse<String> reply = through.nms().post("/api/devices/" + id + "/rpc", GET_CONFIG);
                assertEquals(200, reply.statusCode(), "get-config of " + id + " through " + through.name() + ": "
                        + reply.body());
                assertTrue(reply.body().contains("<rpc-reply") && reply.body().contains("<data"),
                        "get-config of " + id + " through " + through.name() + ": " + reply.body());
            }
            JsonArray devices = through.nms().devices();
            assertEquals(Optional.of(node(1).name()), connectedOn(devices, RS_1), through.name() + " lists "
                    + devices.encodePrettily());
            assertEquals(Optional.of(node(2).name()), connectedOn(devices, DSC_1), through.name() + " lists "
                    + devices.encodePrettily());
            JsonObject one = new JsonObject(through.nms().get("/api/devices/" + DSC_1).body());
            assertEquals(node(2).name(), one.getString("node"), one.encodePrettily());
        }
        // the fleet list shows one entry per device: the devices themselves say that one node holds each
        assertEquals(1, rs1.sessions().size(), "rs-1's NETCONF sessions: " + rs1.sessions());
        assertEquals(1, dsc1.sessions().size(), "dsc-1's NETCONF sessions: " + dsc1.sessions());
        // node 3 holds no session: its 404 is the cluster's answer, not only its own registry's
        HttpResponse<String> unknown = node(3).nms().post("/api/devices/no-such-device/rpc", GET_CONFIG);
        assertEquals(404, unknown.statusCode(), unknown.body());
        HttpResponse<String> config = node(3).nms().get("/api/devices/" + RS_1 + "/config");
        assertEquals(200, config.statusCode(), config.body());
        assertTrue(config.body().contains("urn:ietf:params:xml:ns:yang:ietf-netconf-server"), config.body());
    }

    @Test
    @Order(2)
    void eventsOfEveryNodeAndMetricsByNodeAreShownEverywhere() throws Exception {
        for (Node node : nodes) {
            JsonArray recent = new JsonArray(node.nms().get("/api/events/recent").body());
            for (Map.Entry<String, Node> held : Map.of(RS_1, node(1), DSC_1, node(2)).entrySet()) {
                assertTrue(recent.stream().map(JsonObject.class::cast).anyMatch(event ->
                                "connected".equals(event.getString("type"))
                                        && held.getKey().equals(event.getJsonObject("data").getString("id"))
                                        && held.getValue().name().equals(event.getJsonObject("data").getString("node"))),
                        node.name() + " shows no 'connected' event of " + held.getKey() + " on "
                                + held.getValue().name() + ": " + recent.encodePrettily());
            }
            String metrics = node.nms().get("/metrics").body();
            List<String> samples = metrics.lines().filter(line -> line.startsWith("callhome_")).toList();
            assertFalse(samples.isEmpty(), metrics);
            String label = "node=\"" + node.name() + "\"";
            assertTrue(samples.stream().allMatch(line -> line.contains(label)), node.name() + "'s figures without "
                    + label + ": " + samples.stream().filter(line -> !line.contains(label)).toList());
        }
    }

    @Test
    @Order(3)
    void trustApprovedOnOneNodeAppliesOnAnotherAndARevocationAnywhereDropsTheSession() throws Exception {
        KeyPair key = lab.hostKey(RS_2);
        HttpResponse<String> approved = node(2).nms().post("/api/devices", new JsonObject().put("id", RS_2)
                .put("strategy", CallHomeStrategy.REVERSE_SSH.wireName())
                .put("publicKey", SshKeys.toOpenSsh(key.getPublic())).encode());
        assertEquals(201, approved.statusCode(), approved.body());
        Calls calls = new Calls();
        DeviceAgent agent = lab.startDevice(CallHomeStrategy.REVERSE_SSH, RS_2, Role.ADMIN, calls,
                calling(CallHomeStrategy.REVERSE_SSH, node(3), node(1), node(2)));
        awaitConnected(RS_2, node(3), nodes);
        assertEquals(List.of("connected node-3"), calls.list(), "node 3 took the first call: the trust was there");

        // node 1 holds nothing of rs-2
        HttpResponse<String> revoked = node(1).nms().delete("/api/devices/" + RS_2);
        assertEquals(200, revoked.statusCode(), revoked.body());
        int since = calls.list().size();
        Eventually.until(WAIT, () -> agent.sessions().isEmpty(), () -> "rs-2's session dropped by the revocation");
        for (Node node : nodes) {
            AtomicReference<String> last = new AtomicReference<>();
            Eventually.until(WAIT, () -> {
                JsonObject trust = node.nms().trust();
                JsonArray devices = node.nms().devices();
                last.set("trust " + trust.encodePrettily() + "\ndevices " + devices.encodePrettily());
                return !ids(trust.getJsonArray("devices")).contains(RS_2)
                        && ids(trust.getJsonArray("revoked")).contains(RS_2) && !ids(devices).contains(RS_2);
            }, () -> node.name() + " showing rs-2 revoked and gone; it shows " + last.get());
            assertEquals(404, node.nms().get("/api/devices/" + RS_2).statusCode(), node.name());
        }
        // it calls again, every node in turn, and every node refuses it
        Eventually.until(WAIT, () -> calls.since(since).containsAll(List.of("failed node-3", "failed node-1",
                "failed node-2")), () -> "rs-2 refused by every node after the revocation; its calls: " + calls.list());
        assertFalse(calls.since(since).stream().anyMatch(call -> call.startsWith("connected")), calls.list().toString());
        assertTrue(agent.sessions().isEmpty(), "rs-2 came back: " + agent.sessions());
        for (Node node : nodes) {
            assertEquals(Optional.empty(), connectedOn(node.nms().devices(), RS_2), node.name());
        }
        agent.close();
    }

    /**
     * A clone of rs-1 (its host key, its own data folder) calls node 3 while rs-1 is connected to
     * node 1: node 3 takes the device with a higher owner epoch and node 1 closes its older
     * session, so RPCs never go to two sessions of one device. Once the clone is gone, rs-1 is back
     * on node 1 alone.
     */
    @Test
    @Order(4)
    void aSessionOfTheDeviceOnAnotherNodeTakesItOverAndTheOlderSessionIsClosed() throws Exception {
        int since = rs1Calls.list().size();
        Calls cloneCalls = new Calls();
        DeviceAgent clone = lab.startDevice(CallHomeStrategy.REVERSE_SSH, RS_1, Role.ADMIN, cloneCalls,
                calling(CallHomeStrategy.REVERSE_SSH, node(3)));
        Eventually.until(WAIT, () -> cloneCalls.list().contains("connected node-3"),
                () -> "the clone of rs-1 connected to node 3; its calls: " + cloneCalls.list());
        Eventually.until(WAIT, () -> rs1Calls.since(since).contains("disconnected node-1"),
                () -> "node 1 closing rs-1's older session once node 3 took the device; rs-1's calls since: "
                        + rs1Calls.since(since));
        clone.close();
        awaitConnected(RS_1, node(1), nodes);
        Eventually.until(WAIT, () -> rs1.sessions().size() == 1,
                () -> "rs-1 with one NETCONF session; it has " + rs1.sessions().size());
    }

    @Test
    @Order(5)
    void aNodeKilledRightAfterAnApprovalLosesNoTrustAndItsDevicesComeBackOnTheOthers() throws Exception {
        Node victim = node(1);
        List<Node> survivors = List.of(node(2), node(3));
        HttpResponse<String> approved = victim.nms().post("/api/devices", new JsonObject().put("id", DSC_2)
                .put("strategy", CallHomeStrategy.DEVICE_SSH_CLIENT.wireName())
                .put("publicKey", SshKeys.toOpenSsh(lab.identityOf(CallHomeStrategy.DEVICE_SSH_CLIENT, DSC_2)
                        .getPublic())).encode());
        assertEquals(201, approved.statusCode(), approved.body());
        victim.nms().kill();
        long killedAt = System.nanoTime();

        // the survivors stop showing anything connected on the dead node within the failure detection
        for (Node node : survivors) {
            AtomicReference<JsonArray> last = new AtomicReference<>();
            Duration left = FAILURE_DETECTED.minusNanos(System.nanoTime() - killedAt);
            Eventually.until(left.isNegative() ? Duration.ZERO : left, () -> {
                last.set(node.nms().devices());
                return last.get().stream().map(JsonObject.class::cast).noneMatch(device ->
                        victim.name().equals(device.getString("node")) && "connected".equals(device.getString("state")));
            }, () -> node.name() + " no longer listing a device connected on " + victim.name() + " "
                    + FAILURE_DETECTED.toSeconds() + " s after its SIGKILL; it lists "
                    + (last.get() == null ? "nothing" : last.get().encodePrettily()));
        }
        LOG.info("{} SIGKILLed: both survivors showed nothing connected on it after {} ms", victim.name(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
        awaitMembers(survivors, WAIT);

        // no trust decision lost: the approval answered 201 is in the survivors' stores and files
        for (Node node : survivors) {
            AtomicReference<String> last = new AtomicReference<>();
            Eventually.until(WAIT, () -> {
                JsonObject trust = node.nms().trust();
                Path file = node.stateDir().resolve("trusted-devices.json");
                String written = Files.exists(file) ? Files.readString(file) : "{}";
                last.set("/api/trust " + trust.encodePrettily() + "\n" + file + ": " + written);
                return ids(trust.getJsonArray("devices")).contains(DSC_2)
                        && ids(new JsonObject(written).getJsonArray("devices", new JsonArray())).contains(DSC_2);
            }, () -> node.name() + " holding dsc-2's approval, answered by " + victim.name() + " before its kill: "
                    + last.get());
        }

        // its device comes back on the next node of its list; both devices answer through both survivors
        awaitConnected(RS_1, node(2), survivors);
        LOG.info("rs-1 shown connected on node-2 by both survivors {} ms after node-1's SIGKILL",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
        for (Node through : survivors) {
            for (String id : List.of(RS_1, DSC_1)) {
                HttpResponse<String> reply = through.nms().post("/api/devices/" + id + "/rpc", GET_CONFIG);
                assertEquals(200, reply.statusCode(), id + " through " + through.name() + ": " + reply.body());
                assertTrue(reply.body().contains("<data"), id + " through " + through.name() + ": " + reply.body());
            }
        }
        // the device approved on the dead node: trusted but not connected anywhere yet, then in on node 3
        HttpResponse<String> notYet = node(2).nms().post("/api/devices/" + DSC_2 + "/rpc", GET_CONFIG);
        assertEquals(409, notYet.statusCode(), notYet.body());
        lab.startDevice(CallHomeStrategy.DEVICE_SSH_CLIENT, DSC_2, Role.ADMIN, new DialerListener() { },
                calling(CallHomeStrategy.DEVICE_SSH_CLIENT, node(3), node(2), victim));
        awaitConnected(DSC_2, node(3), survivors);
        HttpResponse<String> reply = node(2).nms().post("/api/devices/" + DSC_2 + "/rpc", GET_CONFIG);
        assertEquals(200, reply.statusCode(), reply.body());
    }

    /** Node {@code number}, counted from 1 as in the names. */
    private Node node(int number) {
        return nodes.get(number - 1);
    }

    /**
     * A device's call-home settings: the nodes' endpoints for {@code strategy} in the order given,
     * each round starting with the first (first-listed), one attempt per endpoint, the dialer's
     * 1 s first backoff.
     */
    private static CallHomeSettings calling(CallHomeStrategy strategy, Node... order) {
        return new CallHomeSettings("cluster", Arrays.stream(order).map(node -> node.endpoint(strategy)).toList(),
                new ConnectionType.Persistent(), new ReconnectStrategy(StartWith.FIRST_LISTED, Duration.ofSeconds(2), 1),
                new Keepalives(Duration.ofSeconds(2), 3), CallHomeSettings.DEFAULT_JITTER_FRACTION);
    }

    /**
     * Waits until every node in {@code expected}, and no other, is a member on each of them, each
     * member with its name and HTTP address.
     */
    private static void awaitMembers(List<Node> expected, Duration timeout) throws InterruptedException {
        Set<String> names = expected.stream().map(Node::name).collect(Collectors.toSet());
        AtomicReference<String> last = new AtomicReference<>("no answer yet");
        Eventually.until(timeout, () -> {
            for (Node node : expected) {
                if (!node.nms().isAlive()) {
                    throw new AssertionError(node.name() + " exited while the cluster formed");
                }
                try {
                    HttpResponse<String> answer = node.nms().get("/api/cluster");
                    last.set(node.name() + ": " + answer.statusCode() + " " + answer.body());
                    if (answer.statusCode() != 200 || !memberNames(new JsonObject(answer.body())).equals(names)) {
                        return false;
                    }
                } catch (IOException e) {
                    last.set(node.name() + ": " + e);
                    return false;
                }
            }
            return true;
        }, () -> "every node of " + names + " listing exactly those as members; last answer: " + last.get());
    }

    /** The names of the members a node lists, each with its HTTP address (a member that has none yet: "?"). */
    private static Set<String> memberNames(JsonObject cluster) {
        return cluster.getJsonArray("members", new JsonArray()).stream().map(JsonObject.class::cast)
                .map(member -> member.getString("http") == null ? "?" : Objects.toString(member.getString("name")))
                .collect(Collectors.toSet());
    }

    /** Waits until each of {@code on} lists {@code id} connected on {@code holder}. */
    private static void awaitConnected(String id, Node holder, List<Node> on) throws Exception {
        for (Node node : on) {
            AtomicReference<JsonArray> last = new AtomicReference<>();
            Eventually.until(WAIT, () -> {
                last.set(node.nms().devices());
                return connectedOn(last.get(), id).equals(Optional.of(holder.name()));
            }, () -> node.name() + " listing " + id + " connected on " + holder.name() + "; it lists "
                    + (last.get() == null ? "nothing" : last.get().encodePrettily()));
        }
    }

    /** The node a fleet list shows {@code id} connected on; fails if it shows it connected on two. */
    private static Optional<String> connectedOn(JsonArray devices, String id) {
        List<String> holders = devices.stream().map(JsonObject.class::cast)
                .filter(device -> id.equals(device.getString("id")) && "connected".equals(device.getString("state")))
                .map(device -> Objects.toString(device.getValue("node"))).toList();
        assertTrue(holders.size() <= 1, id + " is listed connected on " + holders + ": " + devices.encodePrettily());
        return holders.stream().findFirst();
    }

    private static Set<String> ids(JsonArray entries) {
        return entries.stream().map(JsonObject.class::cast).map(entry -> entry.getString("id"))
                .filter(Objects::nonNull).collect(Collectors.toSet());
    }

    /** {@code count} distinct ports free on loopback a moment ago. */
    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                open.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return open.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : open) {
                socket.close();
            }
        }
    }

    /** What a device's dialer reported, in order: "connected node-3", "failed node-1", "disconnected node-3", ... */
    private static final class Calls implements DialerListener {
        private final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void connected(Endpoint endpoint) {
            calls.add("connected " + endpoint.name());
        }

        @Override
        public void failed(Endpoint endpoint, Throwable why) {
            calls.add("failed " + endpoint.name());
        }

        @Override
        public void disconnected(Endpoint endpoint, String reason) {
            calls.add("disconnected " + endpoint.name());
        }

        List<String> list() {
            return List.copyOf(calls);
        }

        List<String> since(int index) {
            List<String> all = list();
            return all.subList(Math.min(index, all.size()), all.size());
        }
    }

    /** A failure in a test or in starting the cluster comes with the end of every node's log. */
    private static final class LogTails implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
        private final Supplier<List<Node>> nodes;

        LogTails(Supplier<List<Node>> nodes) {
            this.nodes = nodes;
        }

        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) {
            throw withTails(failure);
        }

        @Override
        public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) {
            throw withTails(failure);
        }

        private AssertionError withTails(Throwable failure) {
            String tails = nodes.get().stream().map(node -> node.nms().logTail(LOG_TAIL_LINES))
                    .collect(Collectors.joining("\n"));
            return new AssertionError(failure + "\n" + tails, failure);
        }
    }
}
