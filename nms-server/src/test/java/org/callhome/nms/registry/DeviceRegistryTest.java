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
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
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
    private final DeviceRegistry registry = new DeviceRegistry(context, Clock.fixed(NOW, ZoneOffset.UTC),
            new NmsMetrics(new SimpleMeterRegistry()), session -> true,
            id -> false);
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
        assertEquals(2, device.getLong("attempts"));
        assertEquals("a session with this device is already live", device.getString("lastError"));
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
