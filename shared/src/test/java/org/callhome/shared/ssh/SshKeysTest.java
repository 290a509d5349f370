package org.callhome.shared.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Key files and public key lines, checked against OpenSSH's ssh-keygen. */
class SshKeysTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}-bit, format {2}")
    @CsvSource({
        "ed25519, 0, OpenSSH, OPENSSH PRIVATE KEY",
        "ecdsa, 256, OpenSSH, OPENSSH PRIVATE KEY",
        "ecdsa, 384, OpenSSH, OPENSSH PRIVATE KEY",
        "ecdsa, 521, OpenSSH, OPENSSH PRIVATE KEY",
        "rsa, 3072, OpenSSH, OPENSSH PRIVATE KEY",
        "ecdsa, 256, PEM, EC PRIVATE KEY",
        "ecdsa, 521, PEM, EC PRIVATE KEY",
        "rsa, 2048, PEM, RSA PRIVATE KEY",
        "ecdsa, 384, PKCS8, PRIVATE KEY",
        "rsa, 2048, PKCS8, PRIVATE KEY",
    })
    void loadsKeysMadeBySshKeygenWithItsFingerprint(String type, int bits, String format, String header)
            throws Exception {
        SshKeygen.require();
        Path file = SshKeygen.generate(dir, type + bits + format, type, bits,
                format.equals("OpenSSH") ? null : format, "");
        assertTrue(Files.readString(file).startsWith("-----BEGIN " + header + "-----"), "ssh-keygen wrote " + header);

        KeyPair pair = SshKeys.loadPrivateKey(file);

        assertEquals(SshKeygen.fingerprint(file), SshKeys.fingerprint(pair.getPublic()));
        assertEquals(SshKeygen.publicKeyFile(file), SshKeys.toOpenSsh(pair.getPublic()));
        assertPrivateKeyMatchesPublic(pair);
    }

    /** ssh-keygen 9 writes Ed25519 only in OpenSSH format, even with -m PEM; other tools write PKCS#8. */
    @Test
    void loadsPkcs8Ed25519KeyAsOtherToolsWriteIt() throws Exception {
        KeyPair jdk = KeyPairGenerator.getInstance("Ed25519", "SunEC").generateKeyPair();
        Path file = dir.resolve("ed25519.p8");
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(jdk.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        KeyPair pair = SshKeys.loadPrivateKey(file);

        assertEquals(SshKeys.toOpenSsh(jdk.getPublic()), SshKeys.toOpenSsh(pair.getPublic()));
        assertPrivateKeyMatchesPublic(pair);
    }

    /**
     * The JDK writes a PKCS#8 EC key without its optional public key (which ssh-keygen and openssl
     * include); such a key loads too, its public key computed. RSA keys always carry theirs.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"EC, secp256r1", "EC, secp384r1", "EC, secp521r1", "RSA, 2048"})
    void loadsPkcs8KeysAsTheJdkWritesThem(String algorithm, String parameter) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("EC")) {
            generator.initialize(new ECGenParameterSpec(parameter));
        } else {
            generator.initialize(Integer.parseInt(parameter));
        }
        KeyPair jdk = generator.generateKeyPair();
        Path file = dir.resolve(parameter + ".p8");
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(jdk.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        KeyPair pair = SshKeys.loadPrivateKey(file);

        assertEquals(SshKeys.toOpenSsh(jdk.getPublic()), SshKeys.toOpenSsh(pair.getPublic()));
        assertPrivateKeyMatchesPublic(pair);
    }

    @ParameterizedTest(name = "format {0}")
    @ValueSource(strings = {"OpenSSH", "PEM", "PKCS8"})
    void refusesEncryptedKeyNamingTheFile(String format) throws Exception {
        SshKeygen.require();
        Path file = SshKeygen.generate(dir, "encrypted-" + format, format.equals("PEM") ? "rsa" : "ecdsa", 0,
                format.equals("OpenSSH") ? null : format, "secret");

        IOException e = assertThrows(IOException.class, () -> SshKeys.loadPrivateKey(file));

        assertTrue(e.getMessage().startsWith(file + ": the private key is encrypted"), e.getMessage());
    }

    @Test
    void refusesMissingFileNamingIt() {
        Path file = dir.resolve("absent");
        IOException e = assertThrows(IOException.class, () -> SshKeys.loadPrivateKey(file));
        assertEquals(file + ": private key file does not exist", e.getMessage());
    }

    @Test
    void aPublicKeyGivenAsPrivateKeySaysWhichFileToGive() throws Exception {
        PublicKey key = SshKeys.generateEd25519().getPublic();
        Path file = dir.resolve("host.pub");
        Files.writeString(file, SshKeys.toOpenSsh(key) + " root@dev-17\n");
        IOException e = assertThrows(IOException.class, () -> SshKeys.loadPrivateKey(file));
        assertEquals(file + ": this is a public key (ssh-ed25519 " + SshKeys.fingerprint(key) + "), but a private key "
                + "is needed here; give " + dir.resolve("host") + ", the file without .pub", e.getMessage());

        Path knownHosts = Files.writeString(dir.resolve("known_devices"), "dev-17 " + SshKeys.toOpenSsh(key) + "\n");
        e = assertThrows(IOException.class, () -> SshKeys.loadPrivateKey(knownHosts));
        assertTrue(e.getMessage().startsWith(knownHosts + ": this is a public key (ssh-ed25519 "), e.getMessage());
    }

    @Test
    void refusesTextWithoutAnyKeyAsPrivateKey() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "not a key\n");
        IOException e = assertThrows(IOException.class, () -> SshKeys.loadPrivateKey(file));
        assertTrue(e.getMessage().startsWith(file + ": no private key found"), e.getMessage());
    }

    @Test
    void aKeyFileIsWrittenOnlyWhenSaved() throws Exception {
        Path file = dir.resolve("keys").resolve("ssh_host_ed25519_key");
        KeyFile opened = KeyFile.open(file);
        assertTrue(opened.isNew());
        assertFalse(Files.exists(dir.resolve("keys")), "neither the file nor its folder before save");

        KeyPair saved = opened.save();
        assertEquals(SshKeys.toOpenSsh(opened.keyPair().getPublic()), SshKeys.toOpenSsh(saved.getPublic()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        KeyFile reopened = KeyFile.open(file);
        assertFalse(reopened.isNew());
        assertEquals(SshKeys.toOpenSsh(saved.getPublic()), SshKeys.toOpenSsh(reopened.save().getPublic()));
    }

    @Test
    void refusesDsaKeyAsUnsupportedType() throws Exception {
        SshKeygen.require();
        Path file = SshKeygen.generate(dir, "dsa", "dsa", 0, "PEM", "");
        IOException e = assertThrows(IOException.class, () -> SshKeys.loadPrivateKey(file));
        assertEquals(file + ": unsupported key type ssh-dss; use ed25519, ecdsa or rsa", e.getMessage());
    }

    @Test
    void refusesFileLargerThanAnyKey() throws Exception {
        Path file = dir.resolve("huge");
        Files.write(file, new byte[PrivateKeyFiles.MAX_KEY_FILE_BYTES + 1]);
        IOException e = assertThrows(IOException.class, () -> SshKeys.loadPrivateKey(file));
        assertTrue(e.getMessage().startsWith(file + ": larger than 65536 bytes"), e.getMessage());
    }

    @Test
    void createsOwnerOnlyHostKeyThatSshKeygenReads() throws Exception {
        SshKeygen.require();
        Path file = dir.resolve("etc/callhome/host_key");

        KeyPair created = SshKeys.loadOrCreateHostKey(file);

        assertEquals("ssh-ed25519", KeyUtils.getKeyType(created));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(SshKeys.toOpenSsh(created.getPublic()), SshKeygen.publicKeyOf(file));
        assertEquals(SshKeygen.fingerprint(file), SshKeys.fingerprint(created.getPublic()));
        try (var leftovers = Files.list(file.getParent())) {
            assertEquals(1, leftovers.count(), "no temporary file left behind");
        }
    }

    @Test
    void loadsExistingHostKeyInsteadOfCreatingOne() throws Exception {
        Path file = dir.resolve("host_key");
        KeyPair first = SshKeys.loadOrCreateHostKey(file);
        KeyPair second = SshKeys.loadOrCreateHostKey(file);
        assertEquals(SshKeys.toOpenSsh(first.getPublic()), SshKeys.toOpenSsh(second.getPublic()));
        assertPrivateKeyMatchesPublic(new KeyPair(first.getPublic(), second.getPrivate()));
    }

    @Test
    void keepsTheHostKeyAnotherProcessCreatedFirst() throws Exception {
        Path file = dir.resolve("host_key");
        KeyPair first = SshKeys.generateEd25519();
        assertTrue(PrivateKeyFiles.writeIfAbsent(first, file));

        assertFalse(PrivateKeyFiles.writeIfAbsent(SshKeys.generateEd25519(), file));

        assertEquals(SshKeys.toOpenSsh(first.getPublic()), SshKeys.toOpenSsh(SshKeys.loadOrCreateHostKey(file).getPublic()));
        try (var leftovers = Files.list(dir)) {
            assertEquals(1, leftovers.count(), "no temporary file left behind");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ecdsa, 384", "rsa, 2048"})
    void writesKeysSshKeygenReadsReplacingWiderPermissions(String type, int bits) throws Exception {
        SshKeygen.require();
        KeyPair pair = SshKeys.loadPrivateKey(SshKeygen.generate(dir, type, type, bits, "PEM", ""));
        Path file = dir.resolve("written");
        Files.writeString(file, "old content");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        SshKeys.writePrivateKey(pair, file);

        assertTrue(Files.readString(file).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(SshKeys.toOpenSsh(pair.getPublic()), SshKeygen.publicKeyOf(file));
        assertEquals(SshKeys.toOpenSsh(pair.getPublic()), SshKeys.toOpenSsh(SshKeys.loadPrivateKey(file).getPublic()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ed25519, 0", "ecdsa, 256", "ecdsa, 384", "ecdsa, 521", "rsa, 2048"})
    void parsesPublicKeyLinesSshKeygenWrote(String type, int bits) throws Exception {
        SshKeygen.require();
        Path file = SshKeygen.generate(dir, type + bits, type, bits, null, "");
        String line = Files.readString(Path.of(file + ".pub"));

        PublicKey key = SshKeys.parsePublicKey(line);

        assertEquals(SshKeygen.publicKeyFile(file), SshKeys.toOpenSsh(key));
        assertEquals(SshKeygen.fingerprint(Path.of(file + ".pub")), SshKeys.fingerprint(key));
    }

    @Test
    void refusesMalformedPublicKeyLinesSayingWhy() {
        String ed25519 = SshKeys.toOpenSsh(SshKeys.generateEd25519().getPublic()).split(" ")[1];
        byte[] blob = Base64.getDecoder().decode(ed25519);
        byte[] longer = Arrays.copyOf(blob, blob.length + 1);
        byte[] shorter = Arrays.copyOf(blob, blob.length - 1);

        assertRefused("   ", "empty public key line");
        assertRefused("ssh-dss AAAAB3NzaC1kc3M=", "unsupported public key type 'ssh-dss'");
        assertRefused("ssh-ed25519-cert-v01@openssh.com AAAA", "unsupported public key type 'ssh-ed25519-cert-v01");
        assertRefused("ssh-ed25519", "missing base64 key data after 'ssh-ed25519'");
        assertRefused("ssh-ed25519 AAAA!!!", "ssh-ed25519 key data is not valid base64");
        assertRefused("ssh-rsa " + ed25519, "key data holds a ssh-ed25519 key, but the line says ssh-rsa");
        assertRefused("ssh-ed25519 " + Base64.getEncoder().encodeToString(longer), "extra or non-canonical bytes");
        assertRefused("ssh-ed25519 " + Base64.getEncoder().encodeToString(shorter), "malformed ssh-ed25519 key data");
    }

    @Test
    void readsJdkEd25519KeysLikeBouncyCastleOnes() throws Exception {
        KeyPair jdk = KeyPairGenerator.getInstance("Ed25519", "SunEC").generateKeyPair();
        PublicKey parsed = SshKeys.parsePublicKey(SshKeys.toOpenSsh(jdk.getPublic()) + " a comment");
        assertEquals(SshKeys.fingerprint(jdk.getPublic()), SshKeys.fingerprint(parsed));
        assertArrayEquals(jdk.getPublic().getEncoded(), parsed.getEncoded());
    }

    @Test
    void fingerprintIsUnpaddedBase64OfSha256OfTheBlob() throws Exception {
        PublicKey key = SshKeys.generateEd25519().getPublic();
        byte[] blob = Base64.getDecoder().decode(SshKeys.toOpenSsh(key).split(" ")[1]);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
        String expected = "SHA256:" + Base64.getEncoder().encodeToString(digest).replace("=", "");
        assertEquals(expected, SshKeys.fingerprint(key));
        assertEquals(50, SshKeys.fingerprint(key).length(), "SHA256: and 43 characters, no '='");
    }

    private static void assertRefused(String line, String expectedMessagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SshKeys.parsePublicKey(line));
        assertTrue(e.getMessage().contains(expectedMessagePart), () -> "message was: " + e.getMessage());
    }

    /** Signs with the private half and verifies with the public half, as a handshake will. */
    private static void assertPrivateKeyMatchesPublic(KeyPair pair) throws Exception {
        String type = KeyUtils.getKeyType(pair);
        BuiltinSignatures algorithm = switch (type) {
            case "ssh-ed25519" -> BuiltinSignatures.ed25519;
            case "ecdsa-sha2-nistp256" -> BuiltinSignatures.nistp256;
            case "ecdsa-sha2-nistp384" -> BuiltinSignatures.nistp384;
            case "ecdsa-sha2-nistp521" -> BuiltinSignatures.nistp521;
            default -> BuiltinSignatures.rsaSHA256;
        };
        byte[] data = "call home".getBytes(StandardCharsets.US_ASCII);
        Signature signer = algorithm.create();
        signer.initSigner(null, pair.getPrivate());
        signer.update(null, data);
        byte[] signature = signer.sign(null);
        Signature verifier = algorithm.create();
        verifier.initVerifier(null, pair.getPublic());
        verifier.update(null, data);
        assertTrue(verifier.verify(null, signature), type + " private key signs what its public key verifies");
    }
}
