package org.callhome.nms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.callhome.nms.NmsServer;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.devicessh.DeviceSshServer;
import org.callhome.nms.trust.TrustStore;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API of a real NMS on loopback, as scripts use it: the bearer token, trusting and
 * revoking devices, the error answers (always JSON, never a 5xx), the event stream, the metrics
 * and the dashboard's files. Devices that really connect are the system tests' part.
 */
class NmsApiTest {

    private static final String TOKEN = "0123456789abcdef-test-token";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final KeyPair devKey = SshKeys.generateEd25519();
    private NmsServer nms;

    @AfterEach
    void stop() throws Exception {
        if (nms != null) {
            nms.close();
        }
    }

    @Test
    void theApiAndTheMetricsRequireTheTokenButTheDashboardFilesDoNot() throws Exception {
        start(Map.of("dev-1", devKey));
        for (String path : new String[] {"/api/devices", "/api/events", "/metrics", "/api/nope"}) {
            HttpResponse<String> none = send(request(path).GET(), null);
            assertEquals(401, none.statusCode(), path);
            assertTrue(none.headers().firstValue("www-authenticate").orElse("").startsWith("Bearer"), path);
            assertEquals(401, new JsonObject(none.body()).getInteger("status"));
            assertEquals(401, send(request(path).GET(), "wrong-token-wrong-token").statusCode(), path);
        }
        assertEquals(200, get("/api/devices").statusCode());

        HttpResponse<String> page = send(request("/").GET(), null);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(page.headers().firstValue("content-security-policy").orElse("").contains("default-src 'self'"));
        assertTrue(page.body().contains("<script src=\"app.js\""), page.body());
        // before its script has asked the API anything, the page says it is loading
        assertTrue(page.body().contains("<table id=\"devices\" data-state=\"loading\">"), page.body());
        assertTrue(page.body().contains("Loading devices…") && page.body().contains("Loading recent events…"),
                page.body());
        assertEquals(200, send(request("/app.js").GET(), null).statusCode());
        assertFalse(page.body().contains(TOKEN));
    }

    @Test
    void anApiOffLoopbackWithoutATokenIsRefusedAtStart() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> settings(new InetSocketAddress("0.0.0.0", 0), Optional.empty(), Map.of()));
        assertTrue(refused.getMessage().contains("--api-token-file"), refused.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> settings(new InetSocketAddress("127.0.0.1", 0), Optional.of("short"), Map.of()));
        for (String weak : new String[] {"aaaaaaaaaaaaaaaaaaaaaaaa", "abababababababababab", "passwordpassword",
            "aaaaaaaaaaaabcdefghijklm"}) {
            IllegalArgumentException guessable = assertThrows(IllegalArgumentException.class,
                    () -> settings(new InetSocketAddress("127.0.0.1", 0), Optional.of(weak), Map.of()), weak);
            assertTrue(guessable.getMessage().contains("too easy to guess"), guessable.getMessage());
        }
        // at the rules' limits: 16 characters, 10 different ones, the most frequent just under half
        assertEquals(null, NmsSettings.problemWithToken("aaaaaaabcdefghij"));
        assertEquals(null, NmsSettings.problemWithToken("aaaaaaaabcdefghijk"));
        assertTrue(NmsSettings.problemWithToken("aaaaaaaaabcdefghij") != null, "one character half of it");
        assertTrue(NmsSettings.problemWithToken("aaaaaabbcdefghii") != null, "9 different characters");
    }

    @Test
    void aDeviceTrustedByKeyIsListedSurvivesARestartAndIsRevoked() throws Exception {
        start(Map.of());
        String body = new JsonObject().put("id", "dev-9").put("strategy", "device-ssh-client")
                .put("publicKey", SshKeys.toOpenSsh(devKey.getPublic())).put("notes", "lab bench").encode();
        HttpResponse<String> created = post("/api/devices", body);
        assertEquals(201, created.statusCode(), created.body());
        JsonObject device = new JsonObject(created.body());
        assertEquals("disconnected", device.getString("state"));
        assertTrue(device.getBoolean("trusted"));
        // the NMS cannot call it: the answer says when the trust applies, the entry that it waits for that
        assertEquals(ApiVerticle.TAKES_EFFECT_AT_NEXT_CALL, device.getString("trustTakesEffect"));
        assertTrue(device.getBoolean("awaitingCall"));
        assertTrue(new JsonObject(get("/api/devices/dev-9").body()).getBoolean("awaitingCall"));
        assertEquals(SshKeys.fingerprint(devKey.getPublic()), device.getString("fingerprint"));
        assertEquals("lab bench", device.getJsonObject("trust").getString("notes"));
        assertEquals(200, post("/api/devices", body).statusCode(), "the same request again changes nothing");

        nms.close();
        nms = NmsServer.start(settings(new InetSocketAddress("127.0.0.1", 0), Optional.of(TOKEN), Map.of()));
        HttpResponse<String> after = get("/api/devices/dev-9");
        assertEquals(200, after.statusCode(), after.body());
        assertEquals("api", new JsonObject(after.body()).getJsonObject("trust").getString("source"));

        HttpResponse<String> revoked = send(request("/api/devices/dev-9").DELETE(), TOKEN);
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals("dev-9", new JsonObject(revoked.body()).getJsonObject("revoked").getString("id"));
        assertEquals(404, get("/api/devices/dev-9").statusCode());
        assertEquals(404, send(request("/api/devices/dev-9").DELETE(), TOKEN).statusCode());
        JsonObject trust = new JsonObject(get("/api/trust").body());
        assertEquals(SshKeys.fingerprint(devKey.getPublic()),
                trust.getJsonArray("revoked").getJsonObject(0).getString("fingerprint"));
        assertTrue(Files.readString(dir.resolve("state").resolve(TrustStore.FILE_NAME)).contains("\"revoked\""));
    }

    @Test
    void badRequestsGetA4xxWithAJsonBody() throws Exception {
        start(Map.of("dev-1", devKey));
        String key = SshKeys.toOpenSsh(SshKeys.generateEd25519().getPublic());
        Object[][] cases = {
            {"{not json", 400, "JSON object"},
            {"[1, 2]", 400, "JSON object"},
            {"", 400, "JSON object"},
            {"{\"id\": \"dev-2\", \"strategy\": \"reverse-ssh\", \"publicKey\": \"" + key + "\", \"colour\": 1}", 400,
                "unknown field 'colour'"},
            {"{\"strategy\": \"reverse-ssh\", \"publicKey\": \"" + key + "\"}", 400, "a device id is required"},
            {"{\"id\": \"a b\", \"strategy\": \"reverse-ssh\", \"publicKey\": \"" + key + "\"}", 400, "must be 1 to 64"},
            {"{\"id\": 7, \"strategy\": \"reverse-ssh\", \"publicKey\": \"" + key + "\"}", 400, "'id' must be a string"},
            {"{\"id\": \"dev-2\"}", 400, "give approveFingerprint"},
            {"{\"id\": \"dev-2\", \"strategy\": \"carrier-pigeon\", \"publicKey\": \"" + key + "\"}", 400,
                "carrier-pigeon"},
            {"{\"id\": \"dev-2\", \"strategy\": \"reverse-ssh\", \"publicKey\": \"ssh-ed25519 !!!\"}", 400, "base64"},
            {"{\"id\": \"dev-2\", \"approveFingerprint\": \"SHA256:nobodyhasthis\"}", 404, "no rejected device"},
            {"{\"id\": \"dev-1\", \"strategy\": \"reverse-ssh\", \"publicKey\": \"" + key + "\"}", 409, "another key"},
            {"{\"id\": \"dev-2\", \"strategy\": \"reverse-ssh\", \"publicKey\": \""
                + SshKeys.toOpenSsh(devKey.getPublic()) + "\"}", 409, "already trusted for device 'dev-1'"},
            {"{\"id\": \"dev-2\", \"strategy\": \"device-ssh-client\", \"publicKey\": \"" + key
                + "\", \"nmsUsername\": \"ops\"}", 400, "for reverse-ssh devices"},
            {"{\"id\": \"dev-2\", \"strategy\": \"reverse-ssh\", \"publicKey\": \"" + key
                + "\", \"nmsIdentityFile\": \"" + dir.resolve("missing") + "\"}", 400, "NMS identity"},
        };
        for (Object[] c : cases) {
            HttpResponse<String> response = post("/api/devices", (String) c[0]);
            assertEquals(c[1], response.statusCode(), c[0] + " -> " + response.body());
            JsonObject error = new JsonObject(response.body());
            assertEquals(c[1], error.getInteger("status"));
            assertTrue(error.getString("error").contains((String) c[2]), c[0] + " -> " + error);
        }
        assertEquals(1, new JsonArray(get("/api/devices").body()).size(), "nothing was added");

        assertError(get("/api/devices/nope"), 404, "no device with id 'nope'");
        assertError(get("/api/devices/nope/config"), 404, "no device");
        assertError(get("/api/devices/dev-1/config"), 409, "not connected");
        assertError(post("/api/devices/dev-1/rpc", "<get-config"), 409, "not connected");
        assertError(get("/api/devices/nope/schemas"), 404, "no device");
        assertError(get("/api/devices/dev-1/schemas"), 409, "not connected");
        assertError(get("/api/devices/dev-1/schemas/ietf-netconf-monitoring"), 409, "not connected");
        assertError(get("/api/nope"), 404, "no such route");
        assertError(send(request("/api/devices").PUT(HttpRequest.BodyPublishers.ofString("{}")), TOKEN), 405,
                "not allowed");
        assertError(post("/api/devices", "x".repeat(NetconfLimits.DEFAULT.maxMessageBytes() + 1)), 413, "larger than");
    }

    @Test
    void theEventStreamAndTheMetricsFollowChanges() throws Exception {
        start(Map.of());
        HttpResponse<InputStream> stream = http.send(request("/api/events").header("authorization", "Bearer " + TOKEN)
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        CompletableFuture<String> approved = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                String id = null;
                String event = null;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ") && "approved".equals(event)) {
                        return id + " " + line.substring(6);
                    }
                }
                return null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(201, post("/api/devices", new JsonObject().put("id", "dev-5").put("strategy", "reverse-ssh")
                .put("publicKey", SshKeys.toOpenSsh(devKey.getPublic())).encode()).statusCode());
        String[] block = approved.get(10, TimeUnit.SECONDS).split(" ", 2);
        JsonObject event = new JsonObject(block[1]);
        assertEquals("approved", event.getString("type"));
        assertEquals("dev-5", event.getString("id"));
        assertEquals("disconnected", event.getJsonObject("device").getString("state"));
        stream.body().close();
        // the same event, numbered alike, for whoever opens the dashboard (or asks) later
        JsonObject recent = new JsonArray(get("/api/events/recent").body()).getJsonObject(0);
        assertEquals(Long.parseLong(block[0]), recent.getLong("sequence"));
        assertEquals("approved", recent.getString("type"));
        assertEquals(event, recent.getJsonObject("data"));

        String metrics = get("/metrics").body();
        assertTrue(metrics.contains("callhome_sessions{state=\"disconnected\",strategy=\"reverse-ssh\"} 1.0"), metrics);
        assertTrue(metrics.contains("callhome_sessions{state=\"connected\",strategy=\"device-ssh-client\"} 0.0"),
                metrics);
        assertTrue(metrics.contains("vertx_http_server_requests_total"), "Vert.x's own meters are there too");

        JsonArray strategies = new JsonArray(get("/api/strategies").body());
        assertEquals("reverse-ssh", strategies.getJsonObject(0).getString("strategy"));
        assertEquals(1, strategies.getJsonObject(0).getInteger("trusted"));
        assertTrue(strategies.getJsonObject(1).getBoolean("served"));
    }

    @Test
    void recentEventsKeepTheLastHundredOldestFirst() throws Exception {
        start(Map.of());
        assertEquals(new JsonArray(), new JsonArray(get("/api/events/recent").body()));
        for (int i = 1; i <= RecentEvents.MAX_EVENTS + 1; i++) {
            assertEquals(201, post("/api/devices", new JsonObject().put("id", "dev-" + i).put("strategy", "reverse-ssh")
                    .put("publicKey", SshKeys.toOpenSsh(SshKeys.generateEd25519().getPublic())).encode()).statusCode());
            if (i == RecentEvents.MAX_EVENTS) {
                JsonArray atLimit = new JsonArray(get("/api/events/recent").body());
                assertEquals(RecentEvents.MAX_EVENTS, atLimit.size());
                assertEquals(1, atLimit.getJsonObject(0).getLong("sequence"));
                assertEquals("dev-1", atLimit.getJsonObject(0).getJsonObject("data").getString("id"));
            }
        }
        JsonArray pastLimit = new JsonArray(get("/api/events/recent").body());
        assertEquals(RecentEvents.MAX_EVENTS, pastLimit.size(), "the oldest is dropped, not kept");
        assertEquals(2, pastLimit.getJsonObject(0).getLong("sequence"));
        JsonObject newest = pastLimit.getJsonObject(RecentEvents.MAX_EVENTS - 1);
        assertEquals(RecentEvents.MAX_EVENTS + 1, newest.getLong("sequence"));
        assertEquals("approved", newest.getString("type"));
        assertEquals("dev-" + (RecentEvents.MAX_EVENTS + 1), newest.getJsonObject("data").getString("id"));
        assertEquals(401, send(request("/api/events/recent").GET(), null).statusCode(), "behind the token too");
    }

    private void assertError(HttpResponse<String> response, int status, String text) {
        assertEquals(status, response.statusCode(), response.body());
        JsonObject error = new JsonObject(response.body());
        assertEquals(status, error.getInteger("status"));
        assertTrue(error.getString("error").contains(text), error.encode());
    }

    private void start(Map<String, KeyPair> known) throws Exception {
        nms = NmsServer.start(settings(new InetSocketAddress("127.0.0.1", 0), Optional.of(TOKEN), known));
    }

    private NmsSettings settings(InetSocketAddress httpAddress, Optional<String> token, Map<String, KeyPair> known)
            throws Exception {
        Map<String, java.security.PublicKey> keys = new java.util.LinkedHashMap<>();
        known.forEach((id, pair) -> keys.put(id, pair.getPublic()));
        return new NmsSettings(
                Optional.of(new NmsSettings.ReverseSsh(new InetSocketAddress("127.0.0.1", 0), KnownDevices.of(keys),
                        SshKeys.generateEd25519(), "nms", false)),
                Optional.of(new NmsSettings.DeviceSsh(new InetSocketAddress("127.0.0.1", 0), SshKeys.generateEd25519(),
                        KnownDevices.of(Map.of()), DeviceSshServer.DEFAULT_SUBSYSTEM)),
                httpAddress, token, Duration.ofSeconds(10), NmsSettings.DEFAULT_MAX_STARTUPS, Keepalives.DEFAULT,
                Duration.ofSeconds(10),
                NetconfLimits.DEFAULT, dir.resolve("state"));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nms.httpPort() + path))
                .timeout(Duration.ofSeconds(20));
    }

    private HttpResponse<String> send(HttpRequest.Builder builder, String token) throws Exception {
        if (token != null) {
            builder.header("authorization", "Bearer " + token);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(request(path).GET(), TOKEN);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send(request(path).header("content-type", path.endsWith("/rpc") ? "application/xml" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), TOKEN);
    }
}
