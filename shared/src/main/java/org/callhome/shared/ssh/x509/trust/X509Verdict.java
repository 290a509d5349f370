package org.callhome.shared.ssh.x509.trust;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.callhome.shared.ssh.cert.CertificateRefusal;
import org.callhome.shared.ssh.cert.CertificateVerdict;
import org.callhome.shared.text.PeerText;

/**
 * What {@link X509ChainCheck} decided about a certificate chain: {@link Accepted} with the identity
 * it proves, or {@link Refused} with one reason, in the words OpenSSH certificates are refused in
 * ({@link CertificateRefusal}), and a sentence for the log. As with {@link CertificateVerdict}, the
 * identity checks a connection adds ({@link #requireIdentity}, {@link #requireOneOf}) turn an
 * accepted verdict into a refused one and pass a refused one on unchanged, so they chain.
 */
public sealed interface X509Verdict {

    /**
     * The chain is valid and trusted, for this identity.
     *
     * @param identity the identity it proves
     * @param path     the certificates the decision rests on: the end entity's first, each followed by
     *                 its issuer's, up to and including the trusted CA's own certificate (what was sent
     *                 after the path is not in it), so at least two; or, for a pinned certificate
     *                 ({@link X509Identity#pinned()}), that certificate alone, whatever was sent after it.
     *                 What RFC 7407 cert-to-name fingerprints are matched against
     */
    record Accepted(X509Identity identity, List<X509Certificate> path) implements X509Verdict {

        public Accepted {
            Objects.requireNonNull(identity, "identity");
            path = List.copyOf(Objects.requireNonNull(path, "path"));
            if (identity.pinned() && path.size() != 1) {
                throw new IllegalArgumentException("the path of a pinned certificate is that certificate alone, got "
                        + path.size() + " certificates");
            }
            if (!identity.pinned() && path.size() < 2) {
                throw new IllegalArgumentException("a path holds the end entity and the trusted CA, got "
                        + path.size() + " certificates");
            }
        }
    }

    /**
     * The chain is refused.
     *
     * @param detail one sentence naming the certificate and what is wrong with it, peer text escaped
     */
    record Refused(CertificateRefusal reason, String detail) implements X509Verdict {

        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        /** The same refusal as an OpenSSH certificate's, for code that reports both kinds alike. */
        public CertificateVerdict.Refused asCertificateRefusal() {
            return new CertificateVerdict.Refused(reason, detail);
        }
    }

    /** Whether the chain was accepted. */
    default boolean isAccepted() {
        return this instanceof Accepted;
    }

    /**
     * This verdict if the chain's identity is {@code expected} (compared exactly) or it was refused
     * already; otherwise refused with {@link CertificateRefusal#PRINCIPAL_MISMATCH}. For a connection
     * that knows whom it expects, such as a device logging in under its own name.
     */
    default X509Verdict requireIdentity(String expected) {
        Objects.requireNonNull(expected, "expected");
        if (this instanceof Accepted accepted && !accepted.identity().identity().equals(expected)) {
            return new Refused(CertificateRefusal.PRINCIPAL_MISMATCH, "the certificate is for "
                    + PeerText.quote(accepted.identity().identity()) + ", but " + PeerText.quote(expected)
                    + " is expected here");
        }
        return this;
    }

    /**
     * This verdict if the chain's identity is one of {@code expected} or it was refused already;
     * otherwise refused with {@link CertificateRefusal#UNEXPECTED_IDENTITY}. For an NMS that keeps an
     * inventory of the devices it expects; an empty inventory refuses every one.
     */
    default X509Verdict requireOneOf(Set<String> expected) {
        Objects.requireNonNull(expected, "expected");
        if (this instanceof Accepted accepted && !expected.contains(accepted.identity().identity())) {
            return new Refused(CertificateRefusal.UNEXPECTED_IDENTITY, "the certificate is for "
                    + PeerText.quote(accepted.identity().identity()) + ", which is not among the "
                    + expected.size() + " expected identities");
        }
        return this;
    }
}
