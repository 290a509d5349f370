package org.callhome.nms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.callhome.nms.NmsServer;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.devicessh.DeviceSshServer;
import org.callhome.nms.trust.StalledSaves;
import org.callhome.nms.trust.TrustStore;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API of a real NMS on loopback while a trust change is being saved, its store's saves held
 * by the test: the change's save runs on a worker, so the event loop keeps answering, and the
 * reads answer from the last saved state without waiting for the save; the change shows once the
 * save completes.
 */
class TrustSaveStalledTest {

    private static final String TOKEN = "0123456789abcdef-test-token";
    /** Far longer than a read takes, far shorter than the stalled save waits. */
    private static final Duration READ_BOUND = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final KeyPair key1 = SshKeys.generateEd25519();
    private final KeyPair key2 = SshKeys.generateEd25519();
    private final StalledSaves saves = new StalledSaves();
    private NmsServer nms;

    @BeforeEach
    void start() throws Exception {
        NmsSettings settings = settings();
        TrustStore trust = saves.open(settings.stateDir(), Map.of(
                CallHomeStrategy.REVERSE_SSH, settings.reverseSsh().orElseThrow().knownDevices(),
                CallHomeStrategy.DEVICE_SSH_CLIENT, settings.deviceSsh().orElseThrow().deviceAccounts()));
        nms = NmsServer.start(settings, trust);
        assertEquals(201, send(approval("dev-1", key1)).statusCode());
    }

    @AfterEach
    void stop() throws Exception {
        saves.release();
        nms.close();
    }

    @Test
    void getTrustAnswersWithTheSavedStateWhileAnApprovalIsBeingSaved() throws Exception {
        saves.stall();
        CompletableFuture<HttpResponse<String>> approving = http.sendAsync(approval("dev-2", key2),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(saves.awaitStalledSave(Duration.ofSeconds(10)), "the approval reached its save");

        HttpResponse<String> trust = send(get("/api/trust"));
        assertFalse(saves.released(), "answered while the save was stalled");
        assertEquals(200, trust.statusCode(), trust.body());
        assertEquals(List.of("dev-1"), ids(new JsonObject(trust.body()).getJsonArray("devices")));
        HttpResponse<String> devices = send(get("/api/devices"));
        assertEquals(200, devices.statusCode(), devices.body());
        assertEquals(List.of("dev-1"), ids(new JsonArray(devices.body())));
        assertEquals(1, new JsonArray(send(get("/api/strategies")).body()).getJsonObject(0).getInteger("trusted"));
        assertFalse(approving.isDone(), "the approval waits for its save");
        assertTrue(saves.savingThread().getName().startsWith("vert.x-worker-thread"),
                "saved on " + saves.savingThread().getName() + ", not on a worker");

        saves.release();
        HttpResponse<String> approved = approving.get(10, TimeUnit.SECONDS);
        assertEquals(201, approved.statusCode(), approved.body());
        assertEquals(List.of("dev-1", "dev-2"),
                ids(new JsonObject(send(get("/api/trust")).body()).getJsonArray("devices")));
        assertTrue(Files.readString(dir.resolve("state").resolve(TrustStore.FILE_NAME)).contains("\"dev-2\""));
    }

    @Test
    void getTrustAnswersWithTheSavedStateWhileARevocationIsBeingSaved() throws Exception {
        saves.stall();
        CompletableFuture<HttpResponse<String>> revoking = http.sendAsync(request("/api/devices/dev-1").DELETE()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(saves.awaitStalledSave(Duration.ofSeconds(10)), "the revocation reached its save");

        HttpResponse<String> trust = send(get("/api/trust"));
        assertFalse(saves.released(), "answered while the save was stalled");
        assertEquals(200, trust.statusCode(), trust.body());
        JsonObject before = new JsonObject(trust.body());
        assertEquals(List.of("dev-1"), ids(before.getJsonArray("devices")));
        assertTrue(before.getJsonArray("revoked").isEmpty());
        assertEquals(200, send(get("/api/devices/dev-1")).statusCode());
        assertFalse(revoking.isDone(), "the revocation waits for its save");

        saves.release();
        assertEquals(200, revoking.get(10, TimeUnit.SECONDS).statusCode());
        JsonObject after = new JsonObject(send(get("/api/trust")).body());
        assertTrue(after.getJsonArray("devices").isEmpty());
        assertEquals(SshKeys.fingerprint(key1.getPublic()),
                after.getJsonArray("revoked").getJsonObject(0).getString("fingerprint"));
    }

    private static List<String> ids(JsonArray devices) {
        return devices.stream().map(device -> ((JsonObject) device).getString("id")).toList();
    }

    private HttpRequest approval(String id, KeyPair key) {
        return request("/api/devices").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("id", id)
                .put("strategy", "reverse-ssh").put("publicKey", SshKeys.toOpenSsh(key.getPublic())).encode()))
                .build();
    }

    private HttpRequest get(String path) {
        return request(path).GET().timeout(READ_BOUND).build();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nms.httpPort() + path))
                .header("authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(20));
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private NmsSettings settings() {
        return new NmsSettings(
                Optional.of(new NmsSettings.ReverseSsh(new InetSocketAddress("127.0.0.1", 0), KnownDevices.of(Map.of()),
                        SshKeys.generateEd25519(), "nms", false)),
                Optional.of(new NmsSettings.DeviceSsh(new InetSocketAddress("127.0.0.1", 0), SshKeys.generateEd25519(),
                        KnownDevices.of(Map.of()), DeviceSshServer.DEFAULT_SUBSYSTEM)),
                new InetSocketAddress("127.0.0.1", 0), Optional.of(TOKEN), Duration.ofSeconds(10),
                NmsSettings.DEFAULT_MAX_STARTUPS, Keepalives.DEFAULT, Duration.ofSeconds(10), NetconfLimits.DEFAULT,
                dir.resolve("state"));
    }
}
