package org.callhome.compare.costs;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import javax.crypto.KeyAgreement;

/** The crypto floor of one side of a tls session ({@link CryptoFloor} measures the SSH ones). */
final class TlsCryptoFloor {

    private static final String TLS_SERVER_KEY = "EC P-256";
    private static final String TLS_SIGNATURE = "SHA256withECDSA";

    private TlsCryptoFloor() {
    }

    /**
     * The floor of one side of a TLS handshake of {@code protocol} (TLSv1.3, TLSv1.2) whose server key
     * is {@code serverKey} as {@link org.callhome.shared.tls.TlsAlgorithms} names it ("EC P-256"):
     * an X25519 key pair and agreement with the JDK's own provider, and one ECDSA P-256 signature
     * with SHA-256 and one verification (each side signs its CertificateVerify and checks the
     * other's). JSSE does not report the group a handshake agreed: X25519 is the first of the JDK's
     * default groups, the one its client offers a key share for, and both ends of the run are the JDK.
     *
     * @throws IllegalArgumentException for a server key other than EC P-256, the key of every certificate of the run
     */
    static CryptoFloor.Floor measure(String protocol, String serverKey, int warmUp, int rounds) {
        if (!TLS_SERVER_KEY.equals(serverKey)) {
            throw new IllegalArgumentException("no crypto floor for a TLS server key '" + serverKey + "': known is "
                    + TLS_SERVER_KEY);
        }
        CryptoFloor.Timing timing = new CryptoFloor.Timing(ManagementFactory.getThreadMXBean(), warmUp, rounds);
        try {
            KeyPairGenerator x25519 = KeyPairGenerator.getInstance("X25519");
            PublicKey peer = x25519.generateKeyPair().getPublic();
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = ec.generateKeyPair();
            byte[] transcript = "a transcript hash of 32 bytes...".getBytes(StandardCharsets.US_ASCII);
            byte[] signature = jcaSign(pair, transcript);
            double kexMillis = timing.medianMillis(() -> {
                KeyAgreement agreement = KeyAgreement.getInstance("X25519");
                agreement.init(x25519.generateKeyPair().getPrivate());
                agreement.doPhase(peer, true);
                if (agreement.generateSecret().length == 0) {
                    throw new GeneralSecurityException("an empty shared secret");
                }
            });
            double signMillis = timing.medianMillis(() -> jcaSign(pair, transcript));
            double verifyMillis = timing.medianMillis(() -> {
                Signature verifier = Signature.getInstance(TLS_SIGNATURE);
                verifier.initVerify(pair.getPublic());
                verifier.update(transcript);
                if (!verifier.verify(signature)) {
                    throw new GeneralSecurityException("a signature just made did not verify");
                }
            });
            return new CryptoFloor.Floor(protocol + " x25519 (JDK's first default group)", serverKey, TLS_SIGNATURE, kexMillis,
                    signMillis, verifyMillis, rounds, warmUp);
        } catch (Exception e) {
            throw new IllegalStateException("measuring the crypto of " + protocol + " and " + serverKey + " failed: "
                    + e.getMessage(), e);
        }
    }

    private static byte[] jcaSign(KeyPair pair, byte[] data) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(TLS_SIGNATURE);
        signer.initSign(pair.getPrivate());
        signer.update(data);
        return signer.sign();
    }

}
