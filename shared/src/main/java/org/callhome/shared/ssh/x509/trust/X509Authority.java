package org.callhome.shared.ssh.x509.trust;

import java.security.cert.X509Certificate;
import java.util.Objects;
import org.callhome.shared.ssh.X509Text;

/**
 * One CA whose X.509 certificates we trust: its certificate, a trust anchor of path validation, and
 * the certificate's SHA-256 fingerprint as {@code openssl x509 -noout -fingerprint -sha256} prints
 * it ({@code 3A:9F:...}, upper-case hex pairs joined by colons; see {@link X509Text#fingerprint}), by
 * which logs, verdicts and the API name it. Hex, not OpenSSH's {@code SHA256:} base64, so that an
 * operator compares it with what openssl says of the CA file, and never mistakes it for a key's.
 */
public record X509Authority(X509Certificate certificate, String fingerprint) {

    public X509Authority {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** The CA's certificate with its fingerprint; not checked to be a CA ({@link X509Authorities} does that). */
    static X509Authority of(X509Certificate certificate) {
        return new X509Authority(certificate, X509Text.fingerprint(certificate));
    }

    /** {@code 'CN=Device CA,O=Example' (3A:9F:...)}: the CA's subject, quoted, and its fingerprint. */
    public String name() {
        return X509Text.name(certificate.getSubjectX500Principal()) + " (" + fingerprint + ")";
    }
}
