package org.callhome.device.trust;

import java.util.Objects;
import java.util.Optional;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;

/**
 * The device's answer on a key or certificate its NMS presented: its SSH host key in
 * device-ssh-client, its login key in reverse-ssh. {@link Accepted} says how the NMS was proven
 * (a pinned key, or a certificate of a trusted CA); {@link Refused} says why not in one sentence,
 * for the log and the dialer's failed attempt.
 */
public sealed interface NmsVerdict {

    /**
     * @param keyFingerprint the {@code SHA256:} fingerprint of the NMS's key (for a certificate, of the key it certifies)
     * @param detail         what proved it, for the log: the pinned key's line, or the certified identity
     * @param boundAccount   the account an X.509 login was bound to by a cert-to-name mapping, which overrides
     *                       the SSH username (RFC 6242 §3); empty when the account is the SSH username
     */
    record Accepted(PeerVerification verification, String keyFingerprint, String detail, Optional<String> boundAccount)
            implements NmsVerdict {
        public Accepted {
            Objects.requireNonNull(verification, "verification");
            Objects.requireNonNull(keyFingerprint, "keyFingerprint");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(boundAccount, "boundAccount");
        }

        /** Accepted for the SSH username, or as a host key, where no account is bound. */
        public Accepted(PeerVerification verification, String keyFingerprint, String detail) {
            this(verification, keyFingerprint, detail, Optional.empty());
        }
    }

    /** @param detail one sentence naming the key or certificate and what is wrong with it, peer text escaped */
    record Refused(String detail) implements NmsVerdict {
        public Refused {
            Objects.requireNonNull(detail, "detail");
        }
    }

    default boolean isAccepted() {
        return this instanceof Accepted;
    }
}
