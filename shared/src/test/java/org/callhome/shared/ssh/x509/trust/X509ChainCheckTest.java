package org.callhome.shared.ssh.x509.trust;

import static org.callhome.shared.ssh.x509.trust.X509Lab.ANY_PURPOSE;
import static org.callhome.shared.ssh.x509.trust.X509Lab.NOW;
import static org.callhome.shared.ssh.x509.trust.X509Lab.SSH_CLIENT;
import static org.callhome.shared.ssh.x509.trust.X509Lab.SSH_SERVER;
import static org.callhome.shared.ssh.x509.trust.X509Lab.TLS_SERVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.X509Text;
import org.callhome.shared.ssh.cert.CertificateRefusal;
import org.callhome.shared.ssh.cert.RevokedKeys;
import org.callhome.shared.ssh.x509.trust.X509ChainCheck.Purpose;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of {@link X509ChainCheck}, one at a time: each is shown to accept what it should and
 * refuse what it should with its own word, on chains the {@link X509Lab} issues.
 */
class X509ChainCheckTest {

    @TempDir
    Path dir;

    private final X509Lab lab = new X509Lab();
    private Issued root;
    private X509ChainCheck check;

    @BeforeEach
    void setUp() {
        root = lab.root("Device CA").issue();
        check = checkTrusting(root);
    }

    // ---- a chain that passes every rule ---------------------------------------------------------

    @Test
    void acceptsADeviceCertificateOfTheCaWithTheIdentityItNames() {
        Issued device = lab.device(root, "dev-1").issue();

        X509Identity identity = accepted(check.check(List.of(device.certificate()), Purpose.HOST, NOW));

        assertEquals(Purpose.HOST, identity.purpose());
        assertEquals("dev-1", identity.identity());
        assertEquals(X509Identity.Source.SERIAL_NUMBER, identity.source());
        assertEquals("serialNumber=dev-1,CN=router", identity.subject());
        assertEquals("CN=Device CA", identity.issuer());
        assertEquals(device.serial(), identity.serial());
        assertEquals(device.serial().toString(), identity.serialText());
        assertEquals(X509Text.fingerprint(root.certificate()), identity.caFingerprint());
        assertTrue(identity.caFingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), identity.caFingerprint());
        assertEquals(SshKeys.fingerprint(device.publicKey()), identity.keyFingerprint());
        assertEquals(X509Lab.NOT_BEFORE, identity.notBefore());
        assertEquals(X509Lab.NOT_AFTER, identity.notAfter());
        assertTrue(identity.toString().startsWith("'dev-1' (serialNumber of host certificate"), identity.toString());
    }

    @Test
    void acceptsTheChainWithOrWithoutTheCaCertificateSentAlong() {
        Issued device = lab.device(root, "dev-1").issue();

        accepted(check.check(List.of(device.certificate(), root.certificate()), Purpose.HOST, NOW));
        accepted(check.check(List.of(device.certificate()), Purpose.HOST, NOW));
    }

    @Test
    void acceptsAChainThroughAnIntermediateSentWithIt() {
        Issued intermediate = lab.intermediate(root, "Site CA").issue();
        Issued device = lab.device(intermediate, "dev-1").issue();

        X509Identity identity = accepted(check.check(List.of(device.certificate(), intermediate.certificate()),
                Purpose.USER, NOW));
        assertEquals(X509Text.fingerprint(root.certificate()), identity.caFingerprint());
        assertEquals("CN=Site CA", identity.issuer());
        accepted(check.check(List.of(device.certificate(), intermediate.certificate(), root.certificate()),
                Purpose.USER, NOW));
    }

    @Test
    void theAcceptedPathRunsFromTheEndEntityToTheTrustedCaAndLeavesOutWhatWasSentAfterIt() {
        Issued intermediate = lab.intermediate(root, "Site CA").issue();
        Issued device = lab.device(intermediate, "dev-1").issue();
        Issued stray = lab.root("Stray CA").issue();
        List<X509Certificate> expected = List.of(device.certificate(), intermediate.certificate(), root.certificate());

        X509Verdict.Accepted without = assertInstanceOf(X509Verdict.Accepted.class,
                check.check(List.of(device.certificate(), intermediate.certificate()), Purpose.USER, NOW));
        X509Verdict.Accepted withMore = assertInstanceOf(X509Verdict.Accepted.class, check.check(List.of(
                device.certificate(), intermediate.certificate(), root.certificate(), stray.certificate()),
                Purpose.USER, NOW));

        assertEquals(expected, without.path());
        assertEquals(expected, withMore.path());
    }

    @Test
    void trustingAnIntermediateTrustsWhatItIssuesOnly() {
        Issued intermediate = lab.intermediate(root, "Site CA").issue();
        X509ChainCheck siteOnly = checkTrusting(intermediate);

        X509Identity identity = accepted(siteOnly.check(List.of(lab.device(intermediate, "dev-1").issue().certificate(),
                intermediate.certificate()), Purpose.HOST, NOW));
        assertEquals(X509Text.fingerprint(intermediate.certificate()), identity.caFingerprint());
        refused(CertificateRefusal.UNKNOWN_CA, siteOnly.check(List.of(lab.device(root, "dev-2").issue().certificate()),
                Purpose.HOST, NOW));
    }

    @Test
    void acceptsEveryKeyTypeOfRfc6187() {
        for (KeyPair key : List.of(X509Lab.ec("secp256r1"), X509Lab.ec("secp384r1"), X509Lab.ec("secp521r1"),
                X509Lab.rsa(2048), X509Lab.rsa(3072))) {
            Issued device = lab.device(root, "dev-1").key(key).issue();
            X509Identity identity = accepted(check.check(List.of(device.certificate()), Purpose.HOST, NOW));
            assertEquals(SshKeys.fingerprint(device.publicKey()), identity.keyFingerprint());
        }
    }

    @Test
    void acceptsCasOfRsaAndEd25519KeysAndEveryAcceptedSignatureAlgorithm() {
        Issued rsaRoot = lab.root("RSA CA").key(X509Lab.rsa(2048)).issue();
        Issued edRoot = lab.root("Ed25519 CA").key(X509Lab.ed25519()).issue();
        X509ChainCheck both = checkTrusting(rsaRoot, edRoot);

        for (String algorithm : List.of("SHA256withRSA", "SHA384withRSA", "SHA512withRSA", "SHA256withRSAandMGF1",
                "SHA512withRSAandMGF1")) {
            accepted(both.check(List.of(lab.device(rsaRoot, "dev-1").signatureAlgorithm(algorithm).issue().certificate()),
                    Purpose.HOST, NOW));
        }
        accepted(both.check(List.of(lab.device(edRoot, "dev-1").issue().certificate()), Purpose.HOST, NOW));
        for (String algorithm : List.of("SHA384withECDSA", "SHA512withECDSA")) {
            accepted(check.check(List.of(lab.device(root, "dev-1").signatureAlgorithm(algorithm).issue().certificate()),
                    Purpose.HOST, NOW));
        }
    }

    // ---- 1. unknown-ca ---------------------------------------------------------------------------

    @Test
    void refusesACertificateOfAnotherCa() {
        Issued other = lab.root("Other CA").issue();

        X509Verdict.Refused refused = refused(CertificateRefusal.UNKNOWN_CA,
                check.check(List.of(lab.device(other, "dev-1").issue().certificate()), Purpose.HOST, NOW));
        assertTrue(refused.detail().endsWith("is issued by 'CN=Other CA', which is not a trusted CA"), refused.detail());
        refused(CertificateRefusal.UNKNOWN_CA, check.check(List.of(lab.device(other, "dev-1").issue().certificate(),
                other.certificate()), Purpose.HOST, NOW));
    }

    @Test
    void refusesAChainThroughAnIntermediateThatWasNotSent() {
        Issued intermediate = lab.intermediate(root, "Site CA").issue();

        refused(CertificateRefusal.UNKNOWN_CA, check.check(List.of(lab.device(intermediate, "dev-1").issue()
                .certificate()), Purpose.HOST, NOW));
    }

    @Test
    void refusesAChainOutOfOrder() {
        Issued intermediate = lab.intermediate(root, "Site CA").issue();
        Issued device = lab.device(intermediate, "dev-1").issue();

        X509Verdict.Refused refused = refused(CertificateRefusal.UNKNOWN_CA, check.check(List.of(device.certificate(),
                root.certificate(), intermediate.certificate()), Purpose.HOST, NOW));
        assertTrue(refused.detail().contains("is issued by 'CN=Site CA', but the next certificate of the chain is"
                + " 'CN=Device CA'"), refused.detail());
    }

    @Test
    void refusesNoCertificateAndTooManyCertificates() {
        refused(CertificateRefusal.UNKNOWN_CA, check.check(List.of(), Purpose.HOST, NOW));

        List<X509Certificate> chain = new ArrayList<>(List.of(lab.device(root, "dev-1").issue().certificate()));
        chain.addAll(Collections.nCopies(X509ChainCheck.MAX_CHAIN_CERTIFICATES, root.certificate()));
        refused(CertificateRefusal.UNKNOWN_CA, check.check(chain, Purpose.HOST, NOW));
        accepted(check.check(chain.subList(0, X509ChainCheck.MAX_CHAIN_CERTIFICATES), Purpose.HOST, NOW));
    }

    // ---- 2. unsupported-signature-algorithm ------------------------------------------------------

    @Test
    void refusesSha1SignaturesAnywhereInThePath() {
        Issued rsaRoot = lab.root("RSA CA").key(X509Lab.rsa(2048)).issue();
        X509ChainCheck rsaCheck = checkTrusting(rsaRoot, root);

        refused(CertificateRefusal.UNSUPPORTED_SIGNATURE_ALGORITHM, rsaCheck.check(List.of(lab.device(rsaRoot, "dev-1")
                .signatureAlgorithm("SHA1withRSA").issue().certificate()), Purpose.HOST, NOW));
        refused(CertificateRefusal.UNSUPPORTED_SIGNATURE_ALGORITHM, rsaCheck.check(List.of(lab.device(root, "dev-1")
                .signatureAlgorithm("SHA1withECDSA").issue().certificate()), Purpose.HOST, NOW));
        X509Verdict.Refused pss = refused(CertificateRefusal.UNSUPPORTED_SIGNATURE_ALGORITHM, rsaCheck.check(List.of(
                lab.device(rsaRoot, "dev-1").signatureAlgorithm("SHA1withRSAandMGF1").issue().certificate()),
                Purpose.HOST, NOW));
        assertTrue(pss.detail().contains("RSASSA-PSS with hash 1.3.14.3.2.26"), pss.detail());
        Issued sha1Intermediate = lab.intermediate(rsaRoot, "Site CA").signatureAlgorithm("SHA1withRSA").issue();
        refused(CertificateRefusal.UNSUPPORTED_SIGNATURE_ALGORITHM, rsaCheck.check(List.of(lab.device(sha1Intermediate,
                "dev-1").issue().certificate(), sha1Intermediate.certificate()), Purpose.HOST, NOW));
    }

    // ---- 3. bad-signature -----------------------------------------------------------------------

    @Test
    void refusesACertificateNamingTheCaButNotSignedByIt() {
        KeyPair forger = X509Lab.ec("secp256r1");

        X509Verdict.Refused refused = refused(CertificateRefusal.BAD_SIGNATURE, check.check(List.of(
                lab.device(root, "dev-1").signedWith(forger.getPrivate()).issue().certificate()), Purpose.HOST, NOW));
        assertTrue(refused.detail().contains("names trusted CA 'CN=Device CA' ("
                + X509Text.fingerprint(root.certificate()) + ") as its issuer, but its signature does not verify"),
                refused.detail());
    }

    @Test
    void refusesABadSignatureBelowAnIntermediate() {
        Issued intermediate = lab.intermediate(root, "Site CA").issue();
        Issued forged = lab.device(intermediate, "dev-1").signedWith(X509Lab.ec("secp256r1").getPrivate()).issue();

        refused(CertificateRefusal.BAD_SIGNATURE, check.check(List.of(forged.certificate(), intermediate.certificate()),
                Purpose.HOST, NOW));
    }

    @Test
    void acceptsACertificateOfEitherKeyOfACaRenewedUnderTheSameName() {
        Issued renewed = lab.root("Device CA").issue();
        X509ChainCheck both = checkTrusting(root, renewed);

        X509Identity identity = accepted(both.check(List.of(lab.device(renewed, "dev-1").issue().certificate()),
                Purpose.HOST, NOW));
        assertEquals(X509Text.fingerprint(renewed.certificate()), identity.caFingerprint());
        assertEquals(X509Text.fingerprint(root.certificate()), accepted(both.check(List.of(lab.device(root, "dev-2")
                .issue().certificate()), Purpose.HOST, NOW)).caFingerprint());
    }

    // ---- 4. unsupported-key-type -----------------------------------------------------------------

    @Test
    void refusesKeysRfc6187HasNoAlgorithmFor() {
        X509Verdict.Refused rsa1024 = refused(CertificateRefusal.UNSUPPORTED_KEY_TYPE, check.check(List.of(
                lab.device(root, "dev-1").key(X509Lab.rsa(1024)).issue().certificate()), Purpose.HOST, NOW));
        assertTrue(rsa1024.detail().endsWith("certifies an RSA key of 1024 bits; RSA keys need 2048 bits or more"
                + " (x509v3-rsa2048-sha256)"), rsa1024.detail());
        refused(CertificateRefusal.UNSUPPORTED_KEY_TYPE, check.check(List.of(lab.device(root, "dev-1")
                .key(X509Lab.ed25519()).issue().certificate()), Purpose.HOST, NOW));
        refused(CertificateRefusal.UNSUPPORTED_KEY_TYPE, check.check(List.of(lab.device(root, "dev-1")
                .key(X509Lab.ec("brainpoolP256r1")).issue().certificate()), Purpose.HOST, NOW));
    }

    // ---- 5. not-yet-valid, expired ---------------------------------------------------------------

    @Test
    void refusesAnEndEntityOutsideItsValidityAndAcceptsItsBounds() {
        Instant from = NOW.minus(Duration.ofDays(1));
        Instant to = NOW.plus(Duration.ofDays(1));
        List<X509Certificate> chain = List.of(lab.device(root, "dev-1").validity(from, to).issue().certificate());

        accepted(check.check(chain, Purpose.HOST, from));
        accepted(check.check(chain, Purpose.HOST, to));
        X509Verdict.Refused early = refused(CertificateRefusal.NOT_YET_VALID, check.check(chain, Purpose.HOST,
                from.minusSeconds(1)));
        assertTrue(early.detail().endsWith(" is valid from " + from + ", but it is " + from.minusSeconds(1)),
                early.detail());
        X509Verdict.Refused late = refused(CertificateRefusal.EXPIRED, check.check(chain, Purpose.HOST,
                to.plusSeconds(1)));
        assertTrue(late.detail().endsWith(" expired at " + to + "; it is " + to.plusSeconds(1)), late.detail());
    }

    @Test
    void refusesAChainWhoseIntermediateOrCaHasExpired() {
        Issued intermediate = lab.intermediate(root, "Site CA").validity(X509Lab.NOT_BEFORE, NOW.minusSeconds(1))
                .issue();
        refused(CertificateRefusal.EXPIRED, check.check(List.of(lab.device(intermediate, "dev-1").issue().certificate(),
                intermediate.certificate()), Purpose.HOST, NOW));

        Issued expiredRoot = lab.root("Old CA").validity(X509Lab.NOT_BEFORE, NOW.minusSeconds(1)).issue();
        X509Verdict.Refused refused = refused(CertificateRefusal.EXPIRED, checkTrusting(expiredRoot).check(List.of(
                lab.device(expiredRoot, "dev-1").issue().certificate()), Purpose.HOST, NOW));
        assertTrue(refused.detail().startsWith("the certificate of trusted CA 'CN=Old CA'"), refused.detail());

        Issued futureRoot = lab.root("New CA").validity(NOW.plusSeconds(1), X509Lab.NOT_AFTER).issue();
        refused(CertificateRefusal.NOT_YET_VALID, checkTrusting(futureRoot).check(List.of(lab.device(futureRoot,
                "dev-1").issue().certificate()), Purpose.HOST, NOW));
    }

    // ---- 6. PKIX path validation -----------------------------------------------------------------

    @Test
    void refusesAChainThroughACertificateThatIsNotACa() {
        Issued notCa = lab.intermediate(root, "Not a CA").ca(false).issue();
        refused(CertificateRefusal.UNKNOWN_CA, check.check(List.of(lab.device(notCa, "dev-1").issue().certificate(),
                notCa.certificate()), Purpose.HOST, NOW));

        Issued noConstraints = lab.intermediate(root, "No constraints").noBasicConstraints().issue();
        refused(CertificateRefusal.UNKNOWN_CA, check.check(List.of(lab.device(noConstraints, "dev-1").issue()
                .certificate(), noConstraints.certificate()), Purpose.HOST, NOW));

        Issued mayNotSign = lab.intermediate(root, "May not sign").keyUsage(KeyUsage.digitalSignature).issue();
        refused(CertificateRefusal.UNKNOWN_CA, check.check(List.of(lab.device(mayNotSign, "dev-1").issue()
                .certificate(), mayNotSign.certificate()), Purpose.HOST, NOW));
    }

    @Test
    void refusesAChainLongerThanACaPathLengthAllows() {
        Issued leafOnly = lab.intermediate(root, "Leaf only").pathLength(0).issue();
        Issued below = lab.intermediate(leafOnly, "Below").issue();

        accepted(check.check(List.of(lab.device(leafOnly, "dev-1").issue().certificate(), leafOnly.certificate()),
                Purpose.HOST, NOW));
        refused(CertificateRefusal.UNKNOWN_CA, check.check(List.of(lab.device(below, "dev-1").issue().certificate(),
                below.certificate(), leafOnly.certificate()), Purpose.HOST, NOW));
    }

    @Test
    void refusesACriticalExtensionItDoesNotUnderstandAndIgnoresANonCriticalOne() {
        refused(CertificateRefusal.UNSUPPORTED_CRITICAL_OPTION, check.check(List.of(lab.device(root, "dev-1")
                .extension("1.3.6.1.4.1.32473.1", true).issue().certificate()), Purpose.HOST, NOW));
        accepted(check.check(List.of(lab.device(root, "dev-1").extension("1.3.6.1.4.1.32473.1", false).issue()
                .certificate()), Purpose.HOST, NOW));
    }

    // ---- 7. revoked -------------------------------------------------------------------------------

    @Test
    void refusesAnEndEntityItsCaRevokedAndAcceptsTheOthers() {
        Issued revoked = lab.device(root, "dev-1").issue();
        Issued kept = lab.device(root, "dev-2").issue();
        X509ChainCheck withCrl = new X509ChainCheck(X509Authorities.of(List.of(root.certificate())),
                revokedBy(lab.crl(root).revoke(revoked.serial(), CRLReason.keyCompromise).issue()));

        X509Verdict.Refused refused = refused(CertificateRefusal.REVOKED, withCrl.check(List.of(revoked.certificate()),
                Purpose.HOST, NOW));
        assertTrue(refused.detail().contains(" is revoked: serial " + X509Text.serial(revoked.serial())
                + " is listed in the CRL of 'CN=Device CA' of "), refused.detail());
        assertTrue(refused.detail().endsWith(", key compromise)"), refused.detail());
        accepted(withCrl.check(List.of(kept.certificate()), Purpose.HOST, NOW));
    }

    @Test
    void refusesEveryCertificateBelowARevokedIntermediate() {
        Issued intermediate = lab.intermediate(root, "Site CA").issue();
        Issued device = lab.device(intermediate, "dev-1").issue();
        X509ChainCheck withCrl = new X509ChainCheck(X509Authorities.of(List.of(root.certificate())),
                revokedBy(lab.crl(root, intermediate.serial()).issue()));

        X509Verdict.Refused refused = refused(CertificateRefusal.REVOKED, withCrl.check(List.of(device.certificate(),
                intermediate.certificate()), Purpose.HOST, NOW));
        assertTrue(refused.detail().startsWith("CA certificate 'CN=Site CA'"), refused.detail());
    }

    @Test
    void refusesAnEndEntityTheIntermediateRevoked() {
        Issued intermediate = lab.intermediate(root, "Site CA").issue();
        Issued device = lab.device(intermediate, "dev-1").issue();
        X509ChainCheck withCrl = new X509ChainCheck(X509Authorities.of(List.of(root.certificate())),
                revokedBy(lab.crl(intermediate, device.serial()).issue()));

        refused(CertificateRefusal.REVOKED, withCrl.check(List.of(device.certificate(), intermediate.certificate()),
                Purpose.HOST, NOW));
    }

    @Test
    void aCrlNotSignedByTheIssuerRevokesNothing() {
        Issued device = lab.device(root, "dev-1").issue();
        Issued namesake = lab.root("Device CA").issue();
        Issued other = lab.root("Other CA").issue();
        RevokedKeys forged = revokedBy(lab.crl(root, device.serial()).signedWith(X509Lab.ec("secp256r1")
                .getPrivate()).issue(), lab.crl(namesake, device.serial()).issue(), lab.crl(other, device.serial())
                .issue());

        accepted(new X509ChainCheck(X509Authorities.of(List.of(root.certificate())), forged).check(
                List.of(device.certificate()), Purpose.HOST, NOW));
    }

    @Test
    void readsTheRevocationListInForceAtEachCheck() {
        Issued device = lab.device(root, "dev-1").issue();
        AtomicReference<RevokedKeys> inForce = new AtomicReference<>(RevokedKeys.NONE);
        X509ChainCheck following = new X509ChainCheck(X509Authorities.of(List.of(root.certificate())), inForce::get);

        accepted(following.check(List.of(device.certificate()), Purpose.HOST, NOW));
        inForce.set(revokedBy(lab.crl(root, device.serial()).issue()));
        refused(CertificateRefusal.REVOKED, following.check(List.of(device.certificate()), Purpose.HOST, NOW));
    }

    // ---- 8-10. what the end entity may be used for -----------------------------------------------

    @Test
    void refusesACaCertificatePresentedAsAPeersOwn() {
        refused(CertificateRefusal.WRONG_CERTIFICATE_TYPE, check.check(List.of(root.certificate()), Purpose.HOST, NOW));
        Issued intermediate = lab.intermediate(root, "Site CA").issue();
        refused(CertificateRefusal.WRONG_CERTIFICATE_TYPE, check.check(List.of(intermediate.certificate()),
                Purpose.USER, NOW));
    }

    @Test
    void refusesACertificateForTheOtherSshRole() {
        List<X509Certificate> client = List.of(lab.device(root, "dev-1").extendedKeyUsage(SSH_CLIENT).issue()
                .certificate());
        List<X509Certificate> server = List.of(lab.device(root, "dev-1").extendedKeyUsage(SSH_SERVER).issue()
                .certificate());

        accepted(check.check(client, Purpose.USER, NOW));
        accepted(check.check(server, Purpose.HOST, NOW));
        X509Verdict.Refused refused = refused(CertificateRefusal.WRONG_CERTIFICATE_TYPE, check.check(client,
                Purpose.HOST, NOW));
        assertTrue(refused.detail().endsWith(" is for an SSH user (extendedKeyUsage id-kp-secureShellClient"
                + " (1.3.6.1.5.5.7.3.21)), but a host certificate is needed here (id-kp-secureShellServer"
                + " (1.3.6.1.5.5.7.3.22))"), refused.detail());
        refused(CertificateRefusal.WRONG_CERTIFICATE_TYPE, check.check(server, Purpose.USER, NOW));
    }

    @Test
    void tlsRolesTakeServerAuthAndClientAuthAndRefuseEachOthersAndSshPurposes() {
        List<X509Certificate> server = List.of(lab.device(root, "dev-1").extendedKeyUsage(TLS_SERVER).issue()
                .certificate());
        List<X509Certificate> client = List.of(lab.device(root, "nms-1").extendedKeyUsage(X509Lab.TLS_CLIENT).issue()
                .certificate());
        List<X509Certificate> ssh = List.of(lab.device(root, "dev-1").extendedKeyUsage(SSH_SERVER, SSH_CLIENT).issue()
                .certificate());
        List<X509Certificate> none = List.of(lab.device(root, "dev-1").issue().certificate());
        assertEquals("dev-1", accepted(check.check(server, Purpose.TLS_SERVER, NOW)).identity());
        assertEquals("nms-1", accepted(check.check(client, Purpose.TLS_CLIENT, NOW)).identity());
        accepted(check.check(none, Purpose.TLS_SERVER, NOW));
        accepted(check.check(none, Purpose.TLS_CLIENT, NOW));
        X509Verdict.Refused refused = refused(CertificateRefusal.WRONG_CERTIFICATE_TYPE,
                check.check(client, Purpose.TLS_SERVER, NOW));
        assertTrue(refused.detail().endsWith(" is for a TLS client (extendedKeyUsage id-kp-clientAuth"
                + " (1.3.6.1.5.5.7.3.2)), but a tls-server certificate is needed here (id-kp-serverAuth"
                + " (1.3.6.1.5.5.7.3.1))"), refused.detail());
        refused(CertificateRefusal.WRONG_CERTIFICATE_TYPE, check.check(server, Purpose.TLS_CLIENT, NOW));
        refused(CertificateRefusal.EXTENDED_KEY_USAGE, check.check(ssh, Purpose.TLS_SERVER, NOW));
        refused(CertificateRefusal.EXTENDED_KEY_USAGE, check.check(server, Purpose.HOST, NOW));
    }

    @Test
    void acceptsNoExtendedKeyUsageBothSshRolesOrAnyPurposeForEitherRole() {
        for (Issued device : List.of(lab.device(root, "dev-1").issue(),
                lab.device(root, "dev-1").extendedKeyUsage(SSH_CLIENT, SSH_SERVER).issue(),
                lab.device(root, "dev-1").extendedKeyUsage(ANY_PURPOSE).issue(),
                lab.device(root, "dev-1").extendedKeyUsage(TLS_SERVER, ANY_PURPOSE).issue())) {
            for (Purpose purpose : List.of(Purpose.HOST, Purpose.USER)) {
                accepted(check.check(List.of(device.certificate()), purpose, NOW));
            }
        }
    }

    @Test
    void refusesAnExtendedKeyUsageWithoutAnSshRole() {
        X509Verdict.Refused tls = refused(CertificateRefusal.EXTENDED_KEY_USAGE, check.check(List.of(lab.device(root,
                "dev-1").extendedKeyUsage(TLS_SERVER).issue().certificate()), Purpose.HOST, NOW));
        assertTrue(tls.detail().endsWith(" has an extendedKeyUsage of 1.3.6.1.5.5.7.3.1, without"
                + " id-kp-secureShellServer (1.3.6.1.5.5.7.3.22) or anyExtendedKeyUsage (2.5.29.37.0)"), tls.detail());
        refused(CertificateRefusal.EXTENDED_KEY_USAGE, check.check(List.of(lab.device(root, "dev-1")
                .extendedKeyUsage("1.3.6.1.5.5.7.3.2").issue().certificate()), Purpose.USER, NOW));
    }

    @Test
    void refusesAKeyUsageWithoutDigitalSignatureAndAcceptsNone() {
        X509Verdict.Refused refused = refused(CertificateRefusal.KEY_USAGE, check.check(List.of(lab.device(root,
                "dev-1").keyUsage(KeyUsage.keyEncipherment).issue().certificate()), Purpose.HOST, NOW));
        assertTrue(refused.detail().endsWith(" has a keyUsage without digitalSignature, so its key may not sign an"
                + " SSH key exchange or login (RFC 6187 §2.2.1)"), refused.detail());
        accepted(check.check(List.of(lab.device(root, "dev-1").noKeyUsage().issue().certificate()), Purpose.HOST,
                NOW));
        accepted(check.check(List.of(lab.device(root, "dev-1").keyUsage(KeyUsage.digitalSignature
                | KeyUsage.keyEncipherment).issue().certificate()), Purpose.HOST, NOW));
    }

    // ---- 11-12. the identity ---------------------------------------------------------------------

    @Test
    void takesTheIdentityFromTheSerialNumberElseTheCommonName() {
        X509Identity fromCn = accepted(check.check(List.of(lab.device(root, "unused").subject("CN=dev-7,O=Example")
                .issue().certificate()), Purpose.HOST, NOW));
        assertEquals("dev-7", fromCn.identity());
        assertEquals(X509Identity.Source.COMMON_NAME, fromCn.source());

        X509Identity fromSerial = accepted(check.check(List.of(lab.device(root, "unused")
                .subject("CN=router,O=Example+SERIALNUMBER=FOX1234").issue().certificate()), Purpose.HOST, NOW));
        assertEquals("FOX1234", fromSerial.identity());
        assertEquals(X509Identity.Source.SERIAL_NUMBER, fromSerial.source());
    }

    @Test
    void refusesASubjectNamingNoIdentityOrTwo() {
        refused(CertificateRefusal.PRINCIPAL_COUNT, check.check(List.of(lab.device(root, "unused")
                .subject("O=Example,OU=Routers").issue().certificate()), Purpose.HOST, NOW));
        refused(CertificateRefusal.PRINCIPAL_COUNT, check.check(List.of(lab.device(root, "unused")
                .subject("SERIALNUMBER=a,SERIALNUMBER=b,CN=router").issue().certificate()), Purpose.HOST, NOW));
        refused(CertificateRefusal.PRINCIPAL_COUNT, check.check(List.of(lab.device(root, "unused")
                .subject("CN=a,CN=b").issue().certificate()), Purpose.HOST, NOW));
    }

    @Test
    void refusesAnIdentityNoDeviceIdCouldBe() {
        for (String bad : List.of("dev 1", "dev-*", "a,b", "#dev", "@cert-authority", "|1|hashed", "dev\u202e1",
                "d".repeat(257))) {
            X509Verdict.Refused refused = refused(CertificateRefusal.BAD_PRINCIPAL, check.check(List.of(
                    lab.device(root, bad).issue().certificate()), Purpose.HOST, NOW));
            assertFalse(refused.detail().contains("\u202e"), refused.detail());
        }
        assertEquals("d".repeat(256), accepted(check.check(List.of(lab.device(root, "d".repeat(256)).issue()
                .certificate()), Purpose.HOST, NOW)).identity());
    }

    @Test
    void escapesWhatTheCertificateSaysInARefusal() {
        Issued other = lab.root("Other CA").issue();
        X509Verdict.Refused refused = refused(CertificateRefusal.UNKNOWN_CA, check.check(List.of(lab.device(other,
                "dev-1").subject("CN=line\nbreak").issue().certificate()), Purpose.HOST, NOW));

        assertFalse(refused.detail().contains("\n"), refused.detail());
        assertTrue(refused.detail().contains("CN=line\\nbreak"), refused.detail());
    }

    // ---- the order of the rules, and what a connection adds --------------------------------------

    @Test
    void reportsTheFirstRuleThatFails() {
        Issued forgedAndExpired = lab.device(root, "dev-1").signedWith(X509Lab.ec("secp256r1").getPrivate())
                .validity(X509Lab.NOT_BEFORE, NOW.minusSeconds(1)).issue();
        refused(CertificateRefusal.BAD_SIGNATURE, check.check(List.of(forgedAndExpired.certificate()), Purpose.HOST,
                NOW));

        Issued expiredAndRevoked = lab.device(root, "dev-1").validity(X509Lab.NOT_BEFORE, NOW.minusSeconds(1)).issue();
        X509ChainCheck withCrl = new X509ChainCheck(X509Authorities.of(List.of(root.certificate())),
                revokedBy(lab.crl(root, expiredAndRevoked.serial()).issue()));
        refused(CertificateRefusal.EXPIRED, withCrl.check(List.of(expiredAndRevoked.certificate()), Purpose.HOST, NOW));

        Issued revokedForTheOtherRole = lab.device(root, "dev-1").extendedKeyUsage(SSH_CLIENT).issue();
        withCrl = new X509ChainCheck(X509Authorities.of(List.of(root.certificate())),
                revokedBy(lab.crl(root, revokedForTheOtherRole.serial()).issue()));
        refused(CertificateRefusal.REVOKED, withCrl.check(List.of(revokedForTheOtherRole.certificate()), Purpose.HOST,
                NOW));
    }

    @Test
    void aConnectionMayRequireTheIdentityItExpects() {
        X509Verdict verdict = check.check(List.of(lab.device(root, "dev-1").issue().certificate()), Purpose.USER, NOW);

        assertEquals(verdict, verdict.requireIdentity("dev-1"));
        assertEquals(verdict, verdict.requireOneOf(Set.of("dev-1", "dev-2")));
        refused(CertificateRefusal.PRINCIPAL_MISMATCH, verdict.requireIdentity("dev-2"));
        refused(CertificateRefusal.UNEXPECTED_IDENTITY, verdict.requireOneOf(Set.of("dev-2")));
        X509Verdict refused = check.check(List.of(), Purpose.USER, NOW);
        assertEquals(refused, refused.requireIdentity("dev-1").requireOneOf(Set.of()));
        assertEquals(CertificateRefusal.UNKNOWN_CA, ((X509Verdict.Refused) refused).asCertificateRefusal().reason());
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static X509ChainCheck checkTrusting(Issued... cas) {
        return new X509ChainCheck(X509Authorities.of(List.of(cas).stream().map(Issued::certificate).toList()),
                RevokedKeys.NONE);
    }

    private RevokedKeys revokedBy(X509CRL... crls) {
        return X509Lab.revokedKeys(dir, crls);
    }

    private static X509Identity accepted(X509Verdict verdict) {
        return assertInstanceOf(X509Verdict.Accepted.class, verdict, verdict::toString).identity();
    }

    private static X509Verdict.Refused refused(CertificateRefusal reason, X509Verdict verdict) {
        X509Verdict.Refused refused = assertInstanceOf(X509Verdict.Refused.class, verdict, verdict::toString);
        assertEquals(reason, refused.reason(), refused::detail);
        return refused;
    }
}
