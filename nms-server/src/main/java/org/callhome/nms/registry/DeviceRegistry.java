package org.callhome.nms.registry;

import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.callhome.nms.metrics.NmsMetrics;
import org.callhome.nms.session.CallHomeEvents;
import org.callhome.nms.session.DeviceSession;
import org.callhome.nms.session.DeviceState;
import org.callhome.nms.trust.TrustedDevice;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NmsHalf.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every device the NMS trusts or has seen, and its live NETCONF session. Owned by one Vert.x
 * context: events from MINA threads are handed over with {@code runOnContext}; the HTTP API,
 * on the same context, reads it directly. Unknown keys are kept by fingerprint, without an id,
 * at most {@link #MAX_UNKNOWN} of them and {@link #MAX_UNKNOWN_PER_SOURCE} from one source (the
 * least recently seen of the source over budget go first): anyone can present a key. A refusal of
 * someone presenting a trusted device's id is recorded beside that device ({@link RefusedAttempt}),
 * never over what the device shows. Each device is one {@link DeviceEntry} value, replaced whole
 * on every change; every change is published as a {@link DeviceEvent} to the subscribers (the event
 * stream).
 */
public final class DeviceRegistry implements CallHomeEvents {

    /**
     * Unknown keys remembered for approval; beyond it the least recently seen of the source that has
     * the most is forgotten.
     */
    public static final int MAX_UNKNOWN = 1000;
    /**
     * Unknown keys remembered per source (the peer's IP address, any port); beyond it that source's
     * least recently seen is forgotten, so a source that floods the NMS with fake logins pushes out
     * only its own entries, never a pending approval from elsewhere.
     */
    public static final int MAX_UNKNOWN_PER_SOURCE = 100;

    private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);

    /** A key that was refused as unknown, as an operator may approve it. */
    public record UnknownDevice(CallHomeStrategy strategy, PublicKey key, String claimedName) {
    }

    /**
     * A device known only by the certificate of its last session: no trust file lists it and it was
     * never approved, so it is revoked by its id ({@code TrustStore.revokeCertified}).
     *
     * @param fingerprint the key its certificate certified
     * @param kind        the kind of certificate, as the API's {@code identity.kind} says it:
     *                    {@code openssh-cert} or {@code x509}
     */
    public record CertifiedDevice(String id, CallHomeStrategy strategy, String fingerprint, String kind) {
    }

    private final Context context;
    private final Clock clock;
    private final NmsMetrics metrics;
    private final Predicate<DeviceSession> admit;
    private final Predicate<String> expected;
    private final Map<String, DeviceEntry> byId = new LinkedHashMap<>();
    private final LinkedHashMap<String, DeviceEntry> unknownByFingerprint = new LinkedHashMap<>();
    private final StateCounts counts = new StateCounts();
    private final List<Consumer<DeviceEvent>> subscribers = new CopyOnWriteArrayList<>();
    private long published;
    /** The name of this NMS node in its cluster, or null when it runs alone. */
    private volatile String nodeName;

    /**
     * @param admit    whether a session that reached NETCONF may stay: its device must still be
     *                 trusted with that key, or its certificate's id not revoked (a revocation may have
     *                 raced with the handshake)
     * @param expected whether the NMS expected a device id before it connected ({@code --device-ids}):
     *                 a certificate-identified device it did not expect is shown as {@code caVouched}
     */
    public DeviceRegistry(Context context, Clock clock, NmsMetrics metrics, Predicate<DeviceSession> admit,
                          Predicate<String> expected) {
        this.context = context;
        this.clock = clock;
        this.metrics = metrics;
        this.admit = admit;
        this.expected = expected;
    }

    /**
     * Names this NMS as a node of a cluster: from now on every entry and every event it hands out
     * carries {@code "node": name}.
     */
    public void nameNode(String name) {
        nodeName = name;
    }

    /** The name of this node in its cluster, if it is one. */
    public Optional<String> nodeName() {
        return Optional.ofNullable(nodeName);
    }

    /** Adds {@code subscriber} for every later event, delivered on the registry's context; from any thread. */
    public void subscribe(Consumer<DeviceEvent> subscriber) {
        subscribers.add(subscriber);
    }

    public void unsubscribe(Consumer<DeviceEvent> subscriber) {
        subscribers.remove(subscriber);
    }

    /** Runs {@code task} on the registry's context, where it may publish and change entries; from any thread. */
    public void onContext(Runnable task) {
        context.runOnContext(ignored -> task.run());
    }

    /**
     * Publishes an event that is not a registry change (an RPC through the API); on the context. Its
     * text is neutralised for showing ({@link ShownJson}), as everything the registry hands out is.
     */
    public void publish(DeviceEvent.Kind kind, JsonObject data) {
        deliver(kind, ShownJson.of(withNode(data.put("type", kind.wireName()).put("time", clock.instant().toString()))));
    }

    /**
     * Passes on an event another node of the cluster published, as it was shown there (its {@code node}
     * names that node), numbered in this node's order; on the context.
     */
    public void relay(DeviceEvent.Kind kind, JsonObject shown) {
        deliver(kind, shown);
    }

    private void deliver(DeviceEvent.Kind kind, JsonObject shown) {
        DeviceEvent event = new DeviceEvent(++published, kind, shown);
        for (Consumer<DeviceEvent> subscriber : subscribers) {
            subscriber.accept(event);
        }
    }

    /** Shows the devices trusted at start, all disconnected until they call. */
    public void trustedAtStart(List<TrustedDevice> devices) {
        for (TrustedDevice device : devices) {
            putById(device.id(), trustedEntry(device));
        }
        showCounts();
    }

    /**
     * Shows a trusted device (at start, or just approved) as disconnected until it calls; an
     * unknown entry with the same key becomes this device, keeping its attempts but not the error
     * of its refusal, which the approval answers. The NMS cannot call a call-home device, so an
     * approved one waits for its next call ({@code awaitingCall}) until it is heard from again.
     *
     * @param approved whether it was just approved: then it is announced as an {@code approved} event
     */
    public void trusted(TrustedDevice device, boolean approved) {
        DeviceEntry entry = byId.get(device.id());
        if (entry == null) {
            entry = trustedEntry(device);
            DeviceEntry seen = removeUnknown(device.fingerprint());
            if (seen != null) {
                entry = entry.withAttemptsOf(seen);
            }
        }
        entry = entry.withTrust(device);
        if (approved && entry.session() == null) {
            entry = entry.approvedWhileAway();
        }
        putById(device.id(), entry);
        showCounts();
        if (approved) {
            publish(DeviceEvent.Kind.APPROVED, deviceEvent(entry));
        }
    }

    private DeviceEntry trustedEntry(TrustedDevice device) {
        return DeviceEntry.first(device.id(), device.strategy(), device.fingerprint(), clock.instant())
                .withTrust(device);
    }

    /** Forgets a revoked device (the caller drops its session); announces it as {@code revoked}. */
    public void revoked(TrustedDevice device) {
        DeviceEntry entry = removeById(device.id());
        showCounts();
        JsonObject data = new JsonObject().put("id", device.id()).put("fingerprint", device.fingerprint())
                .put("strategy", device.strategy().wireName());
        if (entry != null) {
            data.put("device", entry.toJson().put("state", "revoked").put("trusted", false).put("trust", null));
        }
        publish(DeviceEvent.Kind.REVOKED, data);
    }

    /**
     * Forgets a revoked certificate-identified device (the caller drops its session); announces it
     * as {@code revoked}, as {@link #revoked(TrustedDevice)} does a trusted one.
     */
    public void revokedCertified(CertifiedDevice device) {
        DeviceEntry entry = removeById(device.id());
        showCounts();
        JsonObject data = new JsonObject().put("id", device.id()).put("fingerprint", device.fingerprint())
                .put("strategy", device.strategy().wireName());
        if (entry != null) {
            data.put("device", entry.toJson().put("state", "revoked").put("trusted", false));
        }
        publish(DeviceEvent.Kind.REVOKED, data);
    }

    /**
     * Forgets a device without an event: another node of the cluster revoked it and announced that
     * (the caller drops its session).
     */
    public void forget(String id) {
        removeById(id);
        showCounts();
    }

    /** The device of this id if a certificate identified it and nothing else trusts it. */
    public Optional<CertifiedDevice> certified(String id) {
        DeviceEntry entry = byId.get(id);
        return entry == null || entry.trusted() || entry.certified() == null ? Optional.empty()
                : Optional.of(new CertifiedDevice(id, entry.strategy(), entry.fingerprint(), entry.certified().kind()));
    }

    /** The key refused as unknown with this fingerprint, if it is still remembered. */
    public Optional<UnknownDevice> unknown(String fingerprint) {
        DeviceEntry entry = unknownByFingerprint.get(fingerprint);
        return entry == null || entry.key() == null ? Optional.empty()
                : Optional.of(new UnknownDevice(entry.strategy(), entry.key(), entry.claimedName()));
    }

    /** Every device, its text neutralised for showing ({@link ShownJson}). */
    public JsonArray toJson() {
        JsonArray array = new JsonArray();
        byId.values().forEach(entry -> array.add(shown(entry)));
        unknownByFingerprint.values().forEach(entry -> array.add(shown(entry)));
        return array;
    }

    private JsonObject shown(DeviceEntry entry) {
        return ShownJson.of(withNode(entry.toJson()));
    }

    /** {@code json} naming this node, on a node of a cluster. */
    private JsonObject withNode(JsonObject json) {
        if (nodeName != null) {
            json.put("node", nodeName);
        }
        return json;
    }

    /** The device of {@code id}, its text neutralised for showing ({@link ShownJson}). */
    public Optional<JsonObject> deviceJson(String id) {
        return Optional.ofNullable(byId.get(id)).map(this::shown);
    }

    public boolean knows(String id) {
        return byId.containsKey(id);
    }

    /** The live session of a device, if it is connected. */
    public Optional<DeviceSession> session(String id) {
        DeviceEntry entry = byId.get(id);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.session());
    }

    @Override
    public void rejected(Rejection rejection) {
        context.runOnContext(v -> {
            Instant now = clock.instant();
            metrics.rejected(rejection.strategy(), rejection.refusal());
            DeviceEntry entry;
            DeviceEntry known = rejection.deviceId() == null ? null : byId.get(rejection.deviceId());
            if (known != null && known.trusted()) {
                // whoever was refused did not prove to be the device: what the device shows stays its own
                entry = known.withRefusedAttempt(rejection, now);
                putById(rejection.deviceId(), entry);
            } else if (known != null) {
                entry = refused(known, rejection, now);
                putById(rejection.deviceId(), entry);
            } else {
                DeviceEntry seen = removeUnknown(rejection.fingerprint());
                if (seen == null) {
                    seen = DeviceEntry.first(null, rejection.strategy(), rejection.fingerprint(), now);
                }
                entry = refused(seen.offering(rejection.strategy(), rejection.key(), rejection.claimedName()),
                        rejection, now);
                putUnknown(rejection.fingerprint(), entry);
                forgetOldUnknowns(sourceOf(entry));
            }
            showCounts();
            // a trusted device's entry keeps its pinned key and address; the event names the key offered and whence
            publish(DeviceEvent.Kind.REJECTED, deviceEvent(entry).put("reason", rejection.reason())
                    .put("kind", rejection.kind().wireName()).put("refusal", rejection.refusal())
                    .put("offeredFingerprint", rejection.fingerprint()).put("remoteAddress", rejection.remoteAddress()));
        });
    }

    @Override
    public void authFailed(CallHomeStrategy strategy, String deviceId, String fingerprint, String remoteAddress,
                           String reason) {
        context.runOnContext(v -> {
            metrics.handshakeFailed(strategy);
            if (deviceId == null) {
                return;
            }
            DeviceEntry entry = byId.get(deviceId);
            if (entry == null) {
                // identified (by a certificate) but never seen: the operator must see that its login failed
                entry = DeviceEntry.first(deviceId, strategy, fingerprint, clock.instant());
            }
            entry = entry.attempted(remoteAddress, clock.instant()).withLastError(reason)
                    .movedTo(DeviceState.AUTH_FAILED, clock.instant());
            putById(deviceId, entry);
            showCounts();
            publish(DeviceEvent.Kind.AUTH_FAILED, deviceEvent(entry).put("reason", reason));
        });
    }

    @Override
    public void connected(DeviceSession session) {
        context.runOnContext(v -> {
            if (!admit.test(session)) {
                LOG.warn("device {} ({}) reached NETCONF but is no longer trusted: closing", session.deviceId(),
                        session.keyFingerprint());
                session.netconf().close("the device is no longer trusted");
                return;
            }
            Instant now = clock.instant();
            metrics.handshake(session.strategy(), session.handshake());
            DeviceEntry entry = byId.get(session.deviceId());
            if (entry == null) {
                entry = DeviceEntry.first(session.deviceId(), session.strategy(), session.keyFingerprint(), now);
            }
            entry = entry.attempted(session.remoteAddress(), now)
                    .withSession(session, expected.test(session.deviceId())).movedTo(DeviceState.CONNECTED, now);
            putById(session.deviceId(), entry);
            showCounts();
            publish(DeviceEvent.Kind.CONNECTED, deviceEvent(entry));
        });
    }

    @Override
    public void disconnected(DeviceSession session, String reason) {
        context.runOnContext(v -> {
            DeviceEntry entry = byId.get(session.deviceId());
            if (entry == null || entry.session() != session) {
                return;
            }
            entry = entry.withoutSession().withLastError(reason).movedTo(DeviceState.DISCONNECTED, clock.instant());
            putById(session.deviceId(), entry);
            showCounts();
            publish(DeviceEvent.Kind.DISCONNECTED, deviceEvent(entry).put("reason", reason));
        });
    }

    /** The entry after a refusal of its key; a connected device stays so (a second connection was refused). */
    private static DeviceEntry refused(DeviceEntry entry, Rejection rejection, Instant now) {
        DeviceEntry refused = entry.attempted(rejection.remoteAddress(), now).withRefusal(rejection.reason(),
                rejection.refusal());
        return refused.session() == null ? refused.movedTo(DeviceState.REJECTED, now) : refused;
    }

    private JsonObject deviceEvent(DeviceEntry entry) {
        return new JsonObject().put("id", entry.id()).put("fingerprint", entry.fingerprint())
                .put("strategy", entry.strategy().wireName()).put("device", withNode(entry.toJson()));
    }

    /**
     * Keeps {@code source} within {@link #MAX_UNKNOWN_PER_SOURCE} and all within {@link #MAX_UNKNOWN},
     * forgetting the least recently seen (the map is in the order entries were last put) of the source
     * over its budget, or of the sources with the most entries.
     */
    private void forgetOldUnknowns(String source) {
        Map<String, Integer> perSource = new HashMap<>();
        unknownByFingerprint.values().forEach(entry -> perSource.merge(sourceOf(entry), 1, Integer::sum));
        if (perSource.getOrDefault(source, 0) > MAX_UNKNOWN_PER_SOURCE) {
            forgetOldestOf(source, perSource);
        }
        while (unknownByFingerprint.size() > MAX_UNKNOWN) {
            int most = Collections.max(perSource.values());
            forgetOldest(entry -> perSource.get(sourceOf(entry)) == most, perSource);
        }
    }

    private void forgetOldestOf(String source, Map<String, Integer> perSource) {
        forgetOldest(entry -> sourceOf(entry).equals(source), perSource);
    }

    private void forgetOldest(Predicate<DeviceEntry> which, Map<String, Integer> perSource) {
        Iterator<DeviceEntry> oldest = unknownByFingerprint.values().iterator();
        while (oldest.hasNext()) {
            DeviceEntry entry = oldest.next();
            if (which.test(entry)) {
                oldest.remove();
                counts.replace(entry, null);
                perSource.merge(sourceOf(entry), -1, Integer::sum);
                return;
            }
        }
    }

    /** Where an unknown key was last offered from: the address without its port. */
    static String sourceOf(DeviceEntry entry) {
        String address = entry.attempts().remoteAddress();
        if (address == null) {
            return "";
        }
        int port = address.lastIndexOf(':');
        return port > 0 && address.substring(port + 1).chars().allMatch(Character::isDigit)
                ? address.substring(0, port) : address;
    }

    private void putById(String id, DeviceEntry entry) {
        counts.replace(byId.put(id, entry), entry);
    }

    private DeviceEntry removeById(String id) {
        DeviceEntry removed = byId.remove(id);
        counts.replace(removed, null);
        return removed;
    }

    private void putUnknown(String fingerprint, DeviceEntry entry) {
        counts.replace(unknownByFingerprint.put(fingerprint, entry), entry);
    }

    private DeviceEntry removeUnknown(String fingerprint) {
        DeviceEntry removed = unknownByFingerprint.remove(fingerprint);
        counts.replace(removed, null);
        return removed;
    }

    private void showCounts() {
        metrics.states(counts.asMap());
    }
}
