package org.callhome.shared.ssh.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.X509Text;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --revoked-keys} given X.509 CRLs, in PEM or DER, told from a KRL or a key list by their
 * content: which certificates they revoke, and the CRLs that are refused rather than half-read.
 */
class X509CrlRevocationTest {

    @TempDir
    Path dir;

    private final X509Lab lab = new X509Lab();
    private final Issued root = lab.root("Device CA").issue();
    private final Issued device = lab.device(root, "dev-1").issue();
    private final Issued other = lab.device(root, "dev-2").issue();

    @Test
    void aPemCrlRevokesTheSerialsItListsForItsIssuer() throws IOException {
        X509CRL crl = lab.crl(root).revoke(device.serial(), CRLReason.superseded).issue();
        Path file = X509Lab.write(dir.resolve("revoked.pem"), X509Lab.pem(crl));

        RevokedKeys revoked = RevokedKeys.load(file);

        assertEquals(Optional.of("serial " + X509Text.serial(device.serial()) + " is listed in the CRL of 'CN=Device CA'"
                + " of " + crl.getThisUpdate().toInstant() + " (revoked " + crl.getRevokedCertificate(device.serial())
                .getRevocationDate().toInstant() + ", superseded)"), revoked.whyRevoked(device.certificate(),
                root.publicKey()));
        assertEquals(Optional.empty(), revoked.whyRevoked(other.certificate(), root.publicKey()));
        assertEquals("X.509 CRL file " + file + ": the CRL of 'CN=Device CA' of " + crl.getThisUpdate().toInstant()
                + " listing 1 certificate", revoked.toString());
        assertEquals(List.of(crl), revoked.crls());
    }

    @Test
    void aDerCrlRevokesAsThePemOneDoes() throws Exception {
        X509CRL crl = lab.crl(root, device.serial()).issue();
        Path file = Files.write(dir.resolve("revoked.crl"), crl.getEncoded());

        RevokedKeys revoked = RevokedKeys.load(file);

        assertTrue(revoked.whyRevoked(device.certificate(), root.publicKey()).isPresent());
        assertEquals(Optional.empty(), revoked.whyRevoked(other.certificate(), root.publicKey()));
    }

    @Test
    void onePemFileHoldsTheCrlsOfSeveralCas() throws IOException {
        Issued siteCa = lab.intermediate(root, "Site CA").issue();
        Issued siteDevice = lab.device(siteCa, "dev-3").issue();
        Path file = X509Lab.write(dir.resolve("revoked.pem"), "# the fleet's CRLs\n\n"
                + X509Lab.pem(lab.crl(root, device.serial()).issue()) + "\n"
                + X509Lab.pem(lab.crl(siteCa, siteDevice.serial(), BigInteger.TEN).issue()));

        RevokedKeys revoked = RevokedKeys.load(file);

        assertTrue(revoked.whyRevoked(device.certificate(), root.publicKey()).isPresent());
        assertTrue(revoked.whyRevoked(siteDevice.certificate(), siteCa.publicKey()).isPresent());
        assertEquals("X.509 CRL file " + file + ": 2 CRLs listing 3 certificates", revoked.toString());
    }

    @Test
    void aCrlCountsOnlyWhenTheIssuersKeySignedIt() {
        Issued namesake = lab.root("Device CA").issue();
        RevokedKeys revoked = X509Lab.revokedKeys(dir, lab.crl(root, device.serial()).issue());

        assertEquals(Optional.empty(), revoked.whyRevoked(device.certificate(), namesake.publicKey()));
        assertEquals(Optional.empty(), X509Lab.revokedKeys(dir, lab.crl(root, device.serial()).signedWith(
                namesake.keyPair().getPrivate()).issue()).whyRevoked(device.certificate(), root.publicKey()));
        assertEquals(Optional.empty(), X509Lab.revokedKeys(dir, lab.crl(lab.root("Other CA").issue(), device.serial())
                .issue()).whyRevoked(device.certificate(), root.publicKey()));
    }

    @Test
    void aCrlPastItsNextUpdateStillRevokes() {
        RevokedKeys revoked = X509Lab.revokedKeys(dir, lab.crl(root, device.serial()).dates(X509Lab.NOT_BEFORE,
                X509Lab.NOT_BEFORE.plusSeconds(60)).issue());

        assertTrue(revoked.whyRevoked(device.certificate(), root.publicKey()).isPresent());
    }

    @Test
    void aRevokedKeyRevokesTheCertificatesOfItAndTheCertificatesItIssued() throws Exception {
        Path keyList = X509Lab.write(dir.resolve("revoked-keys"), SshKeys.toOpenSsh(device.publicKey()) + "\n");
        RevokedKeys revokedDeviceKey = RevokedKeys.load(keyList);
        assertEquals(Optional.of("its key " + SshKeys.fingerprint(device.publicKey()) + " is listed"),
                revokedDeviceKey.whyRevoked(device.certificate(), root.publicKey()));
        assertEquals(Optional.empty(), revokedDeviceKey.whyRevoked(other.certificate(), root.publicKey()));

        Path caKeyList = X509Lab.write(dir.resolve("revoked-ca"), SshKeys.toOpenSsh(root.publicKey()) + "\n");
        assertEquals(Optional.of("its issuer's key " + SshKeys.fingerprint(root.publicKey()) + " is listed"),
                RevokedKeys.load(caKeyList).whyRevoked(other.certificate(), root.publicKey()));

        // a key no SSH list can name (Ed448) is simply not revoked by one
        Issued ed448Device = lab.device(root, "dev-9").key(KeyPairGenerator.getInstance("Ed448").generateKeyPair())
                .issue();
        assertEquals(Optional.empty(), revokedDeviceKey.whyRevoked(ed448Device.certificate(), root.publicKey()));
    }

    @Test
    void aCrlRevokesNoSshKey() {
        RevokedKeys revoked = X509Lab.revokedKeys(dir, lab.crl(root, device.serial()).issue());

        assertFalse(revoked.isRevoked(device.publicKey()));
        assertFalse(revoked.isRevoked(root.publicKey()));
    }

    @Test
    void refusesACrlThatIsNotCompleteSayingWhatToGiveInstead() {
        String delta = refused(X509Lab.pem(lab.crl(root, device.serial()).extension("2.5.29.27", true,
                new CRLNumber(BigInteger.ONE)).issue()));
        assertTrue(delta.contains(":1: block 1: the CRL of 'CN=Device CA' carries critical extension 2.5.29.27"
                + " (deltaCRLIndicator), which is not supported: give the CA's complete CRL, as openssl ca -gencrl"
                + " writes it (no delta, partitioned or indirect CRLs)"), delta);
        String unknown = refused(X509Lab.pem(lab.crl(root).extension("1.3.6.1.4.1.32473.2", true,
                DERNull.INSTANCE).issue()));
        assertTrue(unknown.contains("carries critical extension 1.3.6.1.4.1.32473.2, which is not supported"), unknown);
        String indirect = refused(X509Lab.pem(lab.crl(root).revoke(device.serial(), "2.5.29.29", true,
                new GeneralNames(new GeneralName(X509Lab.dn("CN=Another CA")))).issue()));
        assertTrue(indirect.contains("the entry for serial " + X509Text.serial(device.serial()) + " carries critical"
                + " extension 2.5.29.29 (certificateIssuer), which is not supported"), indirect);
    }

    @Test
    void refusesOtherTextOrBlocksInACrlFile() throws Exception {
        String crl = X509Lab.pem(lab.crl(root, device.serial()).issue());

        String keyLine = refused(SshKeys.toOpenSsh(device.publicKey()) + "\n" + crl);
        assertTrue(keyLine.contains(":1: text outside a PEM block (ecdsa-sha2-nistp256 AAAA"), keyLine);
        assertTrue(keyLine.endsWith("...); this file holds PEM blocks only, with blank lines and # comments between"
                + " them"), keyLine);
        String certificate = refused(X509Lab.pem(device.certificate()));
        assertTrue(certificate.contains(":1: block 1: this is a certificate, not a CRL; revoke it in a CRL of its CA"
                + " (openssl ca -revoke, then openssl ca -gencrl)"), certificate);
        String noCrl = refused("# -----BEGIN X509 CRL-----\n");
        assertTrue(noCrl.endsWith(": holds no CRL (-----BEGIN X509 CRL----- block)"), noCrl);
        byte[] sequence = new byte[4 + 200];
        sequence[0] = 0x30;
        sequence[1] = (byte) 0x82;
        sequence[3] = (byte) 200;
        Path der = Files.write(dir.resolve("bad.crl"), sequence);
        String badDer = assertThrows(IOException.class, () -> RevokedKeys.load(der)).getMessage();
        assertTrue(badDer.startsWith(der + ": not a valid X.509 CRL: "), badDer);
    }

    @Test
    void stillTellsAKeyListFromACrl() throws IOException {
        Path keyList = X509Lab.write(dir.resolve("revoked-keys"), "# revoked\n" + SshKeys.toOpenSsh(root.publicKey())
                + "\n");

        assertEquals("key list " + keyList + ": 1 key", RevokedKeys.load(keyList).toString());
    }

    private String refused(String text) {
        Path file = X509Lab.write(dir.resolve("refused.pem"), text);
        return assertThrows(IOException.class, () -> RevokedKeys.load(file)).getMessage();
    }
}
