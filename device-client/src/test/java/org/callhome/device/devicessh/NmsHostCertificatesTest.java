package org.callhome.device.devicessh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.callhome.device.trust.NmsVerdict;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.ssh.cert.RevokedKeysFile;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device-ssh-client device's judgement of an NMS X.509 host certificate (RFC 6187) against the
 * PEM CA certificates of its {@code --nms-host-key} file, one rule per test: the chain must lead
 * to a pinned CA, be valid now, be for an SSH server, not be revoked, and name the host the device
 * called in its subjectAltName (addresses compared as addresses, names ignoring case, no
 * wildcards), the common name counting only when the certificate has neither kind of name.
 */
class NmsHostCertificatesTest {

    @TempDir
    Path dir;

    private final X509Lab lab = new X509Lab();
    private final Instant now = Instant.now();
    private final Clock clock = Clock.systemUTC();
    private Issued root;
    private Issued issuing;
    private NmsHostKeys trust;

    @BeforeEach
    void setUp() throws IOException {
        root = lab.root("NMS Root CA").validity(now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(3650)))
                .issue();
        issuing = lab.intermediate(root, "NMS Hosts CA").validity(now.minus(Duration.ofDays(10)),
                now.plus(Duration.ofDays(365))).issue();
        trust = NmsHostKeys.load(X509Lab.write(dir.resolve("nms-ca.pem"), X509Lab.pem(root.certificate())));
    }

    private X509Lab.Spec nmsCertificate() {
        return lab.device(issuing, "nms-1").extendedKeyUsage(X509Lab.SSH_SERVER)
                .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    }

    private static X509PublicKey chainOf(Issued endEntity, Issued issuer) {
        return (X509PublicKey) X509PublicKey.keyPair(endEntity.keyPair(),
                List.of(endEntity.certificate(), issuer.certificate())).getPublic();
    }

    private NmsVerdict verify(String host, Issued certificate) {
        return trust.verify(host, 4334, chainOf(certificate, issuing), RevocationWatch.NONE, clock);
    }

    private static String refusal(NmsVerdict verdict) {
        return assertInstanceOf(NmsVerdict.Refused.class, verdict).detail();
    }

    @Test
    void aFileOfPemCaCertificatesPinsX509CasForEveryEndpoint() {
        assertTrue(trust.trustsX509());
        assertTrue(trust.pinsAnythingFor("nms.example.net", 4334));
        assertTrue(trust.keysFor("127.0.0.1", 4334).isEmpty(), "no plain key is pinned");
    }

    @Test
    void aChainNamingTheCalledAddressInItsSubjectAltNameIsAccepted() {
        Issued certificate = nmsCertificate().subjectAltNames("ip:127.0.0.1").issue();
        NmsVerdict.Accepted accepted = assertInstanceOf(NmsVerdict.Accepted.class, verify("127.0.0.1", certificate));
        assertEquals(PeerVerification.X509_HOST_CERTIFICATE, accepted.verification());
        assertEquals(SshKeys.fingerprint(certificate.publicKey()), accepted.keyFingerprint());
        assertTrue(accepted.detail().contains("nms-1"), accepted.detail());
    }

    @Test
    void addressesAreComparedAsAddressesAndNamesIgnoringCase() {
        Issued certificate = nmsCertificate().subjectAltNames("ip:0:0:0:0:0:0:0:1", "dns:NMS.Example.NET").issue();
        assertTrue(verify("::1", certificate).isAccepted());
        assertTrue(verify("nms.example.net", certificate).isAccepted());
        assertTrue(verify("nms.example.net.", certificate).isAccepted(), "a trailing dot names the same host");
    }

    @Test
    void aChainForAnotherHostIsRefusedAsPrincipalMismatch() {
        Issued certificate = nmsCertificate().subjectAltNames("ip:127.0.0.2", "dns:nms.example.net").issue();
        String why = refusal(verify("127.0.0.1", certificate));
        assertTrue(why.contains("127.0.0.1 is not among its subjectAltName IP addresses ['127.0.0.2']"), why);
        assertTrue(why.endsWith("(principal-mismatch)"), why);
        assertTrue(refusal(verify("other.example.net", certificate)).contains("no wildcards"));
    }

    @Test
    void aWildcardNameMatchesNothing() {
        Issued certificate = nmsCertificate().subjectAltNames("dns:*.example.net").issue();
        assertFalse(verify("nms.example.net", certificate).isAccepted());
    }

    @Test
    void theCommonNameCountsOnlyWithoutSubjectAltNames() {
        Issued byCommonName = nmsCertificate().subject("CN=127.0.0.1").issue();
        assertTrue(verify("127.0.0.1", byCommonName).isAccepted());
        Issued withDnsName = nmsCertificate().subject("CN=127.0.0.1").subjectAltNames("dns:nms.example.net").issue();
        assertTrue(refusal(verify("127.0.0.1", withDnsName)).contains("(principal-mismatch)"));
    }

    @Test
    void aUserCertificateIsRefusedAsTheWrongType() {
        Issued user = nmsCertificate().extendedKeyUsage(X509Lab.SSH_CLIENT).subjectAltNames("ip:127.0.0.1").issue();
        String why = refusal(verify("127.0.0.1", user));
        assertTrue(why.endsWith("(wrong-certificate-type)"), why);
    }

    @Test
    void aCertificateForTlsServersOnlyIsRefusedForItsExtendedKeyUsage() {
        Issued tls = nmsCertificate().extendedKeyUsage(X509Lab.TLS_SERVER).subjectAltNames("ip:127.0.0.1").issue();
        String why = refusal(verify("127.0.0.1", tls));
        assertTrue(why.endsWith("(extended-key-usage)"), why);
    }

    @Test
    void aChainOfAnotherCaIsRefusedAsUnknownCa() {
        Issued otherRoot = lab.root("Other Root").validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(9)))
                .issue();
        Issued certificate = lab.device(otherRoot, "nms-1").extendedKeyUsage(X509Lab.SSH_SERVER)
                .subjectAltNames("ip:127.0.0.1").validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(9)))
                .issue();
        NmsVerdict verdict = trust.verify("127.0.0.1", 4334, chainOf(certificate, otherRoot), RevocationWatch.NONE,
                clock);
        assertTrue(refusal(verdict).endsWith("(unknown-ca)"), refusal(verdict));
    }

    @Test
    void anExpiredChainIsRefused() {
        Issued expired = nmsCertificate().subjectAltNames("ip:127.0.0.1")
                .validity(now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(1))).issue();
        assertTrue(refusal(verify("127.0.0.1", expired)).endsWith("(expired)"));
    }

    @Test
    void aChainACrlRevokesIsRefusedAndReportedRevokedWhenConnected() throws IOException {
        Issued certificate = nmsCertificate().subjectAltNames("ip:127.0.0.1").issue();
        X509PublicKey chain = chainOf(certificate, issuing);
        Path crlFile = X509Lab.write(dir.resolve("revoked.pem"), X509Lab.pem(lab.crl(issuing, BigInteger.ONE)
                .dates(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(7))).issue()));
        try (RevocationWatch revoked = RevocationWatch.following(RevokedKeysFile.open(crlFile))) {
            assertTrue(trust.verify("127.0.0.1", 4334, chain, revoked, clock).isAccepted(), "another serial is listed");
            assertTrue(trust.whyRevoked(chain, revoked, clock).isEmpty());

            X509CRL crl = lab.crl(issuing, certificate.serial())
                    .dates(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(7))).issue();
            X509Lab.write(crlFile, X509Lab.pem(crl));
            revoked.refresh();
            assertTrue(refusal(trust.verify("127.0.0.1", 4334, chain, revoked, clock)).endsWith("(revoked)"));
            assertTrue(trust.whyRevoked(chain, revoked, clock).orElseThrow().contains("serial "
                    + certificate.serial()), trust.whyRevoked(chain, revoked, clock).toString());
        }
    }

    @Test
    void aPlainKeyIsNotPinnedByCaCertificates() {
        PublicKey plain = SshKeys.generateEd25519().getPublic();
        assertFalse(trust.verify("127.0.0.1", 4334, plain, RevocationWatch.NONE, clock).isAccepted());
    }

    @Test
    void aFileMixingPemAndOpenSshLinesIsRefusedWithItsLine() throws IOException {
        Path mixed = Files.writeString(dir.resolve("mixed"), X509Lab.pem(root.certificate())
                + SshKeys.toOpenSsh(SshKeys.generateEd25519().getPublic()) + " nms\n");
        IOException refused = assertThrows(IOException.class, () -> NmsHostKeys.load(mixed));
        assertTrue(refused.getMessage().contains("not both"), refused.getMessage());
    }

    @Test
    void aPemPrivateKeyIsRefusedAsOne() throws IOException {
        Path key = X509Lab.write(dir.resolve("key.pem"), X509Lab.pem("PRIVATE KEY",
                root.keyPair().getPrivate().getEncoded()));
        IOException refused = assertThrows(IOException.class, () -> NmsHostKeys.load(key));
        assertTrue(refused.getMessage().contains("private key"), refused.getMessage());
    }

    @Test
    void anEndEntityCertificateIsNoCa() throws IOException {
        Issued certificate = nmsCertificate().issue();
        Path file = X509Lab.write(dir.resolve("ee.pem"), X509Lab.pem(certificate.certificate()));
        IOException refused = assertThrows(IOException.class, () -> NmsHostKeys.load(file));
        assertTrue(refused.getMessage().contains("not a CA certificate"), refused.getMessage());
    }
}
