package org.callhome.shared.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;

/**
 * EC private keys in PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}, as {@code openssl genpkey}
 * and the JDK write them). The public key inside is optional (RFC 5915 {@code publicKey}), and the
 * JDK and some tools leave it out, but MINA's PEM parser needs it; so such a key is read here, with
 * the JDK, and its public key computed from the private one (d·G on the key's curve). RSA and other
 * PKCS#8 keys are left to MINA, which reads them whole.
 */
final class Pkcs8EcKeys {

    private static final String LABEL = "PRIVATE KEY";

    private Pkcs8EcKeys() {
    }

    /**
     * The key pair of a file that is one PKCS#8 EC private key in PEM; empty for any other file,
     * which the caller reads as before.
     */
    static Optional<KeyPair> read(Path file, String text) throws IOException {
        if (!text.contains("-----BEGIN " + LABEL + "-----")) {
            return Optional.empty();
        }
        List<PemBlock> blocks = PemBlock.parse(file, text, true);
        if (blocks.size() != 1 || !blocks.get(0).label().equals(LABEL)) {
            return Optional.empty();
        }
        KeyFactory factory;
        try {
            factory = KeyFactory.getInstance("EC");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has EC keys", e);
        }
        PrivateKey key;
        try {
            key = factory.generatePrivate(new PKCS8EncodedKeySpec(blocks.get(0).bytes()));
        } catch (InvalidKeySpecException notEc) {
            return Optional.empty();
        }
        if (!(key instanceof ECPrivateKey ec)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new KeyPair(publicKey(factory, ec), ec));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw blocks.get(0).error("the EC private key's public key cannot be computed: " + e.getMessage(), e);
        }
    }

    /** Q = d·G on the private key's curve, as a JDK public key. */
    private static PublicKey publicKey(KeyFactory factory, ECPrivateKey key) throws GeneralSecurityException {
        ECParameterSpec params = key.getParams();
        var q = EC5Util.convertPoint(EC5Util.convertCurve(params.getCurve()), params.getGenerator())
                .multiply(key.getS()).normalize();
        ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
        return factory.generatePublic(new ECPublicKeySpec(w, params));
    }
}
