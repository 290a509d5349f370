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
 * What the NMS knows of one device, trusted or only seen. Owned by the registry's context.
 * An unknown device has no id: it is known by the fingerprint of the key it presented, and
 * keeps that key so an operator can approve it.
 */
final class DeviceEntry {

    final String id;
    CallHomeStrategy strategy;
    DeviceState state;
    Instant since;
    String fingerprint;
    PublicKey key;
    String claimedName;
    TrustedDevice trust;
    String username;
    String remoteAddress;
    String lastError;
    /** Approved since it was last heard from: the trust applies from its next call. */
    boolean awaitingCall;
    Instant firstAttempt;
    Instant lastAttempt;
    long attempts;
    Long lastHandshakeMicros;
    DeviceSession session;

    DeviceEntry(String id, CallHomeStrategy strategy, String fingerprint, Instant now) {
        this.id = id;
        this.strategy = strategy;
        this.fingerprint = fingerprint;
        this.state = DeviceState.DISCONNECTED;
        this.since = now;
    }

    boolean trusted() {
        return trust != null;
    }

    void attempt(String address, Instant now) {
        awaitingCall = false;
        attempts++;
        remoteAddress = address;
        lastAttempt = now;
        if (firstAttempt == null) {
            firstAttempt = now;
        }
    }

    void moveTo(DeviceState next, Instant now) {
        if (state != next) {
            state = next;
            since = now;
        }
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
                .put("remoteAddress", remoteAddress)
                .put("sessionId", session == null ? null : session.sessionId())
                .put("capabilities", session == null ? new JsonArray() : new JsonArray(session.capabilities()))
                .put("lastError", lastError)
                .put("awaitingCall", awaitingCall)
                .put("attempts", attempts)
                .put("firstAttempt", firstAttempt == null ? null : firstAttempt.toString())
                .put("lastAttempt", lastAttempt == null ? null : lastAttempt.toString())
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
