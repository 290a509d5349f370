package org.callhome.shared.ssh.x509.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.callhome.shared.ssh.X509Text;
import org.callhome.shared.ssh.cert.RevokedKeys;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trusted X.509 CAs of a file such as {@code --device-ca}, and the files that are refused in their place. */
class X509AuthoritiesTest {

    @TempDir
    Path dir;

    private final X509Lab lab = new X509Lab();
    private final Issued root = lab.root("Device CA").issue();

    @Test
    void readsCaCertificatesInPemWithTheirFingerprintsAndTextAroundThem() throws Exception {
        Issued rsaRoot = lab.root("RSA CA").key(X509Lab.rsa(2048)).issue();
        Issued intermediate = lab.intermediate(root, "Site CA").issue();
        Path file = X509Lab.write(dir.resolve("device-ca.pem"), """
                # the CAs of the device fleet
                subject=CN=Device CA
                %s
                Certificate:
                    Data: (what openssl x509 -text prints is ignored)
                %s%s
                %s""".formatted(X509Lab.pem(root.certificate()), X509Lab.pem(rsaRoot.certificate()),
                X509Lab.pem(intermediate.certificate()), X509Lab.pem(root.certificate())));

        X509Authorities authorities = X509Authorities.load(file);

        assertEquals(List.of(X509Text.fingerprint(root.certificate()), X509Text.fingerprint(rsaRoot.certificate()),
                X509Text.fingerprint(intermediate.certificate())),
                authorities.all().stream().map(X509Authority::fingerprint).toList());
        assertEquals(root.certificate(), authorities.all().get(0).certificate());
        assertEquals(Optional.of(authorities.all().get(2)), authorities.find(intermediate.certificate()));
        assertEquals(Optional.empty(), authorities.find(lab.root("Device CA").issue().certificate()));
        assertEquals("'CN=Device CA' (" + X509Text.fingerprint(root.certificate()) + ")", authorities.all().get(0).name());
    }

    @Test
    void refusesAFileWithoutACertificate() throws Exception {
        Path empty = X509Lab.write(dir.resolve("empty"), "# nothing yet\n");
        assertEquals(empty + ": holds no certificate; give the certificate of each CA that issues device certificates,"
                + " in PEM (-----BEGIN CERTIFICATE-----)", refused(empty));

        Path sshKey = X509Lab.write(dir.resolve("ca.pub"), "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA device-ca\n");
        assertTrue(refused(sshKey).endsWith("; this looks like an OpenSSH key, which signs OpenSSH certificates, not X.509"
                + " ones"), refused(sshKey));

        Path der = Files.write(dir.resolve("ca.der"), root.certificate().getEncoded().clone());
        assertTrue(refused(der).startsWith(der + ": holds binary (DER) data, not PEM; if it is the CA's certificate,"
                + " convert it: openssl x509 -inform DER"), refused(der));
    }

    @Test
    void refusesAPrivateKeyNamingTheFileAndBlock() throws Exception {
        Path file = X509Lab.write(dir.resolve("ca.pem"), X509Lab.pem(root.certificate()) + "\n"
                + X509Lab.pem("PRIVATE KEY", root.keyPair().getPrivate().getEncoded()));

        String message = refused(file);
        long line = X509Lab.pem(root.certificate()).lines().count() + 2;
        assertTrue(message.startsWith(file + ":" + line + ": block 2: this is a private key; give the CA's certificate"),
                message);
    }

    @Test
    void refusesOtherKindsOfPemBlockWithWhatToGiveInstead() throws Exception {
        assertTrue(refusedBlock("PUBLIC KEY", root.publicKey().getEncoded())
                .endsWith("block 1: this is a public key; give the CA's certificate, which holds its key"));
        assertTrue(refusedBlock("CERTIFICATE REQUEST", new byte[] {1})
                .endsWith("block 1: this is a certificate request; give the CA's certificate"));
        assertTrue(refusedBlock("X509 CRL", lab.crl(root).issue().getEncoded()).endsWith("block 1: this is a"
                + " certificate revocation list; it belongs in --revoked-keys, and this file holds the CA's certificate"));
        assertTrue(refusedBlock("TRUSTED CERTIFICATE", root.certificate().getEncoded())
                .contains("block 1: this is an OpenSSL trusted certificate"));
        assertTrue(refusedBlock("PKCS7", new byte[] {1}).endsWith("block 1: a 'PKCS7' block, not a certificate"
                + " (-----BEGIN CERTIFICATE-----)"));
    }

    @Test
    void refusesACertificateThatIsNotACas() throws Exception {
        Issued device = lab.device(root, "dev-1").issue();
        Path file = X509Lab.write(dir.resolve("ca.pem"), X509Lab.pem(root.certificate(), device.certificate()));

        assertEquals(file + ":" + (X509Lab.pem(root.certificate()).lines().count() + 1) + ": block 2: certificate"
                + " 'serialNumber=dev-1,CN=router' serial " + X509Text.serial(device.serial()) + " is not a CA certificate"
                + " (no basicConstraints CA:TRUE); if it is a device's or an NMS's own, give the certificate of the CA"
                + " that issued it", refused(file));
        assertTrue(refusedCa(lab.root("Not a CA").ca(false).issue()).contains("is not a CA certificate"));
        assertTrue(refusedCa(lab.root("May not sign").keyUsage(KeyUsage.cRLSign).issue())
                .contains("is a CA certificate whose keyUsage does not allow keyCertSign"));
    }

    @Test
    void refusesASelfSignedVersion1Root() throws Exception {
        assertTrue(refusedCa(lab.root("Old root").version1().issue()).endsWith("block 1: a version 1 certificate, which"
                + " cannot say it is a CA; give a version 3 CA certificate with basicConstraints CA:TRUE (reissue the CA's"
                + " certificate with -addext basicConstraints=critical,CA:TRUE)"));
    }

    @Test
    void refusesMalformedPem() throws Exception {
        String pem = X509Lab.pem(root.certificate());
        List<String> lines = pem.lines().toList();

        Path cut = X509Lab.write(dir.resolve("cut.pem"), String.join("\n", lines.subList(0, lines.size() - 1)));
        assertEquals(cut + ":1: block 1: -----BEGIN CERTIFICATE----- has no -----END CERTIFICATE----- line after it;"
                + " is the file cut short?", refused(cut));
        Path mismatched = X509Lab.write(dir.resolve("mismatched.pem"), pem.replace("END CERTIFICATE", "END CRL"));
        assertTrue(refused(mismatched).contains("block 1: -----BEGIN CERTIFICATE----- ends with -----END CRL-----"),
                refused(mismatched));
        Path endOnly = X509Lab.write(dir.resolve("end.pem"), "-----END CERTIFICATE-----\n");
        assertEquals(endOnly + ":1: -----END CERTIFICATE----- without a BEGIN line before it", refused(endOnly));
        Path badBase64 = X509Lab.write(dir.resolve("base64.pem"), pem.replace(lines.get(1), "not*base64"));
        assertTrue(refused(badBase64).startsWith(badBase64 + ":1: block 1: the body is not valid base64"),
                refused(badBase64));
        Path notDer = X509Lab.write(dir.resolve("der.pem"), X509Lab.pem("CERTIFICATE", new byte[] {0x30, 3, 1, 2, 3}));
        assertTrue(refused(notDer).startsWith(notDer + ":1: block 1: not a valid X.509 certificate: "), refused(notDer));
        byte[] encoded = root.certificate().getEncoded();
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 2);
        Path trailing = X509Lab.write(dir.resolve("trailing.pem"), X509Lab.pem("CERTIFICATE", longer));
        assertTrue(refused(trailing).contains("block 1: not a valid X.509 certificate"), refused(trailing));
    }

    @Test
    void refusesAFileLargerThanAllowed() throws Exception {
        Path file = X509Lab.write(dir.resolve("ca.pem"), X509Lab.pem(root.certificate()));
        long size = Files.size(file);

        assertEquals(1, X509Authorities.load(file, size).all().size());
        assertEquals(file + ": file size (" + size + " bytes) exceeds the allowed maximum (" + (size - 1) + " bytes);"
                + " is it the right file?", assertThrows(IOException.class, () -> X509Authorities.load(file, size - 1))
                .getMessage());
    }

    @Test
    void ofTakesCaCertificatesOnly() {
        assertEquals(1, X509Authorities.of(List.of(root.certificate(), root.certificate())).all().size());
        assertThrows(IllegalArgumentException.class, () -> X509Authorities.of(List.of()));
        IllegalArgumentException notCa = assertThrows(IllegalArgumentException.class,
                () -> X509Authorities.of(List.of(lab.device(root, "dev-1").issue().certificate())));
        assertTrue(notCa.getMessage().contains("is not a CA certificate"), notCa.getMessage());
    }

    @Test
    void namesTheCrlsNoTrustedCaSigned() {
        Issued other = lab.root("Other CA").issue();
        Issued intermediate = lab.intermediate(root, "Site CA").issue();
        X509Authorities authorities = X509Authorities.of(List.of(root.certificate()));
        RevokedKeys revoked = X509Lab.revokedKeys(dir, lab.crl(root).issue(), lab.crl(other).issue(),
                lab.crl(intermediate).issue(), lab.crl(root).signedWith(X509Lab.ec("secp256r1").getPrivate()).issue());

        List<String> unsigned = authorities.crlsSignedByNone(revoked);

        assertEquals(3, unsigned.size(), unsigned::toString);
        assertTrue(unsigned.get(0).startsWith("the CRL of 'CN=Other CA' of "), unsigned.get(0));
        assertTrue(unsigned.get(0).endsWith(" is signed by none of the 1 trusted CAs; it revokes only if an"
                + " intermediate CA of that name signed it"), unsigned.get(0));
        assertTrue(unsigned.get(1).startsWith("the CRL of 'CN=Site CA' of "), unsigned.get(1));
        assertTrue(unsigned.get(2).startsWith("the CRL of 'CN=Device CA' of "), unsigned.get(2));
        assertEquals(List.of(), authorities.crlsSignedByNone(RevokedKeys.NONE));
    }

    private String refusedBlock(String label, byte[] bytes) throws Exception {
        return refused(X509Lab.write(dir.resolve("block.pem"), X509Lab.pem(label, bytes)));
    }

    private String refusedCa(Issued ca) throws Exception {
        return refused(X509Lab.write(dir.resolve("ca.pem"), X509Lab.pem(ca.certificate())));
    }

    private static String refused(Path file) {
        return assertThrows(IOException.class, () -> X509Authorities.load(file)).getMessage();
    }
}
