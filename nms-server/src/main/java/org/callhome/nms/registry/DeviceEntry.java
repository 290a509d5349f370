package org.callhome.nms.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.PublicKey;
import java.time.Instant;
import org.callhome.nms.session.DeviceSession;
import org.callhome.nms.session.DeviceState;
import org.callhome.nms.trust.TrustedDevice;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NegotiatedAlgorithms;
import org.callhome.shared.strategy.SecurityFacts;

/**
 * What the NMS knows of one device, trusted or only seen: a value, replaced whole on every change
 * by the {@link DeviceRegistry}, which alone keeps entries (on its context). An unknown device has
 * no id: it is known by the fingerprint of the key it presented, and keeps that key so an operator
 * can approve it.
 *
 * @param key                 the key an unknown device presented, or null
 * @param claimedName         the name an unknown device gave for itself, or null
 * @param trust               how the device is trusted, or null while it is not
 * @param username            the NETCONF username of its last session
 * @param lastError           why its last attempt failed or its last session ended, or null
 * @param awaitingCall        approved since it was last heard from: the trust applies from its next call
 * @param lastHandshakeMicros its last session's handshake, or null before it had one
 * @param session             its live session, or null
 */
record DeviceEntry(String id, CallHomeStrategy strategy, DeviceState state, Instant since, String fingerprint,
                   PublicKey key, String claimedName, TrustedDevice trust, String username, String lastError,
                   boolean awaitingCall, Attempts attempts, Long lastHandshakeMicros, DeviceSession session) {

    /** How often a device tried to connect, when first and last, and from where last. */
    record Attempts(long count, Instant first, Instant last, String remoteAddress) {

        static final Attempts NONE = new Attempts(0, null, null, null);

        Attempts next(String address, Instant now) {
            return new Attempts(count + 1, first == null ? now : first, now, address);
        }
    }

    /** A device heard of for the first time, disconnected until it connects. */
    static DeviceEntry first(String id, CallHomeStrategy strategy, String fingerprint, Instant now) {
        return new DeviceEntry(id, strategy, DeviceState.DISCONNECTED, now, fingerprint, null, null, null, null, null,
                false, Attempts.NONE, null, null);
    }

    boolean trusted() {
        return trust != null;
    }

    DeviceEntry withTrust(TrustedDevice device) {
        return new DeviceEntry(id, strategy, state, since, fingerprint, key, claimedName, device, username, lastError,
                awaitingCall, attempts, lastHandshakeMicros, session);
    }

    /** Takes over the attempts of the unknown entry its key had before it was trusted. */
    DeviceEntry withAttemptsOf(DeviceEntry unknown) {
        return new DeviceEntry(id, strategy, state, since, fingerprint, key, claimedName, trust, username, lastError,
                awaitingCall, unknown.attempts, lastHandshakeMicros, session);
    }

    /** Approved while not connected: the approval answers the last error, and the device's next call is awaited. */
    DeviceEntry approvedWhileAway() {
        return new DeviceEntry(id, strategy, state, since, fingerprint, key, claimedName, trust, username, null,
                true, attempts, lastHandshakeMicros, session);
    }

    /** An unknown device's latest offer: the key and name an operator may approve. */
    DeviceEntry offering(CallHomeStrategy offeredOver, PublicKey offered, String name) {
        return new DeviceEntry(id, offeredOver, state, since, fingerprint, offered, name, trust, username, lastError,
                awaitingCall, attempts, lastHandshakeMicros, session);
    }

    /** The device tried to connect: it is heard from, so it no longer awaits its call. */
    DeviceEntry attempted(String address, Instant now) {
        return new DeviceEntry(id, strategy, state, since, fingerprint, key, claimedName, trust, username, lastError,
                false, attempts.next(address, now), lastHandshakeMicros, session);
    }

    DeviceEntry withLastError(String error) {
        return new DeviceEntry(id, strategy, state, since, fingerprint, key, claimedName, trust, username, error,
                awaitingCall, attempts, lastHandshakeMicros, session);
    }

    /** In state {@code next}; {@code since} changes only if the state does. */
    DeviceEntry movedTo(DeviceState next, Instant now) {
        if (state == next) {
            return this;
        }
        return new DeviceEntry(id, strategy, next, now, fingerprint, key, claimedName, trust, username, lastError,
                awaitingCall, attempts, lastHandshakeMicros, session);
    }

    /** Its session is up: the session's strategy, key and username are the entry's, and no error stands. */
    DeviceEntry withSession(DeviceSession live) {
        return new DeviceEntry(id, live.strategy(), state, since, live.keyFingerprint(), key, claimedName, trust,
                live.username(), null, awaitingCall, attempts, live.handshake().toNanos() / 1_000, live);
    }

    DeviceEntry withoutSession() {
        return new DeviceEntry(id, strategy, state, since, fingerprint, key, claimedName, trust, username, lastError,
                awaitingCall, attempts, lastHandshakeMicros, null);
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("id", id)
                .put("trusted", trusted())
                .put("strategy", strategy.wireName())
                .put("state", state.wireName())
                .put("since", since.toString())
                .put("fingerprint", fingerprint)
                .put("hostKeyFingerprint", fingerprint)
                .put("claimedName", claimedName)
                .put("username", username)
                .put("remoteAddress", attempts.remoteAddress())
                .put("sessionId", session == null ? null : session.sessionId())
                .put("capabilities", session == null ? new JsonArray() : new JsonArray(session.capabilities()))
                .put("lastError", lastError)
                .put("awaitingCall", awaitingCall)
                .put("attempts", attempts.count())
                .put("firstAttempt", attempts.first() == null ? null : attempts.first().toString())
                .put("lastAttempt", attempts.last() == null ? null : attempts.last().toString())
                .put("lastHandshakeMillis", lastHandshakeMicros == null ? null : lastHandshakeMicros / 1000.0)
                .put("security", session == null ? null : security(session, trust));
        if (trust != null) {
            json.put("trust", new JsonObject()
                    .put("source", trust.source().wireName())
                    .put("trustedAt", trust.trustedAt().toString())
                    .put("notes", trust.notes())
                    .put("nmsUsername", trust.credentials() == null ? null : trust.credentials().username()));
        } else {
            json.put("trust", null);
        }
        return json;
    }

    /** How the live session was secured: the facts both strategies report alike. */
    private static JsonObject security(DeviceSession session, TrustedDevice trust) {
        SecurityFacts facts = session.facts();
        NegotiatedAlgorithms algorithms = facts.algorithms();
        return new JsonObject()
                .put("peerVerification", facts.peerVerification().wireName())
                .put("netconfUsernameSource", facts.usernameSource().wireName())
                .put("keyExchange", algorithms.keyExchange())
                .put("hostKeyAlgorithm", algorithms.hostKey())
                .put("cipherClientToServer", algorithms.cipherClientToServer())
                .put("cipherServerToClient", algorithms.cipherServerToClient())
                .put("macClientToServer", algorithms.macClientToServer())
                .put("macServerToClient", algorithms.macServerToClient())
                .put("netconfAccount", SessionIdentities.netconfAccount(session))
                .put("keys", SessionIdentities.keys(session, trust));
    }
}
