package org.callhome.shared.ssh.x509;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** RFC 6187 §2.1 key blobs: written and read back exactly, and every peer-controlled size bounded. */
class X509KeyBlobTest {

    private static final KeyPair CA = keyPair("EC", "secp256r1");

    @ParameterizedTest
    @EnumSource(X509Algorithm.class)
    void aChainReadsBackAsWrittenUnderTheAlgorithmOfItsKey(X509Algorithm algorithm) throws Exception {
        KeyPair device = keyFor(algorithm);
        X509Certificate leaf = certificate("CN=dev-1", device, "CN=ca", CA);
        X509Certificate ca = certificate("CN=ca", CA, "CN=ca", CA);

        X509KeyBlob blob = X509KeyBlob.of(List.of(leaf, ca));
        assertEquals(algorithm, blob.algorithm());
        byte[] wire = blob.encode();
        X509KeyBlob read = X509KeyBlob.decode(wire);

        assertEquals(List.of(leaf, ca), read.chain());
        assertEquals(leaf, read.endEntity());
        assertEquals(blob, read);
        assertArrayEquals(wire, read.encode());
        assertTrue(new String(wire, 4, algorithm.wireName().length(), StandardCharsets.US_ASCII)
                .equals(algorithm.wireName()), "the blob starts with its algorithm's name");
    }

    @Test
    void theWireFormatIsRfc6187s() throws Exception {
        X509Certificate leaf = certificate("CN=dev-1", keyFor(X509Algorithm.ECDSA_NISTP256), "CN=ca", CA);
        byte[] expected = concat(string("x509v3-ecdsa-sha2-nistp256".getBytes(StandardCharsets.US_ASCII)), u32(1),
                string(leaf.getEncoded()), u32(0));
        assertArrayEquals(expected, X509KeyBlob.of(List.of(leaf)).encode());
        byte[] withOcsp = concat(string("x509v3-ecdsa-sha2-nistp256".getBytes(StandardCharsets.US_ASCII)), u32(1),
                string(leaf.getEncoded()), u32(1), string(new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, X509KeyBlob.decode(withOcsp).ocspResponses().get(0));
    }

    @Test
    void aKeyOfNoRfc6187AlgorithmIsRefused() throws Exception {
        X509Certificate smallRsa = certificate("CN=dev-1", keyPair("RSA", 1024), "CN=ca", CA);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> X509KeyBlob.of(List.of(smallRsa)));
        assertTrue(e.getMessage().contains("2048"), e.getMessage());
        X509Certificate ec = certificate("CN=dev-1", keyFor(X509Algorithm.ECDSA_NISTP256), "CN=ca", CA);
        assertThrows(IllegalArgumentException.class,
                () -> new X509KeyBlob(X509Algorithm.ECDSA_NISTP384, List.of(ec), List.of()));
    }

    @Test
    void badBlobsAreRefusedWithWhatIsWrong() throws Exception {
        X509Certificate leaf = certificate("CN=dev-1", keyFor(X509Algorithm.ECDSA_NISTP256), "CN=ca", CA);
        byte[] name = string("x509v3-ecdsa-sha2-nistp256".getBytes(StandardCharsets.US_ASCII));
        assertRefused("unsupported X.509 public key algorithm 'x509v3-ssh-rsa'",
                concat(string("x509v3-ssh-rsa".getBytes(StandardCharsets.US_ASCII)), u32(1), string(leaf.getEncoded()),
                        u32(0)));
        assertRefused("holds 0 certificates", concat(name, u32(0), u32(0)));
        assertRefused("holds 4294967295 certificates", concat(name, u32(-1)));
        assertRefused("holds 9 certificates", concat(name, u32(9)));
        assertRefused("exceeds what is left", concat(name, u32(1), u32(Integer.MAX_VALUE)));
        assertRefused("ends early", concat(name, u32(1), string(leaf.getEncoded())));
        assertRefused("certificate 1 of the chain is not DER X.509", concat(name, u32(1), string(new byte[] {48, 3}),
                u32(0)));
        assertRefused("OCSP responses; at most 8", concat(name, u32(1), string(leaf.getEncoded()), u32(9)));
        assertRefused("2 bytes after", concat(name, u32(1), string(leaf.getEncoded()), u32(0), new byte[2]));
        assertRefused("more than 65536", new byte[X509KeyBlob.MAX_BLOB_BYTES + 1]);
        X509Certificate rsa = certificate("CN=dev-1", keyFor(X509Algorithm.RSA2048_SHA256), "CN=ca", CA);
        assertRefused("does not fit x509v3-ecdsa-sha2-nistp256", concat(name, u32(1), string(rsa.getEncoded()),
                u32(0)));
    }

    private static void assertRefused(String expected, byte[] blob) {
        X509BlobException e = assertThrows(X509BlobException.class, () -> X509KeyBlob.decode(blob));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    static KeyPair keyFor(X509Algorithm algorithm) {
        return switch (algorithm) {
            case ECDSA_NISTP256 -> keyPair("EC", "secp256r1");
            case ECDSA_NISTP384 -> keyPair("EC", "secp384r1");
            case ECDSA_NISTP521 -> keyPair("EC", "secp521r1");
            case RSA2048_SHA256 -> keyPair("RSA", 2048);
        };
    }

    static KeyPair keyPair(String algorithm, Object parameter) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (parameter instanceof String curve) {
                generator.initialize(new ECGenParameterSpec(curve));
            } else {
                generator.initialize((Integer) parameter);
            }
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate of {@code subject}'s key signed by {@code issuerKey}, valid from an hour ago for a day. */
    static X509Certificate certificate(String subject, KeyPair key, String issuer, KeyPair issuerKey)
            throws Exception {
        Instant now = Instant.now();
        String signature = issuerKey.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(1, ChronoUnit.HOURS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)), new X500Name(subject), key.getPublic())
                .build(new JcaContentSignerBuilder(signature).build(issuerKey.getPrivate())));
    }

    private static byte[] string(byte[] value) throws IOException {
        return concat(u32(value.length), value);
    }

    private static byte[] u32(int value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new DataOutputStream(bytes).writeInt(value);
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[0];
        for (byte[] part : parts) {
            int at = all.length;
            all = Arrays.copyOf(all, at + part.length);
            System.arraycopy(part, 0, all, at, part.length);
        }
        return all;
    }
}
