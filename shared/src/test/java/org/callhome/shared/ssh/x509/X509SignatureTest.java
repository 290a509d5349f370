package org.callhome.shared.ssh.x509;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.List;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.VerifierJudgedKeyExchange.HostKeyReader;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 6187 signatures and keys as MINA sees them, without a connection: the signature is named by
 * the base algorithm and checked strictly; the key travels as the RFC 6187 blob.
 */
class X509SignatureTest {

    private static final byte[] DATA = "exchange hash".getBytes(StandardCharsets.US_ASCII);
    private static Rfc6187Pki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = new Rfc6187Pki();
    }

    @ParameterizedTest
    @EnumSource(X509Algorithm.class)
    void signsInTheBaseFormatUnderTheBaseNameAndVerifiesWithTheEndEntityKey(X509Algorithm algorithm)
            throws Exception {
        Rfc6187Pki.Chain host = pki.host(algorithm, "CN=dev-1");
        X509PublicKey key = (X509PublicKey) host.x509KeyPair().getPublic();
        NamedFactory<Signature> factory = X509Signature.factory(algorithm);
        assertEquals(algorithm.wireName(), factory.getName());

        byte[] blob = signatureBlob(factory, host.key(), DATA);
        Buffer read = new ByteArrayBuffer(blob);
        assertEquals(algorithm.signatureName(), read.getString());
        Buffer inner = new ByteArrayBuffer(read.getBytes());
        assertEquals(0, read.available());
        if (algorithm == X509Algorithm.RSA2048_SHA256) {
            assertEquals(256, inner.available(), "a PKCS#1 signature as long as the 2048-bit modulus");
        } else {
            assertTrue(inner.getMPInt().signum() > 0);
            assertTrue(inner.getMPInt().signum() > 0);
            assertEquals(0, inner.available(), "mpint r, mpint s and nothing else");
        }

        assertTrue(verify(factory, key, DATA, blob));
        assertFalse(verify(factory, key, "other data".getBytes(StandardCharsets.US_ASCII), blob));
    }

    @ParameterizedTest
    @EnumSource(X509Algorithm.class)
    void onlyTheExactBaseNamedFormVerifies(X509Algorithm algorithm) throws Exception {
        Rfc6187Pki.Chain host = pki.host(algorithm, "CN=dev-1");
        X509PublicKey key = (X509PublicKey) host.x509KeyPair().getPublic();
        NamedFactory<Signature> factory = X509Signature.factory(algorithm);
        byte[] blob = signatureBlob(factory, host.key(), DATA);
        Buffer read = new ByteArrayBuffer(blob);
        read.getString();
        byte[] inner = read.getBytes();

        assertFalse(verify(factory, key, DATA, named(algorithm.wireName(), inner)), "named x509v3-*");
        String other = algorithm == X509Algorithm.RSA2048_SHA256 ? "rsa-sha2-256" : "ecdsa-sha2-nistp999";
        assertFalse(verify(factory, key, DATA, named(other, inner)), "named " + other);
        assertFalse(verify(factory, key, DATA, inner), "without its name");
        assertFalse(verify(factory, key, DATA, concat(blob, new byte[1])), "a byte after it");
        byte[] flipped = blob.clone();
        flipped[flipped.length - 1] ^= 1;
        assertFalse(verify(factory, key, DATA, flipped), "one bit changed");
        assertFalse(verify(factory, key, DATA, Arrays.copyOf(blob, blob.length - 1)), "cut short");
        if (algorithm != X509Algorithm.RSA2048_SHA256) {
            assertFalse(verify(factory, key, DATA, named(algorithm.signatureName(), concat(inner, new byte[4]))),
                    "an empty mpint after r and s");
            Buffer negative = new ByteArrayBuffer();
            negative.putMPInt(BigInteger.ONE.negate());
            negative.putMPInt(BigInteger.ONE);
            assertFalse(verify(factory, key, DATA, named(algorithm.signatureName(), negative.getCompactData())));
        }
    }

    @Test
    void verifiesOnlyWithAChainOfItsAlgorithm() throws Exception {
        Rfc6187Pki.Chain ec = pki.host(X509Algorithm.ECDSA_NISTP256, "CN=dev-1");
        Rfc6187Pki.Chain ec384 = pki.host(X509Algorithm.ECDSA_NISTP384, "CN=dev-1");
        Signature signature = X509Signature.factory(X509Algorithm.ECDSA_NISTP256).create();
        assertThrows(InvalidKeyException.class, () -> signature.initVerifier(null, ec.key().getPublic()));
        assertThrows(InvalidKeyException.class, () -> signature.initVerifier(null, ec384.x509KeyPair().getPublic()));
        signature.initVerifier(null, ec.x509KeyPair().getPublic());
    }

    @Test
    void theFactoriesReadTheirOwnAlgorithmsHostKeysOnly() throws Exception {
        X509PublicKey key = (X509PublicKey) pki.host(X509Algorithm.ECDSA_NISTP384, "CN=dev-1").x509KeyPair().getPublic();
        HostKeyReader reader = (HostKeyReader) X509Signature.factory(X509Algorithm.ECDSA_NISTP384);
        assertEquals(key, reader.readHostKey(key.encodedBlob()));
        assertEquals(key.chain(), ((X509PublicKey) reader.readHostKey(key.encodedBlob())).chain());

        HostKeyReader other = (HostKeyReader) X509Signature.factory(X509Algorithm.ECDSA_NISTP256);
        InvalidKeySpecException wrong = assertThrows(InvalidKeySpecException.class,
                () -> other.readHostKey(key.encodedBlob()));
        assertTrue(wrong.getMessage().contains("x509v3-ecdsa-sha2-nistp256 was negotiated"), wrong.getMessage());
        InvalidKeySpecException garbage = assertThrows(InvalidKeySpecException.class,
                () -> reader.readHostKey(new byte[] {0, 0, 0}));
        assertTrue(garbage.getMessage().contains("ends early"), garbage.getMessage());
        assertEquals(List.of("x509v3-ecdsa-sha2-nistp256", "x509v3-ecdsa-sha2-nistp384", "x509v3-ecdsa-sha2-nistp521",
                "x509v3-rsa2048-sha256"), X509Signature.FACTORIES.stream().map(NamedFactory::getName).toList());
    }

    @ParameterizedTest
    @EnumSource(X509Algorithm.class)
    void minaWritesAndFingerprintsTheKeyAsTheRfc6187Blob(X509Algorithm algorithm) throws Exception {
        Rfc6187Pki.Chain user = pki.user(algorithm, "dev-1");
        X509PublicKey key = (X509PublicKey) user.x509KeyPair().getPublic();
        Buffer wire = new ByteArrayBuffer();
        wire.putRawPublicKey(key);
        assertArrayEquals(X509KeyBlob.of(user.chain()).encode(), wire.getCompactData());
        assertEquals(algorithm.wireName(), KeyUtils.getKeyType(key));
        assertEquals(algorithm.wireName(), key.getAlgorithm());
        assertTrue(KeyUtils.getFingerPrint(key).startsWith("SHA256:"), KeyUtils.getFingerPrint(key));
        assertEquals(user.chain(), key.chain());
        assertEquals(user.certificate(), key.endEntity());
        assertEquals(user.key().getPublic(), key.signingKey());
        assertTrue(key.toString().contains("'CN=dev-1'"), key.toString());
        assertTrue(KeyUtils.compareKeys(key, X509PublicKey.decode(key.encodedBlob())));
    }

    @Test
    void survivesSerialization() throws Exception {
        X509PublicKey key = (X509PublicKey) pki.user(X509Algorithm.RSA2048_SHA256, "dev-1").x509KeyPair().getPublic();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(key);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            X509PublicKey read = assertInstanceOf(X509PublicKey.class, in.readObject());
            assertEquals(key, read);
            assertEquals(key.chain(), read.chain());
        }
    }

    @Test
    void aKeyPairMustBeTheOneTheEndEntityCertifies() throws Exception {
        Rfc6187Pki.Chain user = pki.user(X509Algorithm.ECDSA_NISTP256, "dev-1");
        KeyPair other = X509Lab.key(X509Algorithm.ECDSA_NISTP256);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> X509PublicKey.keyPair(other, user.chain()));
        assertTrue(e.getMessage().contains("'CN=dev-1' certifies another key"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> X509PublicKey.keyPair(SshKeys.generateEd25519(),
                List.of(new X509Lab().device(pki.root, null).subject("CN=x")
                        .key(SshKeys.generateEd25519()).noKeyUsage().issue().certificate())));
    }

    private static byte[] signatureBlob(NamedFactory<Signature> factory, KeyPair key, byte[] data) throws Exception {
        Signature signer = factory.create();
        signer.initSigner(null, key.getPrivate());
        signer.update(null, data);
        return named(signer.getSshAlgorithmName(factory.getName()), signer.sign(null));
    }

    private static boolean verify(NamedFactory<Signature> factory, X509PublicKey key, byte[] data, byte[] blob)
            throws Exception {
        Signature verifier = factory.create();
        verifier.initVerifier(null, key);
        verifier.update(null, data);
        return verifier.verify(null, blob);
    }

    private static byte[] named(String name, byte[] inner) {
        Buffer blob = new ByteArrayBuffer();
        blob.putString(name);
        blob.putBytes(inner);
        return blob.getCompactData();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
