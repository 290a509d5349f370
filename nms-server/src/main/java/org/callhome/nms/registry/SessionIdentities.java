package org.callhome.nms.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.callhome.nms.session.DeviceSession;
import org.callhome.nms.trust.NmsCredentials;
import org.callhome.nms.trust.TrustedDevice;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;
import org.callhome.shared.strategy.SecurityFacts.UsernameSource;
import org.callhome.shared.strategy.SessionFactsCapability;
import org.callhome.shared.strategy.SessionFactsCapability.Reported;

/**
 * Who a live session runs as on the device and whose each of its two keys is, for
 * {@code security.netconfAccount} and {@code security.keys}. The NMS states what it did itself
 * (the name it logged in with, the key it checked, the key it proved itself with); what only the
 * device knows (its bind account, how it checked the NMS) comes from the device's hello
 * ({@link SessionFactsCapability}) and is labelled {@code device-hello}, or left null when the
 * device did not say. Fingerprints and a key file's path at most: never key material.
 */
final class SessionIdentities {

    static final String BY_NMS = "nms";
    static final String BY_DEVICE_HELLO = "device-hello";

    private SessionIdentities() {
    }

    static JsonObject netconfAccount(DeviceSession session) {
        SecurityFacts facts = session.facts();
        if (facts.usernameSource() == UsernameSource.SSH_USERAUTH) {
            // RFC 6242: the NETCONF username is the SSH one, and the NMS is the side that logged in
            return account(facts.netconfUsername(), facts.usernameSource().wireName(), BY_NMS);
        }
        return reported(session)
                .map(device -> account(device.username(),
                        device.usernameSource() == null ? null : device.usernameSource().wireName(), BY_DEVICE_HELLO))
                .orElse(account(null, facts.usernameSource().wireName(), null));
    }

    static JsonArray keys(DeviceSession session, TrustedDevice trust) {
        SecurityFacts facts = session.facts();
        boolean deviceIsServer = facts.peerVerification().isHostKey();
        boolean tls = facts.strategy() == CallHomeStrategy.TLS;
        Optional<PeerVerification> deviceCheck = reported(session).map(Reported::peerVerification);
        JsonObject nmsKey = new JsonObject()
                .put("role", tls ? "nms-tls-client-key" : deviceIsServer ? "nms-user-key" : "nms-host-key")
                .put("fingerprint", facts.localKeyFingerprint())
                .put("whose", "nms")
                .put("checkedBy", "device")
                .put("check", deviceCheck.map(PeerVerification::wireName).orElse(null))
                .put("checkReportedBy", deviceCheck.isPresent() ? BY_DEVICE_HELLO : null);
        identityFile(trust, facts.localKeyFingerprint()).ifPresent(file -> nmsKey.put("file", file));
        return new JsonArray()
                .add(new JsonObject()
                        .put("role", tls ? "device-tls-server-key" : deviceIsServer ? "device-host-key"
                                : "device-login-key")
                        .put("fingerprint", facts.peerKeyFingerprint())
                        .put("whose", "device")
                        .put("checkedBy", "nms")
                        .put("check", facts.peerVerification().wireName())
                        .put("checkReportedBy", BY_NMS))
                .add(nmsKey);
    }

    private static JsonObject account(String username, String source, String reportedBy) {
        return new JsonObject().put("username", username).put("source", source).put("reportedBy", reportedBy);
    }

    private static Optional<Reported> reported(DeviceSession session) {
        return SessionFactsCapability.find(session.capabilities());
    }

    /** The per-device identity file the NMS logged in with, when the session's key is that one. */
    private static Optional<String> identityFile(TrustedDevice trust, String fingerprint) {
        NmsCredentials credentials = trust == null ? null : trust.credentials();
        if (credentials == null || credentials.identity() == null
                || !SshKeys.fingerprint(credentials.identity().getPublic()).equals(fingerprint)) {
            return Optional.empty();
        }
        return credentials.identityPath().map(Object::toString);
    }
}
