package org.callhome.shared.ssh.cert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.config.keys.OpenSshCertificate.Type;
import org.callhome.shared.ssh.SshKeygen;
import org.callhome.shared.ssh.SshKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our own key with its certificate, as ssh-keygen leaves them, and the mix-ups refused at start. */
class CertifiedKeyTest {

    @TempDir
    Path dir;

    private CertLab lab;

    @BeforeEach
    void setUp() {
        lab = new CertLab(dir);
    }

    @Test
    void loadsAUserCertificateWithItsKeyAsTheKeyPairMinaLogsInWith() throws IOException {
        Path cert = lab.sign("ca", "dev", "login", "-n", "dev-1", "-z", "7");

        CertifiedKey certified = CertifiedKey.load(cert, lab.key("dev"), Type.USER);

        assertEquals(Type.USER, certified.certificate().getType());
        assertEquals(List.of("dev-1"), List.copyOf(certified.certificate().getPrincipals()));
        assertEquals(7, certified.certificate().getSerial());
        KeyPair pair = certified.certificateKeyPair();
        assertSame(certified.certificate(), pair.getPublic());
        assertSame(certified.keyPair().getPrivate(), pair.getPrivate());
        assertArrayEquals(SshKeys.blob(certified.keyPair().getPublic()),
                SshKeys.blob(((OpenSshCertificate) pair.getPublic()).getCertPubKey()));
    }

    @Test
    void loadsHostCertificatesOfEveryKeyType() throws IOException {
        for (String[] type : new String[][] {{"ecdsa", "256"}, {"ecdsa", "384"}, {"ecdsa", "521"}, {"rsa", "2048"}}) {
            String name = type[0] + type[1];
            lab.key(name, type[0], Integer.parseInt(type[1]));
            Path cert = lab.sign("ca", name, name + "-host", "-h", "-n", "dev-1");
            assertEquals(Type.HOST, CertifiedKey.load(cert, lab.key(name), Type.HOST).certificate().getType());
        }
    }

    @Test
    void refusesACertificateForAnotherKeyNamingBothFiles() throws IOException {
        Path cert = lab.sign("ca", "dev", "login", "-n", "dev-1");
        Path otherKey = lab.key("other");

        IOException e = assertThrows(IOException.class, () -> CertifiedKey.load(cert, otherKey, Type.USER));

        assertEquals(cert + ": certifies key " + SshKeygen.fingerprint(lab.publicKey("dev")) + ", but " + otherKey
                + " holds key " + SshKeygen.fingerprint(otherKey) + "; give the private key the certificate was made for",
                e.getMessage());
    }

    @Test
    void refusesACertificateOfTheOtherType() throws IOException {
        Path host = lab.sign("ca", "dev", "host", "-h", "-n", "dev-1");
        IOException e = assertThrows(IOException.class, () -> CertifiedKey.load(host, lab.key("dev"), Type.USER));
        assertEquals(host + ": host certificate 'host' serial 0 is a host certificate, but a user certificate is needed"
                + " here (ssh-keygen -s without -h)", e.getMessage());
    }

    @Test
    void refusesAPlainPublicKeyOrAPrivateKeyAsTheCertificate() throws IOException {
        Path publicKey = lab.publicKey("dev");
        assertEquals(publicKey + ":1: this is not a certificate (it starts with 'ssh-ed25519'); have the CA sign the key"
                + " with ssh-keygen -s CA_KEY -I KEY_ID -n NAME KEY.pub, and give the -cert.pub file it writes",
                refused(publicKey));
        Path privateKey = lab.key("dev");
        assertTrue(refused(privateKey).startsWith(privateKey + ":1: this is a private key"), refused(privateKey));
    }

    @Test
    void refusesDamagedOrMislabelledCertificateData() throws IOException {
        String[] fields = Files.readString(lab.sign("ca", "dev", "cert", "-n", "dev-1")).split(" ");
        Path truncated = Files.writeString(dir.resolve("truncated-cert.pub"),
                fields[0] + " " + fields[1].substring(0, 200));
        assertTrue(refused(truncated).startsWith(truncated + ":1: malformed certificate data: "), refused(truncated));
        Path mislabelled = Files.writeString(dir.resolve("mislabelled-cert.pub"),
                "ecdsa-sha2-nistp256-cert-v01@openssh.com " + fields[1]);
        assertEquals(mislabelled + ":1: the certificate data holds a 'ssh-ed25519-cert-v01@openssh.com', but the line"
                + " says ecdsa-sha2-nistp256-cert-v01@openssh.com", refused(mislabelled));
        Path dsa = Files.writeString(dir.resolve("dsa-cert.pub"), "ssh-dss-cert-v01@openssh.com " + fields[1]);
        assertEquals(dsa + ":1: certificate type 'ssh-dss-cert-v01@openssh.com' is not supported; supported:"
                + " certificates of " + String.join(", ", SshKeys.KEY_TYPES) + " keys", refused(dsa));
    }

    @Test
    void refusesAFileOfTwoCertificates() throws IOException {
        Path file = Files.writeString(dir.resolve("two-cert.pub"), Files.readString(lab.sign("ca", "dev", "a", "-n", "x"))
                + Files.readString(lab.sign("ca", "dev", "b", "-n", "y")));
        assertEquals(file + ": holds 2 lines; a certificate file holds one: " + CertifiedKey.LINE_FORM, refused(file));
    }

    @Test
    void readsACertificateFileAtTheLimitAndRefusesOneByteMore() throws IOException {
        String line = Files.readString(lab.sign("ca", "dev", "cert", "-n", "dev-1"));
        int limit = 2048;
        String padded = line + "#".repeat(limit - line.length());
        Path file = Files.writeString(dir.resolve("padded-cert.pub"), padded);
        assertEquals("cert", CertifiedKey.readCertificate(file, limit).getId());

        Files.writeString(file, padded + "#");
        IOException e = assertThrows(IOException.class, () -> CertifiedKey.readCertificate(file, limit));
        assertEquals(file + ": file size (2049 bytes) exceeds the allowed maximum (2048 bytes); is it the right file?",
                e.getMessage());
    }

    private static String refused(Path file) {
        return assertThrows(IOException.class, () -> CertifiedKey.readCertificate(file)).getMessage();
    }
}
