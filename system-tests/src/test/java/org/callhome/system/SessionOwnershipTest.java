package org.callhome.system;

import static org.callhome.system.CallHomeLab.GET_CONFIG;
import static org.callhome.system.CallHomeLab.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.callhome.device.callhome.DialerListener;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.ConnectionType;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.config.ReconnectStrategy;
import org.callhome.shared.config.StartWith;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.testsupport.polling.Eventually;
import org.callhome.testsupport.relay.LoopbackRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Who owns a device's session: the device's dialer owns its connections (one it gave up on is
 * closed, never left for NETCONF to run on), and the NMS owns its session with the device (the
 * RPC route does not end it).
 */
class SessionOwnershipTest {

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
    void aConnectionTheDialerGaveUpOnIsClosedSoTheDialerAndTheNmsAgreeOnTheSession(CallHomeStrategy strategy)
            throws Exception {
        lab.startNmsTrusting(strategy, 0, 0, "dev-1");
        InetSocketAddress nms = lab.nms.address(strategy);
        // the NMS stalls: nothing it sends reaches the device until the gate opens
        CountDownLatch stall = new CountDownLatch(1);
        List<LoopbackRelay.Connection> relayed = new CopyOnWriteArrayList<>();
        try (LoopbackRelay relay = new LoopbackRelay(nms, 50, connection -> {
            relayed.add(connection);
            return (direction, bytes) -> {
                if (direction == LoopbackRelay.Direction.FROM_SERVER) {
                    stall.await();
                }
            };
        }, "stalling-nms")) {
            try {
                ghostSessionScenario(strategy, relayed, stall, relay);
            } finally {
                stall.countDown();
            }
        }
    }

    private void ghostSessionScenario(CallHomeStrategy strategy, List<LoopbackRelay.Connection> relayed,
                                      CountDownLatch stall, LoopbackRelay relay) throws Exception {
        List<String> dialer = new CopyOnWriteArrayList<>();
        lab.startDevice(strategy, "dev-1", Role.ADMIN, new DialerListener() {
                    @Override
                    public void connected(Endpoint endpoint) {
                        dialer.add("connected");
                    }

                    @Override
                    public void failed(Endpoint endpoint, Throwable why) {
                        dialer.add(why instanceof TimeoutException ? "timed-out" : "failed: " + why.getMessage());
                    }

                    @Override
                    public void disconnected(Endpoint endpoint, String reason) {
                        dialer.add("disconnected: " + reason);
                    }
                }, callHome(relay.port(), Duration.ofSeconds(4)));
        Eventually.until(CallHomeLab.WAIT, () -> dialer.stream().filter("timed-out"::equals).count() >= 2,
                () -> "two attempts given up at max-wait; dialer: " + dialer);
        List<LoopbackRelay.Connection> abandoned = List.copyOf(relayed.subList(0, 2));
        // while the NMS still stalls, the device closes what it gave up on: the relay saw each end
        Eventually.until(CallHomeLab.WAIT, () -> abandoned.stream().allMatch(c -> c.client().isClosed()),
                () -> "the connections given up on are closed");
        stall.countDown();

        Eventually.until(CallHomeLab.WAIT, () -> dialer.contains("connected"),
                () -> "the dialer connected once the NMS answered again; dialer: " + dialer);
        JsonObject device = lab.awaitDevice(state("dev-1", "connected"), "dev-1 connected");
        assertEquals("connected", dialer.get(dialer.size() - 1), "dialer: " + dialer);
        // the live session is the dialer's: no call of the dialer was refused for a session it does not know of
        JsonArray events = new JsonArray(lab.get("/api/events/recent").body());
        assertTrue(events.stream().map(JsonObject.class::cast)
                .noneMatch(e -> "rejected".equals(e.getString("type"))
                        && "already-connected".equals(e.getJsonObject("data").getString("kind"))),
                events.encodePrettily());
        HttpResponse<String> answer = lab.post("/api/devices/dev-1/rpc", GET_CONFIG);
        assertEquals(200, answer.statusCode(), answer.body() + " " + device.encode());
    }

    @Test
    void closeSessionAndKillSessionThroughTheRpcRouteAreRefusedAndTheSessionStaysUp() throws Exception {
        lab.startNms(Map.of("dev-1", lab.hostKey("dev-1")), 0);
        lab.startDevice("dev-1", lab.deviceSsh("dev-1", "nms", Role.ADMIN, lab.nmsIdentity.getPublic()),
                CallHomeLab.callHome(lab.nms.callHomeAddress().getPort()), new DialerListener() { });
        long sessionId = lab.awaitDevice(state("dev-1", "connected"), "dev-1 connected").getLong("sessionId");

        for (String operation : List.of("<close-session xmlns=\"" + Netconf.BASE_NS + "\"/>",
                "<kill-session xmlns=\"" + Netconf.BASE_NS + "\"><session-id>" + sessionId
                        + "</session-id></kill-session>",
                "<close-session/>")) {
            HttpResponse<String> refused = lab.post("/api/devices/dev-1/rpc", operation);
            assertEquals(400, refused.statusCode(), operation + ": " + refused.body());
            assertTrue(refused.headers().firstValue("content-type").orElse("").startsWith("application/json"),
                    refused.headers().toString());
            String error = new JsonObject(refused.body()).getString("error");
            assertTrue(error.contains("revoke the device"), error);
        }

        HttpResponse<String> answer = lab.post("/api/devices/dev-1/rpc", GET_CONFIG);
        assertEquals(200, answer.statusCode(), answer.body());
        JsonObject device = new JsonObject(lab.get("/api/devices/dev-1").body());
        assertEquals("connected", device.getString("state"), device.encodePrettily());
        assertEquals(sessionId, device.getLong("sessionId"), "the same session is up");
    }

    private static CallHomeSettings callHome(int port, Duration maxWait) {
        return new CallHomeSettings("nms", List.of(new Endpoint("nms", "127.0.0.1", port)), new ConnectionType.Persistent(),
                new ReconnectStrategy(StartWith.FIRST_LISTED, maxWait, 1), new Keepalives(Duration.ofSeconds(2), 3),
                0.2);
    }
}
