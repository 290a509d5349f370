package org.callhome.compare.security;

import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.callhome.compare.lab.Testbed;
import org.callhome.nms.registry.DeviceEvent;
import org.callhome.nms.session.DeviceSession;

/**
 * One running NMS of a scenario and everything it reported: its registry events (connected,
 * rejected, auth-failed, ...) and the NETCONF sessions it got. Subscribed before any device
 * starts, so nothing is missed.
 */
final class NmsWatch {

    /** Events that say something about a device's connection (not approvals or API calls). */
    private static final Set<String> CONNECTION_EVENTS = Set.of("connected", "disconnected", "rejected",
            "auth-failed");

    private final String label;
    private final Testbed.Nms nms;
    private final Observed<DeviceEvent> events = new Observed<>();
    private final Observed<DeviceSession> sessions = new Observed<>();

    NmsWatch(String label, Testbed.Nms nms) {
        this.label = label;
        this.nms = nms;
        nms.server().subscribe(events);
        nms.server().onSession(sessions);
    }

    String label() {
        return label;
    }

    Testbed.Nms nms() {
        return nms;
    }

    /** Where devices of the NMS's strategy connect. */
    InetSocketAddress address() {
        return nms.address();
    }

    int httpPort() {
        return nms.server().httpPort();
    }

    List<DeviceEvent> events() {
        return events.all().stream().filter(event -> CONNECTION_EVENTS.contains(event.type())).toList();
    }

    List<DeviceEvent> events(String type) {
        return events.all().stream().filter(event -> event.type().equals(type)).toList();
    }

    List<DeviceSession> sessions() {
        return sessions.all();
    }

    Optional<DeviceEvent> awaitEvent(String type, Predicate<JsonObject> match, Duration timeout)
            throws InterruptedException {
        return events.await(event -> event.type().equals(type) && match.test(event.data()), timeout);
    }

    Optional<DeviceEvent> awaitEvent(String type, Duration timeout) throws InterruptedException {
        return awaitEvent(type, data -> true, timeout);
    }

    /** Waits until {@code count} (at least 1) events of {@code type} for device {@code id} have come. */
    boolean awaitCount(String type, String id, int count, Duration timeout) throws InterruptedException {
        return events.await(event -> countOf(type, id) >= count, timeout).isPresent();
    }

    /** The first connection event after the first {@code seen} ones, waiting up to {@code timeout}. */
    Optional<DeviceEvent> awaitEventAfter(int seen, Duration timeout) throws InterruptedException {
        return events.await(event -> events().size() > seen, timeout).map(any -> events().get(seen));
    }

    private int countOf(String type, String id) {
        return (int) events(type).stream().filter(event -> id.equals(event.data().getString("id"))).count();
    }

    Optional<DeviceSession> awaitSession(Duration timeout) throws InterruptedException {
        return sessions.await(session -> true, timeout);
    }

    /** The session that comes after the first {@code seen} ones, waiting up to {@code timeout}. */
    Optional<DeviceSession> awaitNextSession(int seen, Duration timeout) throws InterruptedException {
        return sessions.await(session -> sessions.all().indexOf(session) >= seen, timeout);
    }

    /** One event as evidence: its type, the device, what kind, the refusal of a certificate, why and which key. */
    static String describe(DeviceEvent event) {
        JsonObject data = event.data();
        StringBuilder text = new StringBuilder("'").append(event.type()).append("'");
        text.append(" for ").append(data.getString("id") == null ? "an unknown device" : data.getString("id"));
        if (data.getString("kind") != null) {
            text.append(", kind ").append(data.getString("kind"));
        }
        // a certificate's refusal says why in one word; for a key it only repeats the kind
        String refusal = data.getString("refusal");
        if (refusal != null && !refusal.equals(data.getString("kind"))) {
            text.append(", refusal ").append(refusal);
        }
        if (data.getString("reason") != null) {
            text.append(", reason \"").append(data.getString("reason")).append('"');
        }
        if (data.getString("offeredFingerprint") != null) {
            text.append(", offered key ").append(data.getString("offeredFingerprint"));
        } else if (data.getString("fingerprint") != null) {
            text.append(", key ").append(data.getString("fingerprint"));
        }
        return text.toString();
    }

    /** Every connection event as one line of evidence, or that there were none. */
    String eventSummary() {
        return eventSummary(0);
    }

    /** The connection events after the first {@code from} ones as one line of evidence. */
    String eventSummary(int from) {
        List<DeviceEvent> all = events();
        List<DeviceEvent> seen = all.subList(Math.min(from, all.size()), all.size());
        if (seen.isEmpty()) {
            return label + " events: none (no login, no rejection, no session)";
        }
        return label + " events: " + String.join("; ", seen.stream().map(NmsWatch::describe).toList());
    }
}
