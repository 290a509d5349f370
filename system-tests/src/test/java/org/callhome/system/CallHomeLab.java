package org.callhome.system;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.callhome.device.DeviceAgent;
import org.callhome.device.callhome.DialerListener;
import org.callhome.nms.NmsServer;
import org.callhome.nms.NmsSettings;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.ConnectionType;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.config.ReconnectStrategy;
import org.callhome.shared.config.StartWith;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;

/**
 * A small world of real parts on loopback: an NMS (call-home listener and HTTP API) and
 * devices calling it, with keys and trust files made for the test. Everything is closed by
 * {@link #close()}.
 */
final class CallHomeLab implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    final Path dir;
    final KeyPair nmsIdentity = SshKeys.generateEd25519();
    private final List<AutoCloseable> running = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    NmsServer nms;

    CallHomeLab(Path dir) {
        this.dir = dir;
    }

    /** Host key file of a device, created on first use. */
    Path hostKeyFile(String deviceId) throws IOException {
        Path file = dir.resolve(deviceId + "_host_key");
        SshKeys.loadOrCreateHostKey(file);
        return file;
    }

    KeyPair hostKey(String deviceId) throws IOException {
        return SshKeys.loadPrivateKey(hostKeyFile(deviceId));
    }

    /** Starts the NMS trusting {@code trusted} (device id → host key) on the given call-home port (0: any). */
    NmsServer startNms(Map<String, KeyPair> trusted, int port) throws Exception {
        return startNms(trusted, port, "nms");
    }

    /** As {@link #startNms(Map, int)}, logging into devices as {@code username}. */
    NmsServer startNms(Map<String, KeyPair> trusted, int port, String username) throws Exception {
        Map<String, java.security.PublicKey> keys = new java.util.LinkedHashMap<>();
        trusted.forEach((id, pair) -> keys.put(id, pair.getPublic()));
        Path known = dir.resolve("known_devices");
        Files.writeString(known, KnownDevices.of(keys).toFileText());
        Path identity = dir.resolve("nms_identity");
        if (!Files.exists(identity)) {
            SshKeys.writePrivateKey(nmsIdentity, identity);
        }
        NmsSettings settings = new NmsSettings(new InetSocketAddress("127.0.0.1", port),
                new InetSocketAddress("127.0.0.1", 0), KnownDevices.load(known), SshKeys.loadPrivateKey(identity),
                username, false, Duration.ofSeconds(10), new Keepalives(Duration.ofSeconds(2), 3),
                Duration.ofSeconds(10), NetconfLimits.DEFAULT, dir.resolve("nms-state"));
        nms = NmsServer.start(settings);
        running.add(nms);
        return nms;
    }

    /** The device's account table: the NMS's key may log in as {@code account} with {@code role}. */
    DeviceSshSettings deviceSsh(String deviceId, String account, Role role, java.security.PublicKey nmsKey)
            throws IOException {
        Path keys = dir.resolve(deviceId + "-" + account + ".authorized_keys");
        Files.writeString(keys, SshKeys.toOpenSsh(nmsKey) + " nms\n");
        return new DeviceSshSettings(hostKeyFile(deviceId), List.of(new Account(account, role, Optional.of(keys))));
    }

    static CallHomeSettings callHome(int port) {
        return new CallHomeSettings("nms", List.of(new Endpoint("nms", "127.0.0.1", port)),
                new ConnectionType.Persistent(),
                new ReconnectStrategy(StartWith.FIRST_LISTED, Duration.ofSeconds(5), 3),
                new Keepalives(Duration.ofSeconds(2), 3), 0.2);
    }

    DeviceAgent startDevice(String deviceId, DeviceSshSettings ssh, CallHomeSettings callHome,
                            DialerListener listener) throws Exception {
        DeviceAgent agent = DeviceAgent.start(new DeviceAgent.Settings(dir.resolve(deviceId + "-data"), callHome, ssh,
                Duration.ofSeconds(10), DeviceAgent.SshServerKind.MINA, NetconfLimits.DEFAULT), listener);
        running.add(agent);
        return agent;
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(WAIT)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonArray devices() throws Exception {
        return new JsonArray(get("/api/devices").body());
    }

    /** Polls GET /api/devices until some entry matches, or fails after {@link #WAIT}. */
    JsonObject awaitDevice(Predicate<JsonObject> condition, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonArray last = null;
        while (System.nanoTime() < deadline) {
            last = devices();
            for (int i = 0; i < last.size(); i++) {
                if (condition.test(last.getJsonObject(i))) {
                    return last.getJsonObject(i);
                }
            }
            Thread.sleep(100);
        }
        return fail("no device " + what + " within " + WAIT.toSeconds() + " s; devices: "
                + (last == null ? "none" : last.encodePrettily()));
    }

    static Predicate<JsonObject> state(String id, String state) {
        return device -> id.equals(device.getString("id")) && state.equals(device.getString("state"));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + nms.httpPort() + path);
    }

    void stopNms() throws Exception {
        running.remove(nms);
        nms.close();
    }

    @Override
    public void close() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }
}
