package org.callhome.shared.ssh.x509.trust;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.callhome.shared.ssh.X509Text;

/**
 * End-entity certificates trusted as they are, each pinned by its exact DER encoding: what
 * ietf-tls-server's {@code client-authentication/ee-certs} holds, such as the NMS's own self-signed
 * certificate in a device's account file. A peer whose end-entity certificate is byte-identical to a
 * pin is trusted whatever issued it, when {@link X509ChainCheck}'s rules for a pinned certificate
 * accept it at the check (valid then, not revoked, fit for the role, a usable identity); no signature
 * on it is looked at, as the bytes are the trust.
 *
 * <p>A pin is an end entity's certificate: version 3 without {@code basicConstraints CA:TRUE}. A CA's
 * certificate is never a pin: it trusts what it issues ({@link X509Authorities}), and a CA certificate
 * presented as a peer's own is refused as {@code wrong-certificate-type} whatever file holds it. A
 * version 1 certificate cannot say whether it is a CA, so it is neither. Immutable.
 */
public final class X509Pins {

    /** No pin: trust only through CAs. */
    public static final X509Pins NONE = new X509Pins(Map.of());

    private final Map<String, X509Certificate> byFingerprint;

    private X509Pins(Map<String, X509Certificate> byFingerprint) {
        this.byFingerprint = byFingerprint;
    }

    /**
     * These end-entity certificates, each once, in order; none makes {@link #NONE}.
     *
     * @throws IllegalArgumentException for one that is a CA's or of version 1
     */
    public static X509Pins of(List<X509Certificate> certificates) {
        Map<String, X509Certificate> byFingerprint = new LinkedHashMap<>();
        for (X509Certificate certificate : certificates) {
            Objects.requireNonNull(certificate, "null certificate");
            String problem = problemWithPin(certificate);
            if (problem != null) {
                throw new IllegalArgumentException(X509Text.describe(certificate) + ": " + problem);
            }
            byFingerprint.putIfAbsent(X509Text.fingerprint(certificate), certificate);
        }
        return byFingerprint.isEmpty() ? NONE : new X509Pins(byFingerprint);
    }

    /** The pinned certificates in order, each once. */
    public List<X509Certificate> all() {
        return List.copyOf(byFingerprint.values());
    }

    public boolean isEmpty() {
        return byFingerprint.isEmpty();
    }

    /** The pin byte-identical to {@code presented} (same DER encoding); empty for any other certificate. */
    public Optional<X509Certificate> find(X509Certificate presented) {
        if (byFingerprint.isEmpty()) {
            return Optional.empty();
        }
        try {
            X509Certificate pin = byFingerprint.get(X509Text.fingerprint(presented));
            return pin != null && Arrays.equals(pin.getEncoded(), presented.getEncoded()) ? Optional.of(pin)
                    : Optional.empty();
        } catch (IllegalArgumentException | CertificateEncodingException unencodable) {
            return Optional.empty();
        }
    }

    /** Why {@code certificate} cannot be pinned, or null if it can. */
    static String problemWithPin(X509Certificate certificate) {
        if (certificate.getVersion() < 3) {
            return "a version " + certificate.getVersion() + " certificate, which can be neither a CA (it cannot say"
                    + " it is one) nor pinned (a pinned end-entity certificate is version 3, so that it can say it is"
                    + " not a CA); give a version 3 certificate (openssl req -x509 writes one)";
        }
        if (certificate.getBasicConstraints() >= 0) {
            return X509Text.describe(certificate) + " is a CA certificate (basicConstraints CA:TRUE), which trusts"
                    + " what it issues and is never pinned";
        }
        return null;
    }

    @Override
    public String toString() {
        return byFingerprint.size() + " pinned X.509 certificates: " + String.join(", ", byFingerprint.entrySet()
                .stream().map(pin -> X509Text.name(pin.getValue().getSubjectX500Principal()) + " (" + pin.getKey()
                        + ")").toList());
    }
}
