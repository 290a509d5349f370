package org.callhome.shared.strategy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.util.Objects;
import java.util.function.Consumer;
import org.callhome.shared.ssh.cert.CertificateRefusal;
import org.callhome.shared.text.PeerText;

/**
 * The NMS half of a strategy: listens where devices call, proves who each device is, and hands
 * over one {@link SecuredChannel} per authenticated device. It reports devices it refused
 * through {@link Refusals}. Above it the NMS runs the same NETCONF client for every strategy.
 */
public interface NmsHalf extends AutoCloseable {

    /** What the NMS half tells about devices it did not hand over. */
    interface Refusals {
        /** An unknown key, a key that is not the device's, or a device that is already connected. */
        void rejected(Rejection rejection);

        /** The device was known, but the SSH login or the NETCONF channel failed. */
        void authFailed(CallHomeStrategy strategy, String deviceId, String fingerprint, String remoteAddress,
                        String reason);
    }

    /** Why a key was not accepted; a label value for metrics and the API. */
    enum RejectionKind {
        /** No trusted device has this key (and, for a login, no device has this name). */
        UNKNOWN_DEVICE("unknown-device"),
        /** The name is a trusted device's, but the key is not its pinned one. */
        WRONG_KEY("wrong-key"),
        /** The device is trusted but already has a live session. */
        ALREADY_CONNECTED("already-connected"),
        /** The key is in the NMS's revocation list ({@code --revoked-keys}). */
        REVOKED("revoked"),
        /** A certificate that does not prove the device's identity; {@link Rejection#certificateRefusal} says why. */
        CERTIFICATE("certificate");

        private final String wireName;

        RejectionKind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /**
     * One refused key or certificate.
     *
     * @param deviceId           the trusted device this was about, or null when the key matched none
     * @param claimedName        the name the peer gave for itself (a device-ssh-client login name, a
     *                           certificate's principal), or null; peer-controlled, so kept escaped and cut
     *                           after {@link #MAX_CLAIMED_NAME} characters
     * @param key                the key the peer presented (for a certificate, the key it certifies), so an
     *                           operator can approve it later
     * @param certificateRefusal why a certificate was refused, exactly when {@code kind} is
     *                           {@link RejectionKind#CERTIFICATE}
     */
    record Rejection(CallHomeStrategy strategy, RejectionKind kind, String deviceId, String claimedName,
                     PublicKey key, String fingerprint, String remoteAddress, String reason,
                     CertificateRefusal certificateRefusal) {

        /** Characters kept of a peer-chosen name; a longer one is cut and ends in "...". */
        public static final int MAX_CLAIMED_NAME = 64;

        public Rejection {
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(reason, "reason");
            if ((kind == RejectionKind.CERTIFICATE) != (certificateRefusal != null)) {
                throw new IllegalArgumentException("a certificate refusal goes with kind " + RejectionKind.CERTIFICATE
                        .wireName() + " and only with it, not with " + kind.wireName());
            }
            if (claimedName != null) {
                claimedName = PeerText.shown(claimedName, MAX_CLAIMED_NAME);
            }
        }

        /** A refused key, not a certificate. */
        public Rejection(CallHomeStrategy strategy, RejectionKind kind, String deviceId, String claimedName,
                         PublicKey key, String fingerprint, String remoteAddress, String reason) {
            this(strategy, kind, deviceId, claimedName, key, fingerprint, remoteAddress, reason, null);
        }

        /**
         * The one word for why, as metrics and the API label it: the certificate refusal's wire name
         * for a certificate ({@code expired}, {@code unknown-ca}, ...), else the kind's.
         */
        public String refusal() {
            return certificateRefusal != null ? certificateRefusal.wireName() : kind.wireName();
        }
    }

    CallHomeStrategy strategy();

    /**
     * Binds and starts accepting; each authenticated device's channel goes to {@code channels}
     * (called on an I/O thread; it must not block). Returns the address actually bound.
     */
    InetSocketAddress start(Consumer<SecuredChannel> channels) throws IOException;

    /** Drops the live connection of {@code deviceId}, if any. */
    void disconnect(String deviceId);

    @Override
    void close() throws IOException;
}
