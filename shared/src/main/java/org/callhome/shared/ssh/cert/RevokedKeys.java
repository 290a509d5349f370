package org.callhome.shared.ssh.cert;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.shared.io.TextFiles;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.TrustFileLine;
import org.callhome.shared.ssh.X509Text;
import org.callhome.shared.text.PeerText;

/**
 * The keys and certificates that must no longer be accepted ({@code --revoked-keys FILE}), as
 * OpenSSH's {@code RevokedKeys} reads them: either a binary KRL as {@code ssh-keygen -k} writes it
 * ({@link KrlReader}), or a text list of public keys, one a line in OpenSSH form ({@code #}
 * comments and blank lines skipped); or, for X.509 certificates (RFC 6187), X.509 CRLs
 * ({@link CrlReader}: one in DER, or one or more in PEM). Which of the three a file is, is told by
 * its content. A file that is none of them is refused with what is wrong and where: a program must
 * refuse to start rather than run without its revocations.
 *
 * <p>What counts as revoked is what OpenSSH counts (krl.c): a key listed explicitly or by its
 * SHA1 or SHA256 hash; a certificate whose key or whose CA's key is revoked so; a certificate
 * listed by serial (never serial 0) or key id under its CA's section, or by key id under a section
 * for any CA. Keys are compared by their SSH blob, whichever object holds them. An X.509 certificate
 * is revoked the same way by its key or its issuer's key, and by a CRL that lists its serial, is
 * issued under its issuer's name and is signed by its issuer's key
 * ({@link #whyRevoked(X509Certificate, PublicKey)}); a CRL revokes no SSH key or OpenSSH
 * certificate. The file is at most {@link #MAX_FILE_BYTES}. Immutable and safe to share between
 * threads.
 */
public final class RevokedKeys {

    /** About four million explicit Ed25519 keys; a KRL of serials is far smaller. */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    /** Nothing revoked: for a program started without a revocation list. */
    public static final RevokedKeys NONE = new Builder().build("no revocation list");

    /** What a line of the text form looks like, as errors quote it. */
    static final String LINE_FORM = "'<key-type> <base64-key> [comment]', one revoked key a line";

    private static final String ANY_CA = "";

    private final Set<String> keys;
    private final Set<String> sha1s;
    private final Set<String> sha256s;
    private final Map<String, CertificateSection> certificatesByCa;
    private final List<X509CRL> crls;
    private final String summary;

    private RevokedKeys(Builder builder, String summary) {
        this.keys = Set.copyOf(builder.keys);
        this.sha1s = Set.copyOf(builder.sha1s);
        this.sha256s = Set.copyOf(builder.sha256s);
        Map<String, CertificateSection> sections = new HashMap<>();
        builder.sections.forEach((ca, section) -> sections.put(ca, section.build()));
        this.certificatesByCa = Map.copyOf(sections);
        this.crls = List.copyOf(builder.crls);
        this.summary = summary;
    }

    /** @throws IOException naming the file and, for a KRL, the byte offset where it stops making sense */
    public static RevokedKeys load(Path file) throws IOException {
        return load(file, MAX_FILE_BYTES);
    }

    /** As {@link #load(Path)}, for a file of at most {@code maxBytes}. */
    public static RevokedKeys load(Path file, long maxBytes) throws IOException {
        byte[] bytes = TextFiles.readBytes(file, maxBytes);
        if (KrlReader.isKrl(bytes)) {
            return KrlReader.read(file, bytes);
        }
        if (CrlReader.isX509(bytes)) {
            return CrlReader.read(file, bytes);
        }
        String text;
        try {
            text = TextFiles.utf8(file, bytes);
        } catch (IOException e) {
            throw new IOException(file + ": neither an OpenSSH KRL (no SSHKRL header) nor a text list of public keys"
                    + " (not UTF-8 text)", e);
        }
        return fromKeyList(file, text);
    }

    /** Whether this key (or certificate) is revoked. @throws IllegalArgumentException for a key of a type we do not accept */
    public boolean isRevoked(PublicKey key) {
        return whyRevoked(key).isPresent();
    }

    /** Whether this certificate is revoked. @throws IllegalArgumentException if its key or CA key is of a type we do not accept */
    public boolean isRevoked(OpenSshCertificate certificate) {
        return whyRevoked(certificate).isPresent();
    }

    /**
     * How this key is revoked, such as {@code key SHA256:... is listed}; empty if it is not. A
     * certificate is asked about as {@link #whyRevoked(OpenSshCertificate)} asks.
     */
    public Optional<String> whyRevoked(PublicKey key) {
        if (key instanceof OpenSshCertificate certificate) {
            return whyRevoked(certificate);
        }
        byte[] blob = SshKeys.blob(key);
        String name = "key " + SshKeys.fingerprint(key);
        if (keys.contains(Base64.getEncoder().encodeToString(blob))) {
            return Optional.of(name + " is listed");
        }
        if (sha256s.contains(hash("SHA-256", blob))) {
            return Optional.of(name + " is listed by its SHA256 hash");
        }
        if (sha1s.contains(hash("SHA-1", blob))) {
            return Optional.of(name + " is listed by its SHA1 hash");
        }
        return Optional.empty();
    }

    /** How this certificate is revoked, such as {@code serial 5 is revoked for CA SHA256:...}; empty if it is not. */
    public Optional<String> whyRevoked(OpenSshCertificate certificate) {
        Optional<String> key = whyRevoked(certificate.getCertPubKey());
        if (key.isPresent()) {
            return Optional.of("its " + key.get());
        }
        PublicKey caKey = certificate.getCaPubKey();
        Optional<String> ca = whyRevoked(caKey);
        if (ca.isPresent()) {
            return Optional.of("its CA's " + ca.get());
        }
        String caName = "CA " + SshKeys.fingerprint(caKey);
        Optional<String> byCa = certificatesByCa.getOrDefault(Base64.getEncoder().encodeToString(SshKeys.blob(caKey)),
                CertificateSection.NONE).whyRevoked(certificate, caName);
        return byCa.isPresent() ? byCa
                : certificatesByCa.getOrDefault(ANY_CA, CertificateSection.NONE).whyRevoked(certificate, "any CA");
    }

    /**
     * How this X.509 certificate is revoked, such as {@code serial 4096 (0x1000) is listed in the CRL
     * of 'CN=Device CA' of 2026-05-01T00:00:00Z (revoked 2026-04-30T12:00:00Z)}; empty if it is not.
     * As for an OpenSSH certificate, it is revoked when its key or {@code issuerKey}, the key of the
     * certificate that issued it (the next in its chain, or the trusted CA's), is revoked (in a KRL
     * or a key list; a key of a type SSH does not use is never listed). And it is revoked when a CRL
     * lists its serial, a CRL that counts for it: issued under the certificate's issuer name, with a
     * signature that verifies with {@code issuerKey}. A CRL whose signature does not verify with
     * that key is another CA's word, or a forgery, and revokes nothing here. The CRL's dates are not
     * enforced: a list past its {@code nextUpdate} still revokes what it lists, and a newer file
     * replaces it ({@link RevokedKeysFile}).
     */
    public Optional<String> whyRevoked(X509Certificate certificate, PublicKey issuerKey) {
        Optional<String> key = whyRevokedIfSsh(certificate.getPublicKey());
        if (key.isPresent()) {
            return Optional.of("its " + key.get());
        }
        Optional<String> issuerKeyRevoked = whyRevokedIfSsh(issuerKey);
        if (issuerKeyRevoked.isPresent()) {
            return Optional.of("its issuer's " + issuerKeyRevoked.get());
        }
        X500Principal issuer = certificate.getIssuerX500Principal();
        for (X509CRL crl : crls) {
            if (!crl.getIssuerX500Principal().equals(issuer) || !signedBy(crl, issuerKey)) {
                continue;
            }
            X509CRLEntry entry = crl.getRevokedCertificate(certificate.getSerialNumber());
            if (entry != null) {
                return Optional.of("serial " + X509Text.serial(certificate.getSerialNumber()) + " is listed in the CRL"
                        + " of " + X509Text.name(issuer) + " of " + crl.getThisUpdate().toInstant() + " (revoked "
                        + entry.getRevocationDate().toInstant() + (entry.getRevocationReason() != null
                        ? ", " + entry.getRevocationReason().name().toLowerCase(Locale.ROOT).replace('_', ' ') : "")
                        + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * The X.509 CRLs of the list, in file order; empty for a KRL or a key list. Each is checked for
     * its signature only as {@link #whyRevoked(X509Certificate, PublicKey)} uses it.
     */
    public List<X509CRL> crls() {
        return crls;
    }

    /** Where the list came from and what it holds, for a log line: {@code KRL <file> version 3 of <date>: 2 keys, ...}. */
    @Override
    public String toString() {
        return summary;
    }

    private static RevokedKeys fromKeyList(Path file, String text) throws IOException {
        Builder builder = new Builder();
        List<TrustFileLine> lines = TrustFileLine.parse(file, text, LINE_FORM);
        for (TrustFileLine line : lines) {
            String first = line.text().split("\\s+", 2)[0];
            if (Certificates.isCertificateType(first)) {
                throw line.error("this is a certificate; list its key, or revoke it by serial or key id in a KRL"
                        + " (ssh-keygen -k -f KRL -s CA.pub SPEC)");
            }
            if (first.endsWith(":")) {
                throw line.error(PeerText.quote(first) + " lines are a KRL specification, not a KRL; turn it into one"
                        + " with ssh-keygen -k -f KRL -s CA.pub " + file);
            }
            try {
                builder.revokeKey(SshKeys.blob(SshKeys.parsePublicKey(line.text())));
            } catch (IllegalArgumentException e) {
                throw line.error(e.getMessage(), e);
            }
        }
        return builder.build("key list " + file);
    }

    /** As {@link #whyRevoked(PublicKey)}, and empty for a key of a type SSH does not use, which no list can name. */
    private Optional<String> whyRevokedIfSsh(PublicKey key) {
        try {
            return whyRevoked(key);
        } catch (IllegalArgumentException notAnSshKeyType) {
            return Optional.empty();
        }
    }

    /** Whether {@code key} verifies the CRL's signature; the JDK keeps the last key that did, so a repeat is cheap. */
    private static boolean signedBy(X509CRL crl, PublicKey key) {
        try {
            crl.verify(key);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String hash(String algorithm, byte[] blob) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(blob));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }

    /** The certificates revoked for one CA, or for any CA. */
    private record CertificateSection(RevokedSerials serials, Set<String> keyIds) {

        static final CertificateSection NONE = new CertificateSection(RevokedSerials.NONE, Set.of());

        Optional<String> whyRevoked(OpenSshCertificate certificate, String caName) {
            if (keyIds.contains(certificate.getId())) {
                return Optional.of("key id " + PeerText.quote(certificate.getId()) + " is revoked for " + caName);
            }
            if (serials.contains(certificate.getSerial())) {
                return Optional.of("serial " + Long.toUnsignedString(certificate.getSerial()) + " is revoked for "
                        + caName);
            }
            return Optional.empty();
        }
    }

    /** Collects revocations as {@link KrlReader} or the key list finds them; each is checked before it gets here. */
    static final class Builder {

        private final Set<String> keys = new HashSet<>();
        private final Set<String> sha1s = new HashSet<>();
        private final Set<String> sha256s = new HashSet<>();
        private final Map<String, SectionBuilder> sections = new HashMap<>();
        private final List<X509CRL> crls = new ArrayList<>();

        void revokeKey(byte[] blob) {
            keys.add(Base64.getEncoder().encodeToString(blob));
        }

        void revokeSha1(byte[] hash) {
            sha1s.add(HexFormat.of().formatHex(hash));
        }

        void revokeSha256(byte[] hash) {
            sha256s.add(HexFormat.of().formatHex(hash));
        }

        /** An X.509 CRL, checked by {@link CrlReader} but not yet for its signature. */
        void revokeByCrl(X509CRL crl) {
            crls.add(crl);
        }

        /** Where certificates of the CA with this key blob go; an empty blob means any CA. */
        SectionBuilder certificatesOf(byte[] caBlob) {
            return sections.computeIfAbsent(Base64.getEncoder().encodeToString(caBlob), ca -> new SectionBuilder());
        }

        /** @param source what the revocations came from, which {@link RevokedKeys#toString} starts with */
        RevokedKeys build(String source) {
            List<String> parts = new ArrayList<>();
            count(parts, keys.size(), "key", "keys");
            count(parts, sha256s.size(), "SHA256 hash", "SHA256 hashes");
            count(parts, sha1s.size(), "SHA1 hash", "SHA1 hashes");
            int cas = sections.size() - (sections.containsKey(ANY_CA) ? 1 : 0);
            count(parts, cas, "CA's certificates", "CAs' certificates");
            if (sections.containsKey(ANY_CA)) {
                parts.add("certificates of any CA");
            }
            int listed = crls.stream().mapToInt(Builder::listed).sum();
            String certificates = listed + (listed == 1 ? " certificate" : " certificates");
            if (crls.size() == 1) {
                parts.add("the CRL of " + X509Text.name(crls.get(0).getIssuerX500Principal()) + " of "
                        + crls.get(0).getThisUpdate().toInstant() + " listing " + certificates);
            } else if (crls.size() > 1) {
                parts.add(crls.size() + " CRLs listing " + certificates);
            }
            return new RevokedKeys(this, source + ": " + (parts.isEmpty() ? "nothing revoked" : String.join(", ", parts)));
        }

        private static int listed(X509CRL crl) {
            Set<? extends X509CRLEntry> entries = crl.getRevokedCertificates();
            return entries == null ? 0 : entries.size();
        }

        private static void count(List<String> parts, int count, String one, String many) {
            if (count > 0) {
                parts.add(count + " " + (count == 1 ? one : many));
            }
        }
    }

    /** The serials and key ids of one certificate section; OpenSSH merges sections of the same CA, and so do we. */
    static final class SectionBuilder {

        private final RevokedSerials.Builder serials = new RevokedSerials.Builder();
        private final Set<String> keyIds = new HashSet<>();

        RevokedSerials.Builder serials() {
            return serials;
        }

        void revokeKeyId(String keyId) {
            keyIds.add(keyId);
        }

        CertificateSection build() {
            return new CertificateSection(serials.build(), Set.copyOf(keyIds));
        }
    }
}
