package org.callhome.shared.ssh.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Optional;
import org.callhome.shared.ssh.SshKeygen;
import org.callhome.shared.ssh.SshKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trusted CA keys of {@code --device-ca}, and the files that are refused in their place. */
class CertificateAuthoritiesTest {

    @TempDir
    Path dir;

    private CertLab lab;

    @BeforeEach
    void setUp() {
        lab = new CertLab(dir);
    }

    @Test
    void readsCaKeysAsSshKeygenWroteThemWithTheirFingerprints() throws IOException {
        String ca = Files.readString(lab.publicKey("ca")).strip();
        lab.key("rsa-ca", "rsa", 2048);
        String rsaCa = Files.readString(lab.publicKey("rsa-ca")).strip();
        Path file = Files.writeString(dir.resolve("device-ca"), """
                # CAs of the device fleet

                %s
                  %s
                %s again
                """.formatted(ca, rsaCa, ca));

        CertificateAuthorities authorities = CertificateAuthorities.load(file);

        assertEquals(List.of(SshKeygen.fingerprint(lab.publicKey("ca")), SshKeygen.fingerprint(lab.publicKey("rsa-ca"))),
                authorities.all().stream().map(CertificateAuthority::fingerprint).toList());
        assertEquals(SshKeygen.fingerprint(lab.publicKey("ca")),
                authorities.find(SshKeys.parsePublicKey(ca)).orElseThrow().fingerprint());
        assertEquals(Optional.empty(), authorities.find(SshKeys.generateEd25519().getPublic()));
    }

    @Test
    void findsNoCaForACertificateOrAKeyOfAnotherType() throws Exception {
        CertificateAuthorities authorities = lab.authorities("ca");
        assertEquals(Optional.empty(), authorities.find(lab.hostCertificate("ca", "dev", "dev-1")));
        assertEquals(Optional.empty(),
                authorities.find(KeyPairGenerator.getInstance("DSA").generateKeyPair().getPublic()));
    }

    @Test
    void refusesAPrivateKeyNamingTheFileAndLine() throws IOException {
        Path file = lab.key("ca");
        assertEquals(file + ":1: this is a private key, but this file lists public keys, one a line: "
                        + CertificateAuthorities.LINE_FORM + "; 'ssh-keygen -y -f KEYFILE' prints the public key of a private key",
                refused(file));
    }

    @Test
    void refusesACertificateInsteadOfTheCaKey() throws IOException {
        Path file = Files.writeString(dir.resolve("device-ca"), "# the CA\n"
                + Files.readString(lab.sign("ca", "dev", "cert", "-h", "-n", "dev-1")));
        assertEquals(file + ":2: this is a certificate (ssh-ed25519-cert-v01@openssh.com), not a CA key; give the public"
                + " key of the CA that signs, the .pub file of the key given to ssh-keygen -s", refused(file));
    }

    @Test
    void refusesKnownHostsAndAuthorizedKeysFormsOfACaKey() throws IOException {
        String ca = Files.readString(lab.publicKey("ca")).strip();
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "@cert-authority * " + ca + "\n");
        assertEquals(knownHosts + ":1: known_hosts marker '@cert-authority' is not needed here; a line is a CA key alone: "
                + CertificateAuthorities.LINE_FORM, refused(knownHosts));
        Path authorizedKeys = Files.writeString(dir.resolve("authorized_keys"), "cert-authority,principals=\"a\" " + ca);
        assertEquals(authorizedKeys + ":1: authorized_keys options are not needed here; a line is a CA key alone: "
                + CertificateAuthorities.LINE_FORM, refused(authorizedKeys));
    }

    @Test
    void refusesAFileWithoutKeys() throws IOException {
        Path file = Files.writeString(dir.resolve("device-ca"), "# nothing yet\n\n");
        assertEquals(file + ": holds no CA key; list the public key of each CA that signs, one a line: "
                + CertificateAuthorities.LINE_FORM, refused(file));
    }

    @Test
    void refusesAKeyOfAnUnsupportedType() throws IOException {
        Path file = Files.writeString(dir.resolve("device-ca"), "ssh-dss AAAAB3NzaC1kc3M= old-ca\n");
        assertTrue(refused(file).startsWith(file + ":1: unsupported public key type 'ssh-dss'"), refused(file));
    }

    @Test
    void readsAFileAtTheLimitAndRefusesOneByteMore() throws IOException {
        String ca = Files.readString(lab.publicKey("ca"));
        int limit = 4096;
        String padded = ca + "#".repeat(limit - ca.length());
        Path file = Files.writeString(dir.resolve("device-ca"), padded);
        assertEquals(1, CertificateAuthorities.load(file, limit).all().size());

        Files.writeString(file, padded + "#");
        IOException e = assertThrows(IOException.class, () -> CertificateAuthorities.load(file, limit));
        assertEquals(file + ": file size (4097 bytes) exceeds the allowed maximum (4096 bytes); is it the right file?",
                e.getMessage());
    }

    private static String refused(Path file) {
        return assertThrows(IOException.class, () -> CertificateAuthorities.load(file)).getMessage();
    }
}
