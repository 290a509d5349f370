package org.callhome.shared.ssh.cert;

import java.util.Objects;
import java.util.Set;
import org.callhome.shared.text.PeerText;

/**
 * What {@link CertificateCheck} decided about a certificate: {@link Accepted} with the identity it
 * proves, or {@link Refused} with one reason and a sentence for the log. The identity checks a
 * connection adds ({@link #requirePrincipal}, {@link #requireOneOf}) turn an accepted verdict into
 * a refused one and pass a refused one on unchanged, so they chain.
 */
public sealed interface CertificateVerdict {

    /** The certificate is valid and trusted, for this identity. */
    record Accepted(CertifiedIdentity identity) implements CertificateVerdict {

        public Accepted {
            Objects.requireNonNull(identity, "identity");
        }
    }

    /**
     * The certificate is refused.
     *
     * @param detail one sentence naming the certificate and what is wrong with it, peer text escaped
     */
    record Refused(CertificateRefusal reason, String detail) implements CertificateVerdict {

        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    default boolean isAccepted() {
        return this instanceof Accepted;
    }

    /**
     * This verdict if the certificate's principal is {@code expected} (compared exactly) or it was
     * refused already; otherwise refused with {@link CertificateRefusal#PRINCIPAL_MISMATCH}. For a
     * connection that knows whom it expects, such as a device logging in under its own name.
     */
    default CertificateVerdict requirePrincipal(String expected) {
        Objects.requireNonNull(expected, "expected");
        if (this instanceof Accepted accepted && !accepted.identity().principal().equals(expected)) {
            return new Refused(CertificateRefusal.PRINCIPAL_MISMATCH, "the certificate is for "
                    + PeerText.quote(accepted.identity().principal()) + ", but " + PeerText.quote(expected)
                    + " is expected here");
        }
        return this;
    }

    /**
     * This verdict if the certificate's principal is one of {@code expected} or it was refused
     * already; otherwise refused with {@link CertificateRefusal#UNEXPECTED_IDENTITY}. For an NMS
     * that keeps an inventory of the devices it expects; an empty inventory refuses every one.
     */
    default CertificateVerdict requireOneOf(Set<String> expected) {
        Objects.requireNonNull(expected, "expected");
        if (this instanceof Accepted accepted && !expected.contains(accepted.identity().principal())) {
            return new Refused(CertificateRefusal.UNEXPECTED_IDENTITY, "the certificate is for "
                    + PeerText.quote(accepted.identity().principal()) + ", which is not among the "
                    + expected.size() + " expected identities");
        }
        return this;
    }
}
