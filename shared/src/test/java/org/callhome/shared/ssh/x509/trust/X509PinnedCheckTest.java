package org.callhome.shared.ssh.x509.trust;

import static org.callhome.shared.ssh.x509.trust.X509Lab.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.X509Text;
import org.callhome.shared.ssh.cert.CertificateRefusal;
import org.callhome.shared.ssh.cert.RevokedKeys;
import org.callhome.shared.ssh.x509.trust.X509ChainCheck.Purpose;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link X509ChainCheck} given pinned end-entity certificates (ietf-tls-server's ee-certs): a chain
 * whose end-entity certificate is byte-identical to a pin is accepted whatever issued it, by the
 * pinned rules, each shown to refuse with its own word; any other certificate is decided as before.
 */
class X509PinnedCheckTest {

    @TempDir
    Path dir;

    private final X509Lab lab = new X509Lab();
    private final Issued root = lab.root("NMS CA").issue();

    private X509ChainCheck pinning(RevokedKeys revoked, X509Certificate... pins) {
        return new X509ChainCheck(new X509TrustFile(X509Authorities.of(List.of(root.certificate())),
                X509Pins.of(List.of(pins))), () -> revoked);
    }

    private X509Verdict check(X509Certificate pin, Purpose purpose) {
        return pinning(RevokedKeys.NONE, pin).check(List.of(pin), purpose, NOW);
    }

    private static X509Verdict.Refused refused(X509Verdict verdict) {
        return assertInstanceOf(X509Verdict.Refused.class, verdict, verdict.toString());
    }

    @Test
    void aPinnedSelfSignedCertificateIsAcceptedAsItselfAlone() {
        Issued nms = lab.selfSigned("nms").extendedKeyUsage(X509Lab.TLS_CLIENT).issue();

        X509Verdict.Accepted accepted = assertInstanceOf(X509Verdict.Accepted.class,
                check(nms.certificate(), Purpose.TLS_CLIENT));

        assertEquals(List.of(nms.certificate()), accepted.path());
        X509Identity identity = accepted.identity();
        assertEquals("nms", identity.identity());
        assertTrue(identity.pinned());
        assertEquals(X509Text.fingerprint(nms.certificate()), identity.caFingerprint());
        assertEquals(SshKeys.fingerprint(nms.publicKey()), identity.keyFingerprint());
        assertTrue(identity.toString().contains(" pinned as " + X509Text.fingerprint(nms.certificate())),
                identity.toString());
    }

    @Test
    void aPinIsAcceptedWhateverIssuedItAndWhateverFollowsIt() {
        Issued stranger = lab.root("Stranger CA").issue();
        Issued nms = lab.device(stranger, "nms").issue();
        X509Certificate forged = lab.root("Stranger CA").issue().certificate();

        X509Verdict.Accepted accepted = assertInstanceOf(X509Verdict.Accepted.class, pinning(RevokedKeys.NONE,
                nms.certificate()).check(List.of(nms.certificate(), forged), Purpose.USER, NOW));

        assertEquals(List.of(nms.certificate()), accepted.path());
        assertEquals(CertificateRefusal.UNKNOWN_CA, refused(pinning(RevokedKeys.NONE).check(
                List.of(nms.certificate()), Purpose.USER, NOW)).reason(), "unpinned, it leads to no trusted CA");
    }

    @Test
    void anotherCertificateOfTheSameSubjectIsNotThePin() {
        Issued pinned = lab.selfSigned("nms").issue();
        Issued other = lab.selfSigned("nms").issue();

        assertEquals(CertificateRefusal.UNKNOWN_CA, refused(pinning(RevokedKeys.NONE, pinned.certificate())
                .check(List.of(other.certificate()), Purpose.TLS_CLIENT, NOW)).reason());
    }

    @Test
    void aCaIssuedChainIsStillDecidedByTheCaBesidePins() {
        Issued nms = lab.selfSigned("nms").issue();
        Issued issued = lab.device(root, "nms-2").issue();

        X509Verdict.Accepted accepted = assertInstanceOf(X509Verdict.Accepted.class, pinning(RevokedKeys.NONE,
                nms.certificate()).check(List.of(issued.certificate()), Purpose.TLS_CLIENT, NOW));

        assertEquals(List.of(issued.certificate(), root.certificate()), accepted.path());
        assertFalse(accepted.identity().pinned());
    }

    @Test
    void aPinIsCheckedForItsValidityAtTheCheck() {
        Issued nms = lab.selfSigned("nms").validity(NOW.minus(Duration.ofDays(60)), NOW.minus(Duration.ofDays(1)))
                .issue();
        Issued early = lab.selfSigned("nms").validity(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(60)))
                .issue();

        X509Verdict.Refused expired = refused(check(nms.certificate(), Purpose.TLS_CLIENT));
        assertEquals(CertificateRefusal.EXPIRED, expired.reason());
        assertTrue(expired.detail().startsWith("pinned tls-client certificate 'CN=nms'"), expired.detail());
        assertEquals(CertificateRefusal.NOT_YET_VALID, refused(check(early.certificate(), Purpose.TLS_CLIENT))
                .reason());
    }

    @Test
    void aPinIsCheckedForItsPurposeAndKeyUsage() {
        Issued server = lab.selfSigned("nms").extendedKeyUsage(X509Lab.TLS_SERVER).issue();
        Issued ssh = lab.selfSigned("nms").extendedKeyUsage(X509Lab.SSH_CLIENT).issue();
        Issued encipher = lab.selfSigned("nms").keyUsage(KeyUsage.keyEncipherment).issue();

        assertEquals(CertificateRefusal.WRONG_CERTIFICATE_TYPE, refused(check(server.certificate(),
                Purpose.TLS_CLIENT)).reason());
        assertEquals(CertificateRefusal.EXTENDED_KEY_USAGE, refused(check(ssh.certificate(), Purpose.TLS_CLIENT))
                .reason());
        assertInstanceOf(X509Verdict.Accepted.class, check(ssh.certificate(), Purpose.USER));
        assertEquals(CertificateRefusal.KEY_USAGE, refused(check(encipher.certificate(), Purpose.TLS_CLIENT))
                .reason());
    }

    @Test
    void aPinIsCheckedForItsKeyType() {
        Issued ed25519 = lab.selfSigned("nms").key(X509Lab.ed25519()).issue();

        assertEquals(CertificateRefusal.UNSUPPORTED_KEY_TYPE, refused(check(ed25519.certificate(),
                Purpose.TLS_CLIENT)).reason());
    }

    @Test
    void aPinWithACriticalExtensionNotUnderstoodIsRefused() {
        Issued nms = lab.selfSigned("nms").extension("1.3.6.1.4.1.55555.1", true).issue();

        X509Verdict.Refused refused = refused(check(nms.certificate(), Purpose.TLS_CLIENT));

        assertEquals(CertificateRefusal.UNSUPPORTED_CRITICAL_OPTION, refused.reason());
        assertTrue(refused.detail().endsWith("1.3.6.1.4.1.55555.1"), refused.detail());
    }

    @Test
    void aPinWithoutAUsableIdentityIsRefused() {
        Issued nameless = lab.selfSigned("nms").subject("O=Example").issue();

        assertEquals(CertificateRefusal.PRINCIPAL_COUNT, refused(check(nameless.certificate(), Purpose.TLS_CLIENT))
                .reason());
    }

    @Test
    void aPinWhoseKeyIsListedIsRevoked() throws IOException {
        Issued nms = lab.selfSigned("nms").issue();
        RevokedKeys keys = RevokedKeys.load(X509Lab.write(dir.resolve("revoked.keys"),
                SshKeys.toOpenSsh(nms.publicKey()) + "\n"));
        X509ChainCheck check = pinning(keys, nms.certificate());

        X509Verdict.Refused refused = refused(check.check(List.of(nms.certificate()), Purpose.TLS_CLIENT, NOW));

        assertEquals(CertificateRefusal.REVOKED, refused.reason());
        assertTrue(refused.detail().contains("is revoked: its key SHA256:"), refused.detail());
        assertTrue(check.whyRevoked(List.of(nms.certificate()), Purpose.TLS_CLIENT, NOW).isPresent());
    }

    @Test
    void aSelfSignedPinIsRevokedByItsOwnCrlAndByNoOtherKeys() {
        Issued nms = lab.selfSigned("nms").issue();
        Issued impostor = lab.selfSigned("nms").issue();
        RevokedKeys own = X509Lab.revokedKeys(dir, lab.crl(nms, nms.serial()).issue());
        RevokedKeys other = X509Lab.revokedKeys(dir, lab.crl(impostor, nms.serial()).issue());

        assertEquals(CertificateRefusal.REVOKED, refused(pinning(own, nms.certificate()).check(
                List.of(nms.certificate()), Purpose.TLS_CLIENT, NOW)).reason());
        assertInstanceOf(X509Verdict.Accepted.class, pinning(other, nms.certificate()).check(
                List.of(nms.certificate()), Purpose.TLS_CLIENT, NOW), "a CRL its key did not sign revokes nothing");
    }

    @Test
    void anAcceptedVerdictsPathFitsHowItWasTrusted() {
        Issued nms = lab.selfSigned("nms").issue();
        X509Verdict.Accepted accepted = (X509Verdict.Accepted) check(nms.certificate(), Purpose.TLS_CLIENT);

        assertThrows(IllegalArgumentException.class, () -> new X509Verdict.Accepted(accepted.identity(),
                List.of(nms.certificate(), root.certificate())));
    }
}
