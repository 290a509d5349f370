package org.callhome.nms.registry;

import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.callhome.nms.callhome.CallHomeEvents;
import org.callhome.nms.callhome.DeviceSession;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * Every device the NMS trusts or has seen, and its live NETCONF session. Owned by one Vert.x
 * context: events from MINA threads are handed over with {@code runOnContext}; the HTTP API,
 * on the same context, reads it directly. Unknown keys are kept by fingerprint, without an id.
 */
public final class DeviceRegistry implements CallHomeEvents {

    private final Context context;
    private final Clock clock;
    private final Map<String, DeviceEntry> byId = new LinkedHashMap<>();
    private final Map<String, DeviceEntry> unknownByFingerprint = new LinkedHashMap<>();

    public DeviceRegistry(Context context, Clock clock) {
        this.context = context;
        this.clock = clock;
    }

    /** Adds a trusted device (from the trust files), shown as disconnected until it calls. */
    public void trust(String id, String strategy, String fingerprint) {
        byId.computeIfAbsent(id, key -> new DeviceEntry(key, strategy, fingerprint, clock.instant()));
    }

    public JsonArray toJson() {
        JsonArray array = new JsonArray();
        byId.values().forEach(entry -> array.add(entry.toJson()));
        unknownByFingerprint.values().forEach(entry -> array.add(entry.toJson()));
        return array;
    }

    public boolean knows(String id) {
        return byId.containsKey(id);
    }

    /** The live session of a device, if it is connected. */
    public Optional<DeviceSession> session(String id) {
        DeviceEntry entry = byId.get(id);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.session);
    }

    @Override
    public void rejected(CallHomeStrategy strategy, String deviceId, String fingerprint, String remoteAddress,
                         String reason) {
        context.runOnContext(v -> {
            DeviceEntry entry = deviceId != null ? byId.get(deviceId)
                    : unknownByFingerprint.computeIfAbsent(fingerprint,
                            key -> new DeviceEntry(null, strategy.wireName(), key, clock.instant()));
            if (entry == null) {
                return;
            }
            entry.attempt(remoteAddress, clock.instant());
            entry.lastError = reason;
            if (entry.session == null) {
                entry.moveTo(DeviceState.REJECTED, clock.instant());
            }
        });
    }

    @Override
    public void authFailed(CallHomeStrategy strategy, String deviceId, String fingerprint, String remoteAddress,
                           String reason) {
        context.runOnContext(v -> {
            DeviceEntry entry = deviceId == null ? null : byId.get(deviceId);
            if (entry == null) {
                return;
            }
            entry.attempt(remoteAddress, clock.instant());
            entry.lastError = reason;
            entry.moveTo(DeviceState.AUTH_FAILED, clock.instant());
        });
    }

    @Override
    public void connected(DeviceSession session) {
        context.runOnContext(v -> {
            DeviceEntry entry = byId.computeIfAbsent(session.deviceId(), key -> new DeviceEntry(key,
                    session.strategy().wireName(), session.keyFingerprint(), clock.instant()));
            entry.attempt(session.remoteAddress(), clock.instant());
            entry.strategy = session.strategy().wireName();
            entry.fingerprint = session.keyFingerprint();
            entry.username = session.username();
            entry.session = session;
            entry.lastError = null;
            entry.moveTo(DeviceState.CONNECTED, clock.instant());
        });
    }

    @Override
    public void disconnected(DeviceSession session, String reason) {
        context.runOnContext(v -> {
            DeviceEntry entry = byId.get(session.deviceId());
            if (entry == null || entry.session != session) {
                return;
            }
            entry.session = null;
            entry.lastError = reason;
            entry.moveTo(DeviceState.DISCONNECTED, clock.instant());
        });
    }
}
