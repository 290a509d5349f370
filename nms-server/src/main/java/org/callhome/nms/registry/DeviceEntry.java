package org.callhome.nms.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.callhome.nms.callhome.DeviceSession;
import org.callhome.shared.strategy.NegotiatedAlgorithms;
import org.callhome.shared.strategy.SecurityFacts;

/** What the NMS knows of one device, trusted or only seen. Owned by the registry's context. */
final class DeviceEntry {

    final String id;
    String strategy;
    DeviceState state;
    Instant since;
    String fingerprint;
    String username;
    String remoteAddress;
    String lastError;
    Instant firstAttempt;
    Instant lastAttempt;
    long attempts;
    DeviceSession session;

    DeviceEntry(String id, String strategy, String fingerprint, Instant now) {
        this.id = id;
        this.strategy = strategy;
        this.fingerprint = fingerprint;
        this.state = DeviceState.DISCONNECTED;
        this.since = now;
    }

    void attempt(String address, Instant now) {
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
                .put("strategy", strategy)
                .put("state", state.wireName())
                .put("since", since.toString())
                .put("hostKeyFingerprint", fingerprint)
                .put("username", username)
                .put("remoteAddress", remoteAddress)
                .put("sessionId", session == null ? null : session.sessionId())
                .put("capabilities", session == null ? new JsonArray() : new JsonArray(session.capabilities()))
                .put("lastError", lastError)
                .put("attempts", attempts)
                .put("firstAttempt", firstAttempt == null ? null : firstAttempt.toString())
                .put("lastAttempt", lastAttempt == null ? null : lastAttempt.toString())
                .put("security", session == null ? null : security(session.facts()));
        return json;
    }

    /** How the live session was secured: the facts both strategies report alike. */
    private static JsonObject security(SecurityFacts facts) {
        NegotiatedAlgorithms algorithms = facts.algorithms();
        return new JsonObject()
                .put("peerVerification", facts.peerVerification().wireName())
                .put("netconfUsernameSource", facts.usernameSource().wireName())
                .put("keyExchange", algorithms.keyExchange())
                .put("hostKeyAlgorithm", algorithms.hostKey())
                .put("cipherClientToServer", algorithms.cipherClientToServer())
                .put("cipherServerToClient", algorithms.cipherServerToClient())
                .put("macClientToServer", algorithms.macClientToServer())
                .put("macServerToClient", algorithms.macServerToClient());
    }
}
