package org.callhome.shared.ssh.x509;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** RFC 6187 §2.1 key blobs: written and read back exactly, and every peer-controlled size bounded. */
class X509KeyBlobTest {

    private static final X509Lab LAB = new X509Lab();
    /** A self-signed {@code CN=ca}, like the certificates below without extensions. */
    private static final Issued CA = LAB.root("ca").key(X509Lab.key(X509Algorithm.ECDSA_NISTP256))
            .noBasicConstraints().noKeyUsage().issue();

    @ParameterizedTest
    @EnumSource(X509Algorithm.class)
    void aChainReadsBackAsWrittenUnderTheAlgorithmOfItsKey(X509Algorithm algorithm) throws Exception {
        X509Certificate leaf = certificate(X509Lab.key(algorithm));
        X509Certificate ca = CA.certificate();

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
        X509Certificate leaf = certificate(X509Lab.key(X509Algorithm.ECDSA_NISTP256));
        byte[] expected = concat(string("x509v3-ecdsa-sha2-nistp256".getBytes(StandardCharsets.US_ASCII)), u32(1),
                string(leaf.getEncoded()), u32(0));
        assertArrayEquals(expected, X509KeyBlob.of(List.of(leaf)).encode());
        byte[] withOcsp = concat(string("x509v3-ecdsa-sha2-nistp256".getBytes(StandardCharsets.US_ASCII)), u32(1),
                string(leaf.getEncoded()), u32(1), string(new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, X509KeyBlob.decode(withOcsp).ocspResponses().get(0));
    }

    @Test
    void aKeyOfNoRfc6187AlgorithmIsRefused() throws Exception {
        X509Certificate smallRsa = certificate(X509Lab.rsa(1024));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> X509KeyBlob.of(List.of(smallRsa)));
        assertTrue(e.getMessage().contains("2048"), e.getMessage());
        X509Certificate ec = certificate(X509Lab.key(X509Algorithm.ECDSA_NISTP256));
        assertThrows(IllegalArgumentException.class,
                () -> new X509KeyBlob(X509Algorithm.ECDSA_NISTP384, List.of(ec), List.of()));
    }

    @Test
    void anEcKeyOfAnotherCurveOfTheSameSizeFitsNoAlgorithm() throws Exception {
        assertTrue(X509Algorithm.forKey(X509Lab.key(X509Algorithm.ECDSA_NISTP256).getPublic()).isPresent());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        generator.initialize(new ECGenParameterSpec("brainpoolP256r1"));
        assertTrue(X509Algorithm.forKey(generator.generateKeyPair().getPublic()).isEmpty(),
                "brainpoolP256r1 is 256 bits but not P-256");
    }

    @Test
    void badBlobsAreRefusedWithWhatIsWrong() throws Exception {
        X509Certificate leaf = certificate(X509Lab.key(X509Algorithm.ECDSA_NISTP256));
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
        X509Certificate rsa = certificate(X509Lab.key(X509Algorithm.RSA2048_SHA256));
        assertRefused("does not fit x509v3-ecdsa-sha2-nistp256", concat(name, u32(1), string(rsa.getEncoded()),
                u32(0)));
    }

    /** A certificate {@code CN=dev-1} of {@code key} by {@link #CA}, without extensions. */
    private static X509Certificate certificate(KeyPair key) {
        return LAB.device(CA, null).subject("CN=dev-1").key(key).noKeyUsage().issue().certificate();
    }

    private static void assertRefused(String expected, byte[] blob) {
        X509BlobException e = assertThrows(X509BlobException.class, () -> X509KeyBlob.decode(blob));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
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
