package org.callhome.nms.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.callhome.nms.metrics.NmsMetrics;
import org.callhome.nms.session.DeviceSession;
import org.callhome.nms.trust.TrustedDevice;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NegotiatedAlgorithms;
import org.callhome.shared.strategy.NmsHalf.Rejection;
import org.callhome.shared.strategy.NmsHalf.RejectionKind;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;
import org.callhome.shared.strategy.SecurityFacts.UsernameSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registry on a real Vert.x context, fed the events the halves and the NETCONF layer send:
 * what each one makes of a device's entry, as the API shows it. The clock is fixed.
 */
class DeviceRegistryTest {

    private static final CallHomeStrategy REVERSE = CallHomeStrategy.REVERSE_SSH;
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final NmsMetrics metrics = new NmsMetrics(new SimpleMeterRegistry());
    private final DeviceRegistry registry = new DeviceRegistry(context, Clock.fixed(NOW, ZoneOffset.UTC),
            metrics, session -> true, id -> false);
    private final KeyPair key = SshKeys.generateEd25519();
    private final String fingerprint = SshKeys.fingerprint(key.getPublic());
    private final TrustedDevice dev1 = new TrustedDevice("dev-1", REVERSE, key.getPublic(), fingerprint, null, null,
            NOW, TrustedDevice.Source.API);

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void anApprovedUnknownKeyKeepsItsAttemptsButNotItsErrorAndAwaitsTheDevicesCall() throws Exception {
        registry.rejected(unknownKey("10.0.0.2:1"));
        registry.rejected(unknownKey("10.0.0.2:2"));
        JsonObject device = onContext(() -> {
            registry.trusted(dev1, true);
            return registry.deviceJson("dev-1").orElseThrow();
        });
        assertEquals(2, device.getLong("attempts"));
        assertEquals("10.0.0.2:2", device.getString("remoteAddress"));
        assertNull(device.getString("lastError"));
        assertTrue(device.getBoolean("awaitingCall"));
        assertTrue(onContext(() -> registry.unknown(fingerprint)).isEmpty(), "no longer listed as unknown");
    }

    @Test
    void aRefusedSecondConnectionLeavesTheDeviceConnected() throws Exception {
        onContext(() -> {
            registry.trustedAtStart(List.of(dev1));
            return null;
        });
        DeviceSession session = session(7);
        registry.connected(session);
        registry.rejected(new Rejection(REVERSE, RejectionKind.ALREADY_CONNECTED, "dev-1", null, key.getPublic(),
                fingerprint, "10.0.0.1:6", "a session with this device is already live"));
        JsonObject device = onContext(() -> registry.deviceJson("dev-1").orElseThrow());
        assertEquals("connected", device.getString("state"));
        assertEquals(7, device.getLong("sessionId"));
        // the live session's address and attempts, not the refused call's
        assertEquals("10.0.0.1:5", device.getString("remoteAddress"));
        assertEquals(1, device.getLong("attempts"));
        assertNull(device.getString("lastError"));
        assertEquals(1, device.getLong("refusedAttempts"));
        JsonObject refused = device.getJsonObject("lastRefusedAttempt");
        assertEquals("10.0.0.1:6", refused.getString("remoteAddress"));
        assertEquals("already-connected", refused.getString("kind"));
        assertEquals("a session with this device is already live", refused.getString("reason"));
    }

    @Test
    void aFailedLoginAsATrustedIdLeavesWhatTheDeviceShowsUnchanged() throws Exception {
        onContext(() -> {
            registry.trustedAtStart(List.of(dev1));
            return null;
        });
        DeviceSession live = session(7);
        registry.connected(live);
        registry.disconnected(live, "closed by the device");
        JsonObject before = onContext(() -> registry.deviceJson("dev-1").orElseThrow());
        List<DeviceEvent> events = new CopyOnWriteArrayList<>();
        registry.subscribe(events::add);

        KeyPair intruder = SshKeys.generateEd25519();
        for (int i = 0; i < 3; i++) {
            registry.rejected(new Rejection(REVERSE, RejectionKind.WRONG_KEY, "dev-1", "dev-1", intruder.getPublic(),
                    SshKeys.fingerprint(intruder.getPublic()), "203.0.113.9:" + (4000 + i),
                    "device 'dev-1' is pinned with another key"));
        }
        JsonObject after = onContext(() -> registry.deviceJson("dev-1").orElseThrow());
        assertEquals("disconnected", after.getString("state"), "a disconnected device stays disconnected");
        assertEquals(3, after.getLong("refusedAttempts"));
        JsonObject refused = after.getJsonObject("lastRefusedAttempt");
        assertEquals("203.0.113.9:4002", refused.getString("remoteAddress"));
        assertEquals("wrong-key", refused.getString("kind"));
        assertEquals(SshKeys.fingerprint(intruder.getPublic()), refused.getString("offeredFingerprint"));
        after.remove("refusedAttempts");
        after.remove("lastRefusedAttempt");
        before.remove("refusedAttempts");
        before.remove("lastRefusedAttempt");
        assertEquals(before, after, "everything else is as it was");
        assertEquals("10.0.0.1:5", after.getString("remoteAddress"));
        assertEquals("closed by the device", after.getString("lastError"));
        // each refusal is still announced, as an event of its own
        onContext(() -> null);
        List<DeviceEvent> rejected = events.stream().filter(e -> e.kind() == DeviceEvent.Kind.REJECTED).toList();
        assertEquals(3, rejected.size());
        assertEquals("203.0.113.9:4002", rejected.get(2).data().getString("remoteAddress"), "where the refused came from");
        assertEquals("10.0.0.1:5", rejected.get(2).data().getJsonObject("device").getString("remoteAddress"));
        assertEquals("disconnected", rejected.get(2).data().getJsonObject("device").getString("state"));
    }

    @Test
    void aFloodOfUnknownKeysFromOneSourceLeavesAPendingApprovalFromAnotherApprovable() throws Exception {
        registry.rejected(unknownKey("10.0.0.7:50000"));
        KeyPair flooder = SshKeys.generateEd25519();
        for (int i = 0; i < 1000; i++) {
            registry.rejected(new Rejection(REVERSE, RejectionKind.UNKNOWN_DEVICE, null, "fake-" + i,
                    flooder.getPublic(), "SHA256:flood-" + i, "198.51.100.66:" + (10000 + i), "unknown host key"));
        }
        assertTrue(onContext(() -> registry.unknown(fingerprint)).isPresent(), "still approvable");
        // the flooding source keeps its budget of most recent entries, at the limit, and loses the one before
        int limit = DeviceRegistry.MAX_UNKNOWN_PER_SOURCE;
        assertTrue(onContext(() -> registry.unknown("SHA256:flood-" + (1000 - limit))).isPresent());
        assertTrue(onContext(() -> registry.unknown("SHA256:flood-" + (999 - limit))).isEmpty());
        assertEquals(limit + 1, onContext(registry::toJson).size());
    }

    @Test
    void whenAllUnknownsAreFullTheSourceWithTheMostLosesItsOldestNotAPendingApproval() throws Exception {
        KeyPair other = SshKeys.generateEd25519();
        int sources = DeviceRegistry.MAX_UNKNOWN / DeviceRegistry.MAX_UNKNOWN_PER_SOURCE;
        for (int source = 0; source < sources; source++) {
            for (int i = 0; i < DeviceRegistry.MAX_UNKNOWN_PER_SOURCE; i++) {
                registry.rejected(new Rejection(REVERSE, RejectionKind.UNKNOWN_DEVICE, null, null, other.getPublic(),
                        "SHA256:s" + source + "-" + i, "198.51.100." + source + ":" + (10000 + i), "unknown host key"));
            }
        }
        assertEquals(DeviceRegistry.MAX_UNKNOWN, onContext(registry::toJson).size(), "at the limit, all kept");
        registry.rejected(unknownKey("10.0.0.7:50000"));
        assertEquals(DeviceRegistry.MAX_UNKNOWN, onContext(registry::toJson).size(), "one past: one forgotten");
        assertTrue(onContext(() -> registry.unknown(fingerprint)).isPresent(), "the newcomer is kept");
        assertTrue(onContext(() -> registry.unknown("SHA256:s0-0")).isEmpty(), "the oldest of a largest source goes");
    }

    @Test
    void peerChosenTextIsShownWithBidirectionalAndControlCharactersNeutralised() throws Exception {
        List<DeviceEvent> events = new CopyOnWriteArrayList<>();
        registry.subscribe(events::add);
        String spoof = "ok \u202Egnp.exe\u202C \u2066x\u2069 \u200F\u0007\u001B[31m\u0085";
        registry.authFailed(REVERSE, "cert-7", fingerprint, "10.0.0.3:9", "the device said: " + spoof);
        registry.rejected(new Rejection(REVERSE, RejectionKind.UNKNOWN_DEVICE, null, "name " + spoof,
                SshKeys.generateEd25519().getPublic(), "SHA256:other", "10.0.0.4:1", "reason " + spoof));
        List<String> shown = new ArrayList<>();
        strings(onContext(registry::toJson), shown);
        strings(onContext(() -> registry.deviceJson("cert-7").orElseThrow()), shown);
        onContext(() -> null);
        events.forEach(event -> strings(event.data(), shown));
        assertTrue(shown.stream().anyMatch(text -> text.contains("gnp.exe")), shown.toString());
        for (String text : shown) {
            assertTrue(text.codePoints().noneMatch(c -> Character.getType(c) == Character.FORMAT
                    || Character.isISOControl(c)), () -> "raw control or format character in " + text);
        }
        JsonObject device = onContext(() -> registry.deviceJson("cert-7").orElseThrow());
        assertEquals("the device said: ok \\u202Egnp.exe\\u202C \\u2066x\\u2069 \\u200F\\u0007\\u001B[31m\\u0085",
                device.getString("lastError"));
        assertTrue(events.stream().anyMatch(e -> e.data().encode().contains("\\\\u202Egnp.exe")), "escaped in events");
    }

    /** Every string value of {@code json}, at any depth. */
    private static void strings(Object json, List<String> into) {
        if (json instanceof String text) {
            into.add(text);
        } else if (json instanceof JsonObject object) {
            object.forEach(field -> strings(field.getValue(), into));
        } else if (json instanceof Iterable<?> array) {
            array.forEach(item -> strings(item, into));
        }
    }

    @Test
    void onlyTheEndOfTheLiveSessionDisconnectsTheDevice() throws Exception {
        DeviceSession live = session(7);
        registry.connected(live);
        registry.disconnected(session(8), "an older session ended");
        assertTrue(onContext(() -> registry.session("dev-1")).isPresent());

        registry.disconnected(live, "closed by the device");
        JsonObject device = onContext(() -> registry.deviceJson("dev-1").orElseThrow());
        assertFalse(onContext(() -> registry.session("dev-1")).isPresent());
        assertEquals("disconnected", device.getString("state"));
        assertEquals("closed by the device", device.getString("lastError"));
        assertEquals("nms", device.getString("username"), "the last session's username stays");
    }

    @Test
    void aFailedLoginToADeviceIdentifiedOnlyByItsCertificateIsShown() throws Exception {
        registry.authFailed(REVERSE, "cert-7", fingerprint, "10.0.0.3:9", "the device did not accept the NMS's key");
        JsonObject device = onContext(() -> registry.deviceJson("cert-7").orElseThrow(
                () -> new AssertionError("no entry for a certified device whose login failed")));
        assertEquals("auth-failed", device.getString("state"));
        assertEquals("the device did not accept the NMS's key", device.getString("lastError"));
        assertEquals("10.0.0.3:9", device.getString("remoteAddress"));
    }

    @Test
    void aFailedLoginWithoutAnIdentifiedDeviceLeavesNoEntry() throws Exception {
        registry.authFailed(REVERSE, null, fingerprint, "10.0.0.3:9", "no host key verified");
        assertEquals(0, onContext(registry::toJson).size());
    }

    @Test
    void theDevicesPerStateShownInTheMetricsFollowEveryChange() throws Exception {
        KeyPair other = SshKeys.generateEd25519();
        TrustedDevice dev2 = new TrustedDevice("dev-2", REVERSE, other.getPublic(),
                SshKeys.fingerprint(other.getPublic()), null, null, NOW, TrustedDevice.Source.API);
        onContext(() -> {
            registry.trustedAtStart(List.of(dev1, dev2));
            return null;
        });
        assertStatesAsListed(2);
        DeviceSession live = session(7);
        registry.connected(live);
        assertStatesAsListed(2);
        assertEquals(1, metrics.summary(REVERSE).getJsonObject("devices").getInteger("connected"));
        registry.disconnected(live, "closed by the device");
        registry.connected(session(8));
        registry.authFailed(REVERSE, "dev-2", dev2.fingerprint(), "10.0.0.3:1", "signature did not verify");
        assertStatesAsListed(2);
        KeyPair stranger = SshKeys.generateEd25519();
        registry.rejected(new Rejection(REVERSE, RejectionKind.UNKNOWN_DEVICE, null, null, stranger.getPublic(),
                SshKeys.fingerprint(stranger.getPublic()), "10.0.0.9:1", "unknown host key"));
        assertStatesAsListed(3);
        onContext(() -> {
            registry.revoked(dev2);
            return null;
        });
        assertStatesAsListed(2);
        onContext(() -> {
            registry.trusted(new TrustedDevice("dev-3", REVERSE, stranger.getPublic(),
                    SshKeys.fingerprint(stranger.getPublic()), null, null, NOW, TrustedDevice.Source.API), true);
            return null;
        });
        assertStatesAsListed(2);
    }

    /** The metrics' devices per state are those of the devices the registry lists, {@code devices} of them. */
    private void assertStatesAsListed(int devices) throws Exception {
        JsonObject listed = onContext(() -> {
            JsonObject byState = new JsonObject();
            registry.toJson().forEach(device -> {
                String state = ((JsonObject) device).getString("state");
                byState.put(state, byState.getInteger(state, 0) + 1);
            });
            return byState;
        });
        JsonObject shown = metrics.summary(REVERSE).getJsonObject("devices");
        int total = 0;
        for (String state : shown.fieldNames()) {
            assertEquals(listed.getInteger(state, 0), shown.getInteger(state), state + ": listed " + listed);
            total += shown.getInteger(state);
        }
        assertEquals(devices, total, "devices in the metrics: " + shown);
    }

    private Rejection unknownKey(String address) {
        return new Rejection(REVERSE, RejectionKind.UNKNOWN_DEVICE, null, null, key.getPublic(), fingerprint, address,
                "unknown host key");
    }

    private DeviceSession session(long sessionId) {
        SecurityFacts facts = new SecurityFacts(REVERSE, "dev-1", fingerprint, PeerVerification.PINNED_HOST_KEY,
                "SHA256:nms", "nms", UsernameSource.SSH_USERAUTH,
                new NegotiatedAlgorithms("kex", "ssh-ed25519", "aes", "aes", "mac", "mac"), "10.0.0.1:5");
        return new DeviceSession(facts, sessionId, List.of(), NOW, 0, Duration.ofMillis(12), null);
    }

    /** Runs {@code step} on the registry's context after every event handed to it before. */
    private <T> T onContext(Callable<T> step) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                result.complete(step.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }
}
