package org.callhome.shared.ssh.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Optional;
import org.callhome.shared.ssh.SshKeygen;
import org.callhome.shared.ssh.SshKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation lists as OpenSSH writes them ({@code ssh-keygen -k}) and reads them: answers on a KRL
 * are also asked of {@code ssh-keygen -Q}, and the two must agree.
 */
class RevokedKeysTest {

    @TempDir
    Path dir;

    private CertLab lab;

    @BeforeEach
    void setUp() {
        lab = new CertLab(dir);
    }

    @Test
    void revokesSerialsFromListRangeAndBitmapSectionsAsOpenSshDoes() throws IOException {
        // ssh-keygen writes these as a bitmap (4-22), a range (100000-200000) and a list (the rest)
        Path krl = lab.krl("krl", "ca", """
                serial: 4-10
                serial: 20
                serial: 22
                serial: 100000-200000
                serial: 5000000
                serial: 9000000
                serial: 9000001
                """);
        RevokedKeys revoked = RevokedKeys.load(krl);

        for (long serial : new long[] {0, 3, 4, 10, 11, 20, 21, 22, 23, 99999, 100000, 150000, 200000, 200001,
                4999999, 5000000, 9000001, 9000002}) {
            Path cert = lab.sign("ca", "dev", "serial-" + serial, "-h", "-n", "dev-1", "-z", Long.toString(serial));
            assertEquals(SshKeygen.revoked(krl, cert), revoked.isRevoked(lab.certificate(cert)), "serial " + serial);
        }
        assertEquals(Optional.of("serial 150000 is revoked for CA " + SshKeygen.fingerprint(lab.publicKey("ca"))),
                revoked.whyRevoked(lab.certificate(dir.resolve("serial-150000-cert.pub"))));
    }

    @Test
    void revokesSerialsOnlyForTheirCa() throws IOException {
        RevokedKeys revoked = RevokedKeys.load(lab.krl("krl", "ca", "serial: 5\n"));
        assertTrue(revoked.isRevoked(lab.hostCertificate("ca", "dev", "dev-1")));
        assertFalse(revoked.isRevoked(lab.hostCertificate("other-ca", "dev", "dev-1")));
    }

    @Test
    void revokesByKeyIdForItsCa() throws IOException {
        Path krl = lab.krl("krl", "ca", "id: dev-1-host\n");
        RevokedKeys revoked = RevokedKeys.load(krl);

        Path cert = lab.sign("ca", "dev", "dev-1-host", "-h", "-n", "dev-1");
        Path otherId = lab.sign("ca", "dev", "dev-2-host", "-h", "-n", "dev-1");
        assertTrue(SshKeygen.revoked(krl, cert));
        assertTrue(revoked.isRevoked(lab.certificate(cert)));
        assertFalse(SshKeygen.revoked(krl, otherId));
        assertFalse(revoked.isRevoked(lab.certificate(otherId)));
        assertEquals(Optional.of("key id 'dev-1-host' is revoked for CA " + SshKeygen.fingerprint(lab.publicKey("ca"))),
                revoked.whyRevoked(lab.certificate(cert)));
        PublicKey certificateAsKey = lab.certificate(cert);
        assertTrue(revoked.isRevoked(certificateAsKey));
    }

    @Test
    void revokesAPlainKeyAndEveryCertificateOfIt() throws IOException {
        Path krl = lab.krl("krl", null, Files.readString(lab.publicKey("dev")));
        RevokedKeys revoked = RevokedKeys.load(krl);

        Path cert = lab.sign("ca", "dev", "dev-1", "-h", "-n", "dev-1");
        assertTrue(SshKeygen.revoked(krl, cert));
        assertTrue(revoked.isRevoked(key("dev")));
        assertEquals(Optional.of("its key " + SshKeygen.fingerprint(lab.publicKey("dev")) + " is listed"),
                revoked.whyRevoked(lab.certificate(cert)));
        assertFalse(revoked.isRevoked(key("other")));
        assertFalse(revoked.isRevoked(lab.hostCertificate("ca", "other", "dev-2")));
    }

    @Test
    void revokesKeysBySha256AndSha1Hash() throws IOException {
        String fingerprint = SshKeygen.fingerprint(lab.publicKey("dev"));
        RevokedKeys bySha256 = RevokedKeys.load(lab.krl("sha256", null, "hash: " + fingerprint + "\n"));
        RevokedKeys bySha1 = RevokedKeys.load(lab.krl("sha1", null, "sha1: " + Files.readString(lab.publicKey("dev"))));

        assertEquals(Optional.of("key " + fingerprint + " is listed by its SHA256 hash"), bySha256.whyRevoked(key("dev")));
        assertEquals(Optional.of("key " + fingerprint + " is listed by its SHA1 hash"), bySha1.whyRevoked(key("dev")));
        assertTrue(bySha256.isRevoked(lab.hostCertificate("ca", "dev", "dev-1")));
        assertFalse(bySha1.isRevoked(key("other")));
    }

    @Test
    void revokesEveryCertificateOfARevokedCa() throws IOException {
        Path krl = lab.krl("krl", null, Files.readString(lab.publicKey("ca")));
        Path cert = lab.sign("ca", "dev", "dev-1", "-h", "-n", "dev-1");

        assertTrue(SshKeygen.revoked(krl, cert));
        assertEquals(Optional.of("its CA's key " + SshKeygen.fingerprint(lab.publicKey("ca")) + " is listed"),
                RevokedKeys.load(krl).whyRevoked(lab.certificate(cert)));
    }

    @Test
    void readsATextListOfKeysAsSshdDoes() throws IOException {
        // ssh-keygen -Q reads only KRLs; sshd's RevokedKeys also takes this list, and a listed CA key revokes its certificates
        Path list = Files.writeString(dir.resolve("revoked"), """
                # lost in transit
                %s
                %s
                """.formatted(Files.readString(lab.publicKey("dev")).strip(), Files.readString(lab.publicKey("ca")).strip()));
        RevokedKeys revoked = RevokedKeys.load(list);

        Path cert = lab.sign("ca", "other", "dev-2", "-h", "-n", "dev-2");
        assertTrue(revoked.isRevoked(lab.certificate(cert)));
        assertTrue(revoked.isRevoked(key("dev")));
        assertFalse(revoked.isRevoked(key("other")));
        assertEquals("key list " + list + ": 2 keys", revoked.toString());
    }

    @Test
    void anEmptyFileRevokesNothing() throws IOException {
        Path empty = Files.writeString(dir.resolve("revoked"), "# nothing revoked yet\n");
        assertFalse(RevokedKeys.load(empty).isRevoked(lab.hostCertificate("ca", "dev", "dev-1")));
        assertFalse(RevokedKeys.NONE.isRevoked(key("dev")));
        assertEquals("no revocation list: nothing revoked", RevokedKeys.NONE.toString());
    }

    @Test
    void refusesACertificateOrAKrlSpecificationInATextList() throws IOException {
        Path withCert = Files.writeString(dir.resolve("revoked"),
                Files.readString(lab.sign("ca", "dev", "dev-1", "-h", "-n", "dev-1")));
        assertEquals(withCert + ":1: this is a certificate; list its key, or revoke it by serial or key id in a KRL"
                + " (ssh-keygen -k -f KRL -s CA.pub SPEC)", refused(withCert));
        Path spec = Files.writeString(dir.resolve("spec"), "# by serial\nserial: 5\n");
        assertEquals(spec + ":2: 'serial:' lines are a KRL specification, not a KRL; turn it into one with ssh-keygen"
                + " -k -f KRL -s CA.pub " + spec, refused(spec));
        Path garbage = Files.writeString(dir.resolve("garbage"), "not a key\n");
        assertTrue(refused(garbage).startsWith(garbage + ":1: unsupported public key type 'not'"), refused(garbage));
    }

    @Test
    void refusesABinaryFileThatIsNoKrl() throws IOException {
        Path der = Files.write(dir.resolve("revoked.der"), new byte[] {0x30, (byte) 0x82, (byte) 0xff, 0x00});
        assertEquals(der + ": neither an OpenSSH KRL (no SSHKRL header) nor a text list of public keys (not UTF-8 text)",
                refused(der));
    }

    @Test
    void refusesAKrlThatDoesNotParse() throws IOException {
        byte[] krl = Files.readAllBytes(lab.krl("krl", "ca", "serial: 5\nid: dev-1\n"));
        Path cut = Files.write(dir.resolve("cut"), Arrays.copyOf(krl, krl.length - 3));
        assertTrue(refused(cut).startsWith(cut + ": not a valid OpenSSH KRL: at byte "), refused(cut));
    }

    @Test
    void readsAFileAtTheLimitAndRefusesOneByteMore() throws IOException {
        byte[] krl = Files.readAllBytes(lab.krl("krl", "ca", "serial: 5\n"));
        Path file = dir.resolve("krl");
        assertTrue(RevokedKeys.load(file, krl.length).isRevoked(lab.hostCertificate("ca", "dev", "dev-1")));
        IOException e = assertThrows(IOException.class, () -> RevokedKeys.load(file, krl.length - 1));
        assertEquals(file + ": file size (" + krl.length + " bytes) exceeds the allowed maximum (" + (krl.length - 1)
                + " bytes); is it the right file?", e.getMessage());
    }

    @Test
    void summarisesWhatAKrlHolds() throws IOException {
        Path krl = lab.krl("krl", "ca", "serial: 5\nid: x\n" + Files.readString(lab.publicKey("dev"))
                + "hash: " + SshKeygen.fingerprint(lab.publicKey("other")) + "\n");
        String summary = RevokedKeys.load(krl).toString();
        assertTrue(summary.startsWith("KRL " + krl + " version 0 of "), summary);
        assertTrue(summary.endsWith(": 1 key, 1 SHA256 hash, 1 CA's certificates"), summary);
    }

    private PublicKey key(String name) throws IOException {
        return SshKeys.parsePublicKey(Files.readString(lab.publicKey(name)));
    }

    private static String refused(Path file) {
        return assertThrows(IOException.class, () -> RevokedKeys.load(file)).getMessage();
    }
}
