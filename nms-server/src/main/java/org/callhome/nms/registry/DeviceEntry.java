package org.callhome.nms.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.PublicKey;
import java.time.Instant;
import org.callhome.nms.session.DeviceSession;
import org.callhome.nms.session.DeviceState;
import org.callhome.nms.trust.TrustedDevice;
import org.callhome.shared.ssh.cert.CertifiedIdentity;
import org.callhome.shared.ssh.x509.trust.X509Identity;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NegotiatedAlgorithms;
import org.callhome.shared.strategy.NmsHalf.Rejection;
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
 * @param lastRefusal         the one word for why it was last refused ({@link Rejection#refusal()}), or null
 *                            since it last connected or was approved
 * @param awaitingCall        approved since it was last heard from: the trust applies from its next call
 * @param lastHandshakeMicros its last session's handshake, or null before it had one
 * @param certified           the certificate that identified its last session, or null for a pinned key
 * @param session             its live session, or null
 * @param refused             the last refused attempt to connect as this trusted device, or null: kept
 *                            beside what the device shows, never over it, since whoever was refused did
 *                            not prove to be the device
 */
record DeviceEntry(String id, CallHomeStrategy strategy, DeviceState state, Instant since, String fingerprint,
                   PublicKey key, String claimedName, TrustedDevice trust, String username, String lastError,
                   String lastRefusal, boolean awaitingCall, Attempts attempts, Long lastHandshakeMicros,
                   Certified certified, DeviceSession session, RefusedAttempt refused) {

    /**
     * The certificate that identified the device's last session: an OpenSSH certificate or an X.509
     * chain, exactly one of the two.
     *
     * @param identity what its OpenSSH certificate proved, or null
     * @param x509     what its X.509 certificate chain proved, or null
     * @param expected whether the NMS expected the identity before it connected ({@code --device-ids});
     *                 otherwise it took the CA's word alone
     */
    record Certified(CertifiedIdentity identity, X509Identity x509, boolean expected) {

        Certified {
            if ((identity == null) == (x509 == null)) {
                throw new IllegalArgumentException("one certificate, OpenSSH or X.509, identifies a session");
            }
        }

        /** The API's word for the kind: {@code openssh-cert} or {@code x509}. */
        String kind() {
            return x509 != null ? "x509" : "openssh-cert";
        }
    }

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
                null, false, Attempts.NONE, null, null, null, null);
    }

    boolean trusted() {
        return trust != null;
    }

    /** Trusted as {@code device}: its strategy and pinned key are the entry's (a certificate's key may have been). */
    DeviceEntry withTrust(TrustedDevice device) {
        return new DeviceEntry(id, device.strategy(), state, since, device.fingerprint(), key, claimedName, device,
                username, lastError, lastRefusal, awaitingCall, attempts, lastHandshakeMicros, certified, session, refused);
    }

    /** Takes over the attempts of the unknown entry its key had before it was trusted. */
    DeviceEntry withAttemptsOf(DeviceEntry unknown) {
        return new DeviceEntry(id, strategy, state, since, fingerprint, key, claimedName, trust, username, lastError,
                lastRefusal, awaitingCall, unknown.attempts, lastHandshakeMicros, certified, session, refused);
    }

    /** Approved while not connected: the approval answers the last error, and the device's next call is awaited. */
    DeviceEntry approvedWhileAway() {
        return new DeviceEntry(id, strategy, state, since, fingerprint, key, claimedName, trust, username, null,
                null, true, attempts, lastHandshakeMicros, certified, session, refused);
    }

    /** An unknown device's latest offer: the key and name an operator may approve. */
    DeviceEntry offering(CallHomeStrategy offeredOver, PublicKey offered, String name) {
        return new DeviceEntry(id, offeredOver, state, since, fingerprint, offered, name, trust, username, lastError,
                lastRefusal, awaitingCall, attempts, lastHandshakeMicros, certified, session, refused);
    }

    /** The device tried to connect: it is heard from, so it no longer awaits its call. */
    DeviceEntry attempted(String address, Instant now) {
        return new DeviceEntry(id, strategy, state, since, fingerprint, key, claimedName, trust, username, lastError,
                lastRefusal, false, attempts.next(address, now), lastHandshakeMicros, certified, session, refused);
    }

    DeviceEntry withLastError(String error) {
        return new DeviceEntry(id, strategy, state, since, fingerprint, key, claimedName, trust, username, error,
                lastRefusal, awaitingCall, attempts, lastHandshakeMicros, certified, session, refused);
    }

    /**
     * Someone was refused as this device: recorded as an attempt of its own, leaving the device's state,
     * address, error and attempts as they were.
     */
    DeviceEntry withRefusedAttempt(Rejection rejection, Instant now) {
        return new DeviceEntry(id, strategy, state, since, fingerprint, key, claimedName, trust, username, lastError,
                lastRefusal, awaitingCall, attempts, lastHandshakeMicros, certified, session,
                RefusedAttempt.after(refused, rejection, now));
    }

    /** Refused: why, in a sentence and in one word. */
    DeviceEntry withRefusal(String error, String refusal) {
        return new DeviceEntry(id, strategy, state, since, fingerprint, key, claimedName, trust, username, error,
                refusal, awaitingCall, attempts, lastHandshakeMicros, certified, session, refused);
    }

    /** In state {@code next}; {@code since} changes only if the state does. */
    DeviceEntry movedTo(DeviceState next, Instant now) {
        if (state == next) {
            return this;
        }
        return new DeviceEntry(id, strategy, next, now, fingerprint, key, claimedName, trust, username, lastError,
                lastRefusal, awaitingCall, attempts, lastHandshakeMicros, certified, session, refused);
    }

    /**
     * Its session is up: the session's strategy, key, username and certificate are the entry's, and no
     * error or refusal stands.
     *
     * @param expected whether the NMS expected this device's identity before it connected
     */
    DeviceEntry withSession(DeviceSession live, boolean expected) {
        CertifiedIdentity identity = live.facts().peerCertificate();
        X509Identity x509 = live.facts().peerX509Certificate();
        return new DeviceEntry(id, live.strategy(), state, since, live.keyFingerprint(), key, claimedName, trust,
                live.username(), null, null, awaitingCall, attempts, live.handshake().toNanos() / 1_000,
                identity == null && x509 == null ? null : new Certified(identity, x509, expected), live, refused);
    }

    DeviceEntry withoutSession() {
        return new DeviceEntry(id, strategy, state, since, fingerprint, key, claimedName, trust, username, lastError,
                lastRefusal, awaitingCall, attempts, lastHandshakeMicros, certified, null, refused);
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
                .put("lastRefusal", lastRefusal)
                .put("awaitingCall", awaitingCall)
                .put("attempts", attempts.count())
                .put("firstAttempt", attempts.first() == null ? null : attempts.first().toString())
                .put("lastAttempt", attempts.last() == null ? null : attempts.last().toString())
                .put("lastHandshakeMillis", lastHandshakeMicros == null ? null : lastHandshakeMicros / 1000.0)
                .put("security", session == null ? null : security(session, trust))
                .put("identity", identity())
                .put("refusedAttempts", refused == null ? 0 : refused.count())
                .put("lastRefusedAttempt", refused == null ? null : refused.toJson());
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

    /**
     * What identifies the device: {@code {"kind": "pinned-key"}} for a device trusted with its key,
     * {@code {"kind": "openssh-cert", ...}} with what the certificate of its last session said (its
     * CA's fingerprint, serial, key id and validity; {@code validBefore} null for no end),
     * {@code {"kind": "x509", ...}} with what the X.509 certificate chain of its last session said (its
     * identity as {@code principal} and the subject attribute it came from, the end-entity subject,
     * issuer and serial in decimal, the CA certificate's fingerprint, and the validity: {@code validAfter}
     * is notBefore, {@code validBefore} notAfter), and in both {@code caVouched} when neither
     * {@code --device-ids} nor an approval named it before: the CA's word alone. Null for a key the NMS
     * has not taken.
     */
    JsonObject identity() {
        if (certified != null && certified.x509() != null) {
            X509Identity certificate = certified.x509();
            return new JsonObject()
                    .put("kind", certified.kind())
                    .put("principal", certificate.identity())
                    .put("source", certificate.source().wireName())
                    .put("subject", certificate.subject())
                    .put("issuer", certificate.issuer())
                    .put("serial", certificate.serialText())
                    .put("ca", certificate.caFingerprint())
                    .put("validAfter", certificate.notBefore().toString())
                    .put("validBefore", certificate.notAfter().toString())
                    .put("caVouched", !certified.expected() && trust == null);
        }
        if (certified != null) {
            CertifiedIdentity certificate = certified.identity();
            return new JsonObject()
                    .put("kind", certified.kind())
                    .put("principal", certificate.principal())
                    .put("ca", certificate.caFingerprint())
                    .put("serial", certificate.serialText())
                    .put("keyId", certificate.keyId())
                    .put("validAfter", certificate.validAfter().toString())
                    .put("validBefore", certificate.validBefore().equals(Instant.MAX) ? null
                            : certificate.validBefore().toString())
                    .put("caVouched", !certified.expected() && trust == null);
        }
        return trust == null ? null : new JsonObject().put("kind", "pinned-key");
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
