package org.callhome.shared.ssh.x509;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;

/**
 * The certificates of this package's tests, made with {@link X509Lab}: a root CA and an intermediate
 * CA {@code CN=Test Device CA} (both EC P-256), which issues host and user certificates of any
 * {@link X509Algorithm}'s key, with what RFC 6187 §2.2 and AsyncSSH look at: basic constraints
 * {@code CA:FALSE}, key usage {@code digitalSignature}, extended key usage
 * {@code id-kp-secureShellServer} (host) or {@code id-kp-secureShellClient} (user), and for a host,
 * subject alternative names {@code localhost} and {@code 127.0.0.1}. Unlike the lab's, these
 * certificates are valid by the real clock, from an hour ago for a day: AsyncSSH checks them on it.
 * Chains go up to, not including, the root.
 */
final class Rfc6187Pki {

    private final X509Lab lab = new X509Lab();
    private final Instant notBefore = Instant.now().minus(Duration.ofHours(1));
    private final Instant notAfter = notBefore.plus(Duration.ofHours(25));
    final Issued root;
    final Issued intermediate;

    /** A certificate and the key pair it certifies, with its chain. */
    record Chain(KeyPair key, List<X509Certificate> chain) {

        X509Certificate certificate() {
            return chain.get(0);
        }

        /** The pair MINA presents or logs in with. */
        KeyPair x509KeyPair() {
            return X509PublicKey.keyPair(key, chain);
        }
    }

    Rfc6187Pki() {
        this("Test Root CA");
    }

    /** A PKI whose root is {@code CN=<rootName>}. */
    Rfc6187Pki(String rootName) {
        root = lab.root(rootName).validity(notBefore, notAfter).issue();
        intermediate = lab.intermediate(root, "Test Device CA").validity(notBefore, notAfter).issue();
    }

    /** A host certificate for {@code localhost}/{@code 127.0.0.1}, named {@code subject}. */
    Chain host(X509Algorithm algorithm, String subject) {
        return host(algorithm, subject, X509Lab.SSH_SERVER);
    }

    /** A host certificate as {@link #host(X509Algorithm, String)}, for {@code purpose} (an OID) instead. */
    Chain host(X509Algorithm algorithm, String subject, String purpose) {
        return issue(algorithm, lab.device(intermediate, null).subject(subject).extendedKeyUsage(purpose)
                .subjectAltNames("dns:localhost", "ip:127.0.0.1"));
    }

    /** A user certificate whose common name is {@code username}. */
    Chain user(X509Algorithm algorithm, String username) {
        return issue(algorithm, lab.device(intermediate, null).subject("CN=" + username)
                .extendedKeyUsage(X509Lab.SSH_CLIENT));
    }

    private Chain issue(X509Algorithm algorithm, X509Lab.Spec spec) {
        Issued issued = spec.key(X509Lab.key(algorithm)).ca(false).validity(notBefore, notAfter).issue();
        return new Chain(issued.keyPair(), List.of(issued.certificate(), intermediate.certificate()));
    }
}
