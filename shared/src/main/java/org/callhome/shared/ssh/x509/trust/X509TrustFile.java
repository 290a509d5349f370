package org.callhome.shared.ssh.x509.trust;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a file of trusted X.509 certificates trusts a peer by, such as a device's account file in TLS
 * call home: CA certificates ({@link X509Authorities}: a chain that leads to one is trusted) and pinned
 * end-entity certificates ({@link X509Pins}: ietf-tls-server's {@code ee-certs}, a peer that presents
 * exactly one is trusted), both in PEM, in any order, as {@link X509Authorities} reads a CA file:
 * other text between blocks is ignored and a certificate listed twice counts once.
 *
 * <p>A certificate with {@code basicConstraints CA:TRUE} is a CA, and must allow {@code keyCertSign}
 * when it has a key usage; any other version 3 certificate is a pin. A version 1 certificate cannot
 * say which it is and is refused. A file with only CAs, or only pins, is fine; a file with neither is
 * refused, as it would refuse every peer. Refusals name the file, line and block, as for a CA file.
 *
 * @param authorities the CAs of the file, possibly none
 * @param pins        the pinned certificates of the file, possibly none
 */
public record X509TrustFile(X509Authorities authorities, X509Pins pins) {

    public X509TrustFile {
        Objects.requireNonNull(authorities, "authorities");
        Objects.requireNonNull(pins, "pins");
        if (authorities.all().isEmpty() && pins.isEmpty()) {
            throw new IllegalArgumentException("neither a CA certificate nor a pinned certificate");
        }
    }

    /**
     * The CAs and pins of {@code file}.
     *
     * @throws IOException {@code "<file>:<line>: block <n>: <what is wrong>"}, or naming the file if it
     *     cannot be read or holds no certificate
     */
    public static X509TrustFile load(Path file) throws IOException {
        return load(file, X509Authorities.MAX_FILE_BYTES);
    }

    static X509TrustFile load(Path file, long maxBytes) throws IOException {
        PemCertificates read = PemCertificates.read(file, maxBytes);
        List<X509Authority> cas = new ArrayList<>();
        List<X509Certificate> pins = new ArrayList<>();
        for (PemCertificates.Read one : read.certificates()) {
            X509Certificate certificate = one.certificate();
            boolean ca = certificate.getVersion() >= 3 && certificate.getBasicConstraints() >= 0;
            String problem = ca ? X509Authorities.problemWithCa(certificate) : X509Pins.problemWithPin(certificate);
            if (problem != null) {
                throw one.block().error(problem);
            }
            if (ca) {
                cas.add(X509Authority.of(certificate));
            } else {
                pins.add(certificate);
            }
        }
        if (cas.isEmpty() && pins.isEmpty()) {
            throw new IOException(file + ": holds no certificate; give the certificates of the CAs that issue the"
                    + " peer's certificates, or the peer's own certificate to pin it, in PEM"
                    + " (-----BEGIN CERTIFICATE-----)" + read.hintForNoCertificate());
        }
        return new X509TrustFile(X509Authorities.ofChecked(cas), X509Pins.of(pins));
    }

    @Override
    public String toString() {
        return (authorities.all().isEmpty() ? "" : authorities + "; ") + (pins.isEmpty() ? "no pinned certificate"
                : pins.toString());
    }
}
