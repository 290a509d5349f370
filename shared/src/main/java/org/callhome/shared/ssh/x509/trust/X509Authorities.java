package org.callhome.shared.ssh.x509.trust;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.callhome.shared.ssh.X509Text;
import org.callhome.shared.ssh.cert.RevokedKeys;

/**
 * The CAs whose X.509 certificates identify devices (or an NMS), read from a file such as
 * {@code --device-ca}: one or more CA certificates in PEM ({@code -----BEGIN CERTIFICATE-----}
 * blocks, as openssl writes them), in any order; other text between blocks (comments, the text
 * {@code openssl x509 -text} prints) is ignored, as nothing in it is trusted; a certificate listed
 * twice is counted once.
 *
 * <p>Every certificate must say it is a CA: version 3 with {@code basicConstraints} {@code CA:TRUE},
 * and, when it has a key usage, {@code keyCertSign}. A version 1 certificate cannot say it is a CA,
 * so a self-signed v1 root is refused too: accepting one would let any v1 end-entity certificate (an
 * old device's self-signed one) become a CA by being put in the file. The CA may be a root or an
 * intermediate; trusting an intermediate trusts what it issues, not what its issuer issues. A CA's
 * validity is not checked here but at each check, where an expired CA refuses the chains under it.
 *
 * <p>Refused, each with {@code <file>:<line>: block <n>:} and what to give instead: a private key,
 * a public key, a certificate request, a CRL, any block that is not a certificate, a malformed block
 * or certificate, and a certificate that is not a CA's (such as a device's). A file with no
 * certificate is refused too, with a hint when it is an OpenSSH CA key or a DER certificate: it
 * would refuse every chain. The file is at most {@link #MAX_FILE_BYTES}. Immutable.
 */
public final class X509Authorities {

    /** A CA file holds a few certificates; a megabyte is hundreds of them. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;

    private static final String CERTIFICATE = "CERTIFICATE";

    private final Map<String, X509Authority> byFingerprint;
    private final Map<X500Principal, List<X509Authority>> bySubject;

    private X509Authorities(Map<String, X509Authority> byFingerprint) {
        this.byFingerprint = byFingerprint;
        Map<X500Principal, List<X509Authority>> subjects = new LinkedHashMap<>();
        byFingerprint.values().forEach(ca -> subjects.computeIfAbsent(ca.certificate().getSubjectX500Principal(),
                subject -> new ArrayList<>()).add(ca));
        Map<X500Principal, List<X509Authority>> frozen = new LinkedHashMap<>();
        subjects.forEach((subject, cas) -> frozen.put(subject, List.copyOf(cas)));
        this.bySubject = Map.copyOf(frozen);
    }

    /**
     * The CAs of a file such as {@code --device-ca}.
     *
     * @throws IOException {@code "<file>:<line>: block <n>: <what is wrong>"}, or naming the file if
     *     it cannot be read or holds no certificate
     */
    public static X509Authorities load(Path file) throws IOException {
        return load(file, MAX_FILE_BYTES);
    }

    static X509Authorities load(Path file, long maxBytes) throws IOException {
        PemCertificates read = PemCertificates.read(file, maxBytes);
        Map<String, X509Authority> byFingerprint = new LinkedHashMap<>();
        for (PemCertificates.Read one : read.certificates()) {
            String problem = problemWithCa(one.certificate());
            if (problem != null) {
                throw one.block().error(problem);
            }
            X509Authority ca = X509Authority.of(one.certificate());
            byFingerprint.putIfAbsent(ca.fingerprint(), ca);
        }
        if (byFingerprint.isEmpty()) {
            throw new IOException(file + ": holds no certificate; give the certificate of each CA that issues device"
                    + " certificates, in PEM (-----BEGIN CERTIFICATE-----)" + read.hintForNoCertificate());
        }
        return new X509Authorities(byFingerprint);
    }

    /** CAs already checked to be CAs, each once (possibly none: a file of pinned certificates only). */
    static X509Authorities ofChecked(List<X509Authority> cas) {
        Map<String, X509Authority> byFingerprint = new LinkedHashMap<>();
        cas.forEach(ca -> byFingerprint.putIfAbsent(ca.fingerprint(), ca));
        return new X509Authorities(byFingerprint);
    }

    /**
     * These CA certificates, each once, in order.
     *
     * @throws IllegalArgumentException for none, or one that is not a CA's certificate as a file's must be
     */
    public static X509Authorities of(List<X509Certificate> certificates) {
        Map<String, X509Authority> byFingerprint = new LinkedHashMap<>();
        for (X509Certificate certificate : certificates) {
            Objects.requireNonNull(certificate, "null certificate");
            String problem = problemWithCa(certificate);
            if (problem != null) {
                throw new IllegalArgumentException(X509Text.describe(certificate) + ": " + problem);
            }
            X509Authority ca = X509Authority.of(certificate);
            byFingerprint.putIfAbsent(ca.fingerprint(), ca);
        }
        if (byFingerprint.isEmpty()) {
            throw new IllegalArgumentException("no CA certificate");
        }
        return new X509Authorities(byFingerprint);
    }

    /** The CAs in file order, each once. */
    public List<X509Authority> all() {
        return List.copyOf(byFingerprint.values());
    }

    /** The trusted CA with exactly this certificate (compared by fingerprint); empty for any other. */
    public Optional<X509Authority> find(X509Certificate certificate) {
        try {
            return Optional.ofNullable(byFingerprint.get(X509Text.fingerprint(certificate)));
        } catch (IllegalArgumentException unencodable) {
            return Optional.empty();
        }
    }

    /**
     * The trusted CAs whose subject is {@code certificate}'s issuer, the ones that may have issued
     * it: usually one, or two while a CA renews its key under the same name. Whether one did, its
     * signature says.
     */
    List<X509Authority> issuersOf(X509Certificate certificate) {
        return bySubject.getOrDefault(certificate.getIssuerX500Principal(), List.of());
    }

    /**
     * The CRLs of {@code revoked} that none of these CAs signed, each in a sentence for a log line
     * at startup. Such a CRL applies only if an intermediate CA of that name signed it, which is
     * known only when a chain through that intermediate is checked; a CRL of another CA, or one
     * altered, revokes nothing, and an operator should hear of it before a revoked device gets in.
     */
    public List<String> crlsSignedByNone(RevokedKeys revoked) {
        List<String> unsigned = new ArrayList<>();
        for (X509CRL crl : revoked.crls()) {
            boolean signed = bySubject.getOrDefault(crl.getIssuerX500Principal(), List.of()).stream()
                    .anyMatch(ca -> verifies(crl, ca));
            if (!signed) {
                unsigned.add("the CRL of " + X509Text.name(crl.getIssuerX500Principal()) + " of "
                        + crl.getThisUpdate().toInstant() + " is signed by none of the " + byFingerprint.size()
                        + " trusted CAs; it revokes only if an intermediate CA of that name signed it");
            }
        }
        return unsigned;
    }

    @Override
    public String toString() {
        return byFingerprint.size() + " X.509 CAs: " + String.join(", ", byFingerprint.values().stream()
                .map(X509Authority::name).toList());
    }

    /** Why {@code certificate} cannot be a trusted CA's, or null if it can. */
    static String problemWithCa(X509Certificate certificate) {
        if (certificate.getVersion() < 3) {
            return "a version " + certificate.getVersion() + " certificate, which cannot say it is a CA; give a"
                    + " version 3 CA certificate with basicConstraints CA:TRUE (reissue the CA's certificate with"
                    + " -addext basicConstraints=critical,CA:TRUE)";
        }
        if (certificate.getBasicConstraints() < 0) {
            return X509Text.describe(certificate) + " is not a CA certificate (no basicConstraints CA:TRUE); if it is"
                    + " a device's or an NMS's own, give the certificate of the CA that issued it";
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && (keyUsage.length < 6 || !keyUsage[5])) {
            return X509Text.describe(certificate) + " is a CA certificate whose keyUsage does not allow keyCertSign,"
                    + " so it may not issue certificates";
        }
        return null;
    }

    private static boolean verifies(X509CRL crl, X509Authority ca) {
        try {
            crl.verify(ca.certificate().getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
