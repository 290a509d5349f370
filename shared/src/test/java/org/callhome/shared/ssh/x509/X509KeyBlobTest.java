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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** RFC 6187 §2.1 key blobs: written and read back exactly, and every peer-controlled size bounded. */
class X509KeyBlobTest {

    private static final KeyPair CA = X509Lab.keyPair("EC", "secp256r1");

    @ParameterizedTest
    @EnumSource(X509Algorithm.class)
    void aChainReadsBackAsWrittenUnderTheAlgorithmOfItsKey(X509Algorithm algorithm) throws Exception {
        KeyPair device = X509Lab.keyFor(algorithm);
        X509Certificate leaf = X509Lab.certificate("CN=dev-1", device, "CN=ca", CA);
        X509Certificate ca = X509Lab.certificate("CN=ca", CA, "CN=ca", CA);

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
        X509Certificate leaf = X509Lab.certificate("CN=dev-1", X509Lab.keyFor(X509Algorithm.ECDSA_NISTP256), "CN=ca", CA);
        byte[] expected = concat(string("x509v3-ecdsa-sha2-nistp256".getBytes(StandardCharsets.US_ASCII)), u32(1),
                string(leaf.getEncoded()), u32(0));
        assertArrayEquals(expected, X509KeyBlob.of(List.of(leaf)).encode());
        byte[] withOcsp = concat(string("x509v3-ecdsa-sha2-nistp256".getBytes(StandardCharsets.US_ASCII)), u32(1),
                string(leaf.getEncoded()), u32(1), string(new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, X509KeyBlob.decode(withOcsp).ocspResponses().get(0));
    }

    @Test
    void aKeyOfNoRfc6187AlgorithmIsRefused() throws Exception {
        X509Certificate smallRsa = X509Lab.certificate("CN=dev-1", X509Lab.keyPair("RSA", 1024), "CN=ca", CA);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> X509KeyBlob.of(List.of(smallRsa)));
        assertTrue(e.getMessage().contains("2048"), e.getMessage());
        X509Certificate ec = X509Lab.certificate("CN=dev-1", X509Lab.keyFor(X509Algorithm.ECDSA_NISTP256), "CN=ca", CA);
        assertThrows(IllegalArgumentException.class,
                () -> new X509KeyBlob(X509Algorithm.ECDSA_NISTP384, List.of(ec), List.of()));
    }

    @Test
    void anEcKeyOfAnotherCurveOfTheSameSizeFitsNoAlgorithm() throws Exception {
        assertTrue(X509Algorithm.forKey(X509Lab.keyPair("EC", "secp256r1").getPublic()).isPresent());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        generator.initialize(new ECGenParameterSpec("brainpoolP256r1"));
        assertTrue(X509Algorithm.forKey(generator.generateKeyPair().getPublic()).isEmpty(),
                "brainpoolP256r1 is 256 bits but not P-256");
    }

    @Test
    void badBlobsAreRefusedWithWhatIsWrong() throws Exception {
        X509Certificate leaf = X509Lab.certificate("CN=dev-1", X509Lab.keyFor(X509Algorithm.ECDSA_NISTP256), "CN=ca", CA);
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
        X509Certificate rsa = X509Lab.certificate("CN=dev-1", X509Lab.keyFor(X509Algorithm.RSA2048_SHA256), "CN=ca", CA);
        assertRefused("does not fit x509v3-ecdsa-sha2-nistp256", concat(name, u32(1), string(rsa.getEncoded()),
                u32(0)));
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
