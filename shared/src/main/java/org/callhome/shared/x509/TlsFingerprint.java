package org.callhome.shared.x509;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import org.callhome.shared.text.PeerText;

/**
 * A certificate fingerprint as {@code ietf-x509-cert-to-name:tls-fingerprint} writes it (RFC 7407
 * §4.1, from RFC 6353's SnmpTLSFingerprint): colon-separated hex octets, the first naming the hash
 * algorithm by its number in the TLS HashAlgorithm registry (RFC 5246 §7.4.1.4.1), the rest the hash
 * of the whole DER certificate.
 *
 * <pre>
 *   04 : 9A : 1F : ... : C3      sha256 (4), then its 32 octets
 *   ^^   ^^^^^^^^^^^^^^^^^^
 *   |    hash of the DER certificate, as long as the algorithm's output
 *   hash algorithm: 3 sha224, 4 sha256, 5 sha384, 6 sha512
 * </pre>
 *
 * MD5 (1) and SHA-1 (2) are refused: a fingerprint names a CA or a user here, and names must not be
 * forgeable by collision. The text is refused before it is split if it is longer than the longest
 * fingerprint accepted, {@value #MAX_TEXT_CHARS} characters (an algorithm octet and a SHA-512 hash).
 */
public final class TlsFingerprint {

    /** The hash algorithms accepted, by their TLS HashAlgorithm number. */
    public enum HashAlgorithm {
        SHA224(3, "SHA-224", 28),
        SHA256(4, "SHA-256", 32),
        SHA384(5, "SHA-384", 48),
        SHA512(6, "SHA-512", 64);

        private final int code;
        private final String jcaName;
        private final int digestBytes;

        HashAlgorithm(int code, String jcaName, int digestBytes) {
            this.code = code;
            this.jcaName = jcaName;
            this.digestBytes = digestBytes;
        }

        /** Its number in the TLS HashAlgorithm registry: the fingerprint's first octet. */
        public int code() {
            return code;
        }

        public int digestBytes() {
            return digestBytes;
        }
    }

    /** One algorithm octet and a SHA-512 hash: 65 octets, two hex digits each, colons between. */
    public static final int MAX_TEXT_CHARS = 65 * 3 - 1;

    private static final HexFormat HEX = HexFormat.ofDelimiter(":").withUpperCase();

    private final HashAlgorithm algorithm;
    private final byte[] digest;

    private TlsFingerprint(HashAlgorithm algorithm, byte[] digest) {
        this.algorithm = algorithm;
        this.digest = digest;
    }

    /**
     * Reads {@code 04:9A:...}, upper- or lower-case hex.
     *
     * @throws IllegalArgumentException naming what is wrong: too long, not colon-separated hex octets,
     *                                  an algorithm not accepted, or a hash of the wrong length
     */
    public static TlsFingerprint parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_TEXT_CHARS) {
            throw new IllegalArgumentException("fingerprint of " + text.length() + " characters exceeds the longest"
                    + " accepted (" + MAX_TEXT_CHARS + ": a hash algorithm octet and a SHA-512 hash)");
        }
        if (!text.matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2})*")) {
            throw new IllegalArgumentException("fingerprint " + PeerText.quote(text) + " is not colon-separated hex"
                    + " octets, such as 04:9A:...: a hash algorithm octet (04 for SHA-256) and the hash");
        }
        byte[] octets = HEX.parseHex(text.toUpperCase(Locale.ROOT));
        int code = octets[0] & 0xff;
        HashAlgorithm algorithm = Arrays.stream(HashAlgorithm.values()).filter(a -> a.code == code).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("fingerprint " + PeerText.quote(text)
                        + ": hash algorithm " + String.format("%02X", code) + (code == 1 || code == 2
                        ? " (" + (code == 1 ? "MD5" : "SHA-1") + ") is too weak to name a certificate"
                        : " is not a TLS HashAlgorithm accepted") + "; use 03 (SHA-224), 04 (SHA-256), 05 (SHA-384)"
                        + " or 06 (SHA-512)"));
        if (octets.length - 1 != algorithm.digestBytes) {
            throw new IllegalArgumentException("fingerprint " + PeerText.quote(text) + ": a " + algorithm.jcaName
                    + " hash is " + algorithm.digestBytes + " octets, got " + (octets.length - 1));
        }
        return new TlsFingerprint(algorithm, Arrays.copyOfRange(octets, 1, octets.length));
    }

    /** The fingerprint of {@code certificate} by {@code algorithm}. */
    public static TlsFingerprint of(X509Certificate certificate, HashAlgorithm algorithm) {
        return new TlsFingerprint(algorithm, hash(certificate, algorithm));
    }

    public HashAlgorithm algorithm() {
        return algorithm;
    }

    /** Whether this is the fingerprint of {@code certificate}; compared in constant time. */
    public boolean matches(X509Certificate certificate) {
        return MessageDigest.isEqual(digest, hash(certificate, algorithm));
    }

    /** {@code 04:9A:...}, upper-case: what {@link #parse} reads back. */
    public String text() {
        return String.format("%02X", algorithm.code) + ":" + HEX.formatHex(digest);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TlsFingerprint that && algorithm == that.algorithm
                && Arrays.equals(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return text();
    }

    private static byte[] hash(X509Certificate certificate, HashAlgorithm algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.jcaName).digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm.jcaName + " is not available in this JDK", e);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded", e);
        }
    }
}
