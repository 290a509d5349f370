package org.callhome.shared.ssh.x509;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import org.callhome.shared.text.WireNamed;
import org.callhome.shared.text.WireNames;

/**
 * The RFC 6187 public key algorithms offered, for host keys and user authentication alike. Each
 * names the key blob ({@link #wireName()}, e.g. {@code x509v3-ecdsa-sha2-nistp256}) and, apart,
 * the signature: RFC 6187 §3 names the signature by the base algorithm
 * ({@link #signatureName()}, e.g. {@code ecdsa-sha2-nistp256}), in that algorithm's own format.
 * The SHA-1 {@code x509v3-ssh-rsa} is deliberately absent.
 */
public enum X509Algorithm implements WireNamed {

    ECDSA_NISTP256("x509v3-ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256", "SHA256withECDSA", 256),
    ECDSA_NISTP384("x509v3-ecdsa-sha2-nistp384", "ecdsa-sha2-nistp384", "SHA384withECDSA", 384),
    ECDSA_NISTP521("x509v3-ecdsa-sha2-nistp521", "ecdsa-sha2-nistp521", "SHA512withECDSA", 521),
    /** RSA of at least 2048 bits, PKCS#1 v1.5 with SHA-256 (RFC 6187 §3.3). */
    RSA2048_SHA256("x509v3-rsa2048-sha256", "rsa2048-sha256", "SHA256withRSA", 2048);

    /** The smallest RSA modulus RFC 6187's {@code x509v3-rsa2048-sha256} allows. */
    public static final int MIN_RSA_BITS = 2048;

    private final String wireName;
    private final String signatureName;
    private final String jcaSignature;
    private final int bits;

    X509Algorithm(String wireName, String signatureName, String jcaSignature, int bits) {
        this.wireName = wireName;
        this.signatureName = signatureName;
        this.jcaSignature = jcaSignature;
        this.bits = bits;
    }

    /** The public key algorithm's name: in the key blob, in the key exchange and in SSH_MSG_USERAUTH_REQUEST. */
    @Override
    public String wireName() {
        return wireName;
    }

    /** The name inside the signature blob: the base algorithm's (RFC 6187 §3). */
    public String signatureName() {
        return signatureName;
    }

    /** The JCA signature algorithm that computes the signature. */
    public String jcaSignature() {
        return jcaSignature;
    }

    public static Optional<X509Algorithm> find(String wireName) {
        return WireNames.find(X509Algorithm.class, wireName);
    }

    public static X509Algorithm fromWireName(String wireName) {
        return WireNames.lookup(X509Algorithm.class, wireName, "X.509 public key algorithm");
    }

    /**
     * The algorithm for a certificate's key: the curve of an EC key (P-256, P-384, P-521, told apart
     * from other curves of the same size by all their parameters), or RSA of
     * at least {@value #MIN_RSA_BITS} bits; empty for any other key.
     */
    public static Optional<X509Algorithm> forKey(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            if (!NistCurves.isNist(ec.getParams())) {
                return Optional.empty();
            }
            int fieldBits = ec.getParams().getCurve().getField().getFieldSize();
            for (X509Algorithm algorithm : values()) {
                if (algorithm != RSA2048_SHA256 && algorithm.bits == fieldBits) {
                    return Optional.of(algorithm);
                }
            }
            return Optional.empty();
        }
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= MIN_RSA_BITS) {
            return Optional.of(RSA2048_SHA256);
        }
        return Optional.empty();
    }

    /** Whether {@code key} is of this algorithm's kind (its curve, or RSA large enough). */
    public boolean fits(PublicKey key) {
        return forKey(key).filter(this::equals).isPresent();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
