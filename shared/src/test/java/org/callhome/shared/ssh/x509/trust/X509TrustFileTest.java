package org.callhome.shared.ssh.x509.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.callhome.shared.ssh.X509Text;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file of trusted X.509 certificates that may pin end-entity certificates beside its CAs, such as
 * a device's account file: which certificates are CAs, which are pins, and which files are refused.
 */
class X509TrustFileTest {

    @TempDir
    Path dir;

    private final X509Lab lab = new X509Lab();
    private final Issued root = lab.root("NMS CA").issue();
    private final Issued nms = lab.selfSigned("nms").extendedKeyUsage(X509Lab.TLS_CLIENT).issue();

    @Test
    void tellsCaCertificatesFromPinnedOnesEachCountedOnce() throws IOException {
        Issued issued = lab.device(root, "nms-2").issue();
        Path file = X509Lab.write(dir.resolve("ops.pem"), "# the NMS CA and the NMS itself\n"
                + X509Lab.pem(root.certificate(), nms.certificate(), issued.certificate(), nms.certificate()));

        X509TrustFile trust = X509TrustFile.load(file);

        assertEquals(List.of(root.certificate()), trust.authorities().all().stream().map(X509Authority::certificate)
                .toList());
        assertEquals(List.of(nms.certificate(), issued.certificate()), trust.pins().all());
        assertEquals(Optional.of(nms.certificate()), trust.pins().find(nms.certificate()));
        assertEquals(Optional.empty(), trust.pins().find(lab.selfSigned("nms").issue().certificate()),
                "the same subject under another key is another certificate");
        assertTrue(trust.toString().contains("'CN=nms' (" + X509Text.fingerprint(nms.certificate()) + ")"),
                trust.toString());
    }

    @Test
    void aFileOfPinsOnlyTrustsNoCa() throws IOException {
        X509TrustFile trust = X509TrustFile.load(X509Lab.write(dir.resolve("nms.pem"), X509Lab.pem(nms.certificate())));

        assertTrue(trust.authorities().all().isEmpty());
        assertEquals(List.of(nms.certificate()), trust.pins().all());
    }

    @Test
    void anEndEntityWithoutBasicConstraintsIsAPin() throws IOException {
        Issued plain = lab.selfSigned("nms").noBasicConstraints().issue();

        X509TrustFile trust = X509TrustFile.load(X509Lab.write(dir.resolve("nms.pem"),
                X509Lab.pem(plain.certificate())));

        assertEquals(List.of(plain.certificate()), trust.pins().all());
    }

    @Test
    void refusesAFileWithNeitherCaNorPinnedCertificate() {
        Path empty = X509Lab.write(dir.resolve("empty.pem"), "# nothing yet\n");

        assertEquals(empty + ": holds no certificate; give the certificates of the CAs that issue the peer's"
                + " certificates, or the peer's own certificate to pin it, in PEM (-----BEGIN CERTIFICATE-----)",
                refused(empty));
    }

    @Test
    void refusesAVersion1CertificateAsNeitherCaNorPin() {
        Path file = X509Lab.write(dir.resolve("v1.pem"), X509Lab.pem(lab.selfSigned("nms").version1().issue()
                .certificate()));

        String message = refused(file);

        assertTrue(message.startsWith(file + ":1: block 1: a version 1 certificate, which can be neither a CA"),
                message);
    }

    @Test
    void refusesACaCertificateThatMayNotSignCertificatesRatherThanPinningIt() {
        Issued signer = lab.root("Signer").keyUsage(KeyUsage.digitalSignature).issue();
        Path file = X509Lab.write(dir.resolve("ca.pem"), X509Lab.pem(signer.certificate()));

        assertTrue(refused(file).contains("is a CA certificate whose keyUsage does not allow keyCertSign"),
                refused(file));
    }

    @Test
    void refusesWhatIsNoCertificateAsACaFileDoes() {
        Path file = X509Lab.write(dir.resolve("nms.pem"), X509Lab.pem("PRIVATE KEY",
                nms.keyPair().getPrivate().getEncoded()));

        assertTrue(refused(file).startsWith(file + ":1: block 1: this is a private key"), refused(file));
    }

    @Test
    void aCaFileStillRefusesAnEndEntityCertificate() {
        Path file = X509Lab.write(dir.resolve("device-ca.pem"), X509Lab.pem(nms.certificate()));

        String message = assertThrows(IOException.class, () -> X509Authorities.load(file)).getMessage();

        assertTrue(message.contains("is not a CA certificate (no basicConstraints CA:TRUE)"), message);
    }

    @Test
    void pinsAreEndEntitiesOnly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> X509Pins.of(List.of(root.certificate())));

        assertTrue(e.getMessage().endsWith("which trusts what it issues and is never pinned"), e.getMessage());
        assertEquals(X509Pins.NONE, X509Pins.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new X509TrustFile(X509Authorities.ofChecked(List.of()),
                X509Pins.NONE));
    }

    private static String refused(Path file) {
        return assertThrows(IOException.class, () -> X509TrustFile.load(file)).getMessage();
    }
}
