package org.callhome.system;

import static org.callhome.system.CallHomeLab.GET_CONFIG;
import static org.callhome.system.CallHomeLab.edit;
import static org.callhome.system.CallHomeLab.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.callhome.device.DeviceAgent;
import org.callhome.device.callhome.DialerListener;
import org.callhome.device.yang.DeviceSchema;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.testing.RepositoryFiles;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our reverse-ssh device against our NMS on loopback, through the NMS's HTTP API: what only
 * reverse-ssh has (host-key identity, the NMS's own login, re-connection) and the API's errors.
 * What both strategies share is in {@link CallHomeEndToEndTest}.
 */
class ReverseSshEndToEndTest {

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

    @Test
    void perDeviceCredentialsGivenThroughTheApiAreWhatTheNmsLogsInWith() throws Exception {
        lab.startNms(Map.of(), 0);
        // dev-3 lets only 'ops' in, with a key of its own: the NMS-wide 'nms' key would be refused
        KeyPair opsKey = SshKeys.generateEd25519();
        Path opsKeyFile = dir.resolve("dev-3-ops-key");
        SshKeys.writePrivateKey(opsKey, opsKeyFile);
        lab.startDevice("dev-3", lab.deviceSsh("dev-3", "ops", Role.READ_ONLY, opsKey.getPublic()),
                CallHomeLab.callHome(lab.nms.callHomeAddress().getPort()), new DialerListener() { });
        HttpResponse<String> trusted = lab.post("/api/devices", new JsonObject()
                .put("id", "dev-3").put("strategy", "reverse-ssh")
                .put("publicKey", SshKeys.toOpenSsh(lab.hostKey("dev-3").getPublic()))
                .put("nmsUsername", "ops").put("nmsIdentityFile", opsKeyFile.toString()).encode());
        assertEquals(201, trusted.statusCode(), trusted.body());
        assertTrue(trusted.body().contains("\"nmsUsername\" : \"ops\""), trusted.body());
        assertFalse(trusted.body().contains("PRIVATE"), trusted.body());

        JsonObject device = lab.awaitDevice(state("dev-3", "connected"), "dev-3 connected with its own credentials");
        assertEquals("ops", device.getString("username"));
        HttpResponse<String> edit = lab.post("/api/devices/dev-3/rpc", edit("<a xmlns=\"urn:a\">1</a>"));
        assertTrue(edit.body().contains("<error-tag>access-denied</error-tag>"), "ops is read-only: " + edit.body());
    }

    @Test
    void aLargeConfigurationCrossesTheSshChannelIntactWithManyRpcsInFlight() throws Exception {
        lab.startNms(Map.of("dev-1", lab.hostKey("dev-1")), 0);
        lab.startDevice("dev-1", lab.deviceSsh("dev-1", "nms", Role.ADMIN, lab.nmsIdentity.getPublic()),
                CallHomeLab.callHome(lab.nms.callHomeAddress().getPort()), new DialerListener() { });
        lab.awaitDevice(state("dev-1", "connected"), "dev-1 connected");
        StringBuilder config = new StringBuilder("<big xmlns=\"urn:big\">");
        for (int i = 0; i < 100; i++) {
            config.append("<entry><name>e").append(i).append("</name><value>").append("x".repeat(30_000))
                    .append("</value></entry>");
        }
        config.append("</big>");
        HttpResponse<String> edit = lab.post("/api/devices/dev-1/rpc", edit(config.toString()));
        assertEquals(200, edit.statusCode(), edit.body());
        assertTrue(edit.body().contains("<ok/>"), edit.body());
        java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> gets = new java.util.ArrayList<>();
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 4; i++) {
            gets.add(client.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://127.0.0.1:" + lab.nms.httpPort() + "/api/devices/dev-1/rpc"))
                    .header("content-type", "application/xml")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(GET_CONFIG)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (var get : gets) {
            HttpResponse<String> response = get.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertTrue(response.body().length() > 3_000_000, "reply of " + response.body().length() + " chars");
            assertTrue(response.body().contains("<name>e99</name>"));
        }
    }

    @Test
    void apiAnswersClearErrors() throws Exception {
        lab.startNms(Map.of("dev-1", lab.hostKey("dev-1"), "dev-2", lab.hostKey("dev-2")), 0);
        lab.startDevice("dev-1", lab.deviceSsh("dev-1", "nms", Role.ADMIN, lab.nmsIdentity.getPublic()),
                CallHomeLab.callHome(lab.nms.callHomeAddress().getPort()), new DialerListener() { });
        lab.awaitDevice(state("dev-1", "connected"), "dev-1 connected");

        assertStatus(404, lab.post("/api/devices/nope/rpc", GET_CONFIG));
        assertStatus(409, lab.post("/api/devices/dev-2/rpc", GET_CONFIG));
        assertStatus(400, lab.post("/api/devices/dev-1/rpc", "<get-config"));
        assertStatus(400, lab.post("/api/devices/dev-1/rpc", ""));
        assertStatus(404, lab.get("/api/nothing"));
        HttpResponse<String> rpcError = lab.post("/api/devices/dev-1/rpc", "<get-config xmlns=\"" + Netconf.BASE_NS + "\"/>");
        assertEquals(200, rpcError.statusCode());
        assertTrue(rpcError.body().contains("<error-tag>missing-element</error-tag>"), rpcError.body());
        JsonObject dev2 = lab.awaitDevice(state("dev-2", "disconnected"), "dev-2 listed as disconnected");
        assertEquals(SshKeys.fingerprint(lab.hostKey("dev-2").getPublic()), dev2.getString("hostKeyFingerprint"));
    }

    @Test
    void theApiListsTheModulesOfAReadOnlyLoginAndServesTheirText() throws Exception {
        lab.startNms(Map.of("dev-1", lab.hostKey("dev-1"), "dev-2", lab.hostKey("dev-2")), 0);
        lab.startDevice("dev-1", lab.deviceSsh("dev-1", "nms", Role.READ_ONLY, lab.nmsIdentity.getPublic()),
                CallHomeLab.callHome(lab.nms.callHomeAddress().getPort()), new DialerListener() { });
        lab.awaitDevice(state("dev-1", "connected"), "dev-1 connected");

        HttpResponse<String> listed = lab.get("/api/devices/dev-1/schemas");
        assertEquals(200, listed.statusCode(), listed.body());
        JsonObject answer = new JsonObject(listed.body());
        assertEquals("dev-1", answer.getString("device"));
        assertEquals("netconf-state", answer.getString("source"));
        JsonArray schemas = answer.getJsonArray("schemas");
        assertEquals(DeviceSchema.shipped().modules().size(), schemas.size(), listed.body());
        JsonObject monitoring = new JsonObject().put("identifier", "ietf-netconf-monitoring")
                .put("version", "2010-10-04").put("format", "yang")
                .put("namespace", "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring")
                .put("location", new JsonArray().add("NETCONF"));
        assertTrue(IntStream.range(0, schemas.size()).mapToObj(schemas::getJsonObject).anyMatch(monitoring::equals),
                listed.body());

        String file = Files.readString(RepositoryFiles.ietfYang().resolve("ietf-netconf-monitoring@2010-10-04.yang"));
        for (String path : List.of("/api/devices/dev-1/schemas/ietf-netconf-monitoring",
                "/api/devices/dev-1/schemas/ietf-netconf-monitoring?version=2010-10-04")) {
            HttpResponse<String> text = lab.get(path);
            assertEquals(200, text.statusCode(), text.body());
            assertTrue(text.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
            assertEquals(file, text.body(), path);
        }
        assertStatus(404, lab.get("/api/devices/dev-1/schemas/no-such-module"));
        assertStatus(404, lab.get("/api/devices/dev-1/schemas/ietf-netconf-monitoring?version=1999-01-01"));
        assertStatus(404, lab.get("/api/devices/nope/schemas"));
        assertStatus(409, lab.get("/api/devices/dev-2/schemas"));
    }

    private static void assertStatus(int expected, HttpResponse<String> response) {
        assertEquals(expected, response.statusCode(), response.body());
        assertTrue(new JsonObject(response.body()).getString("error") != null, response.body());
    }

    @Test
    void unknownDeviceIsRejectedBeforeAnyCredentialAndShownWithItsFingerprint() throws Exception {
        lab.startNms(Map.of("dev-1", lab.hostKey("dev-1")), 0);
        CopyOnWriteArrayList<Throwable> failures = new CopyOnWriteArrayList<>();
        DeviceAgent rogue = lab.startDevice("rogue", lab.deviceSsh("rogue", "nms", Role.ADMIN,
                lab.nmsIdentity.getPublic()), CallHomeLab.callHome(lab.nms.callHomeAddress().getPort()),
                new DialerListener() {
                    @Override
                    public void failed(Endpoint endpoint, Throwable why) {
                        failures.add(why);
                    }
                });
        JsonObject seen = lab.awaitDevice(device -> "rejected".equals(device.getString("state"))
                && rogue.hostKeyFingerprint().equals(device.getString("hostKeyFingerprint")), "rejected rogue");
        assertEquals(null, seen.getString("id"));
        assertTrue(seen.getLong("attempts") >= 1);
        Eventually.until(CallHomeLab.WAIT, () -> !failures.isEmpty(), () -> "a failure reported by the rogue's dialer");
        assertTrue(failures.get(0).getMessage().contains("before authenticating"), failures.get(0).getMessage());
    }

    @Test
    void nmsWithTheWrongKeyCannotLogIn() throws Exception {
        lab.startNms(Map.of("dev-1", lab.hostKey("dev-1")), 0);
        KeyPair stranger = SshKeys.generateEd25519();
        lab.startDevice("dev-1", lab.deviceSsh("dev-1", "nms", Role.ADMIN, stranger.getPublic()),
                CallHomeLab.callHome(lab.nms.callHomeAddress().getPort()), new DialerListener() { });
        JsonObject device = lab.awaitDevice(state("dev-1", "auth-failed"), "dev-1 auth-failed");
        assertTrue(device.getString("lastError").contains("did not accept the NMS's key"), device.encode());
    }

    @Test
    void secondSessionWithTheSameHostKeyIsRefused() throws Exception {
        lab.startNms(Map.of("dev-1", lab.hostKey("dev-1")), 0);
        int port = lab.nms.callHomeAddress().getPort();
        lab.startDevice("dev-1", lab.deviceSsh("dev-1", "nms", Role.ADMIN, lab.nmsIdentity.getPublic()),
                CallHomeLab.callHome(port), new DialerListener() { });
        JsonObject first = lab.awaitDevice(state("dev-1", "connected"), "dev-1 connected");
        // a clone: same host key file, its own data folder
        lab.startDevice("dev-1", lab.deviceSsh("dev-1", "nms", Role.ADMIN, lab.nmsIdentity.getPublic()),
                CallHomeLab.callHome(port), new DialerListener() { });
        JsonObject after = lab.awaitDevice(device -> "dev-1".equals(device.getString("id"))
                && device.getJsonObject("lastRefusedAttempt") != null
                && device.getJsonObject("lastRefusedAttempt").getString("reason").contains("already live"),
                "dev-1 clone refused");
        assertEquals("connected", after.getString("state"));
        assertEquals(first.getLong("sessionId"), after.getLong("sessionId"));
        // the clone's refusal is shown apart: the live session's address and error stay
        assertEquals(first.getString("remoteAddress"), after.getString("remoteAddress"));
        assertNull(after.getString("lastError"), after.encodePrettily());
        assertEquals("already-connected", after.getJsonObject("lastRefusedAttempt").getString("kind"));
    }

    @Test
    void deviceKeepsCallingUntilTheNmsListensAndComesBackAfterARestart() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        KeyPair deviceKey = lab.hostKey("dev-1");
        CopyOnWriteArrayList<Throwable> failures = new CopyOnWriteArrayList<>();
        lab.startDevice("dev-1", lab.deviceSsh("dev-1", "nms", Role.ADMIN, lab.nmsIdentity.getPublic()),
                CallHomeLab.callHome(port), new DialerListener() {
                    @Override
                    public void failed(Endpoint endpoint, Throwable why) {
                        failures.add(why);
                    }
                });
        Eventually.until(CallHomeLab.WAIT, () -> failures.size() >= 2,
                () -> "the device retrying while nothing listened; failed attempts: " + failures.size());

        lab.startNms(Map.of("dev-1", deviceKey), port);
        JsonObject first = lab.awaitDevice(state("dev-1", "connected"), "dev-1 connected");

        lab.stopNms();
        lab.startNms(Map.of("dev-1", deviceKey), port);
        JsonObject again = lab.awaitDevice(state("dev-1", "connected"), "dev-1 back after the NMS restarted");
        assertFalse(again.getLong("sessionId").equals(first.getLong("sessionId")), "a new NETCONF session");
    }
}
