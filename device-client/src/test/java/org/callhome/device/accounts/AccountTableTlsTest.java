package org.callhome.device.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.CertificateRefusal;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.ssh.cert.RevokedKeys;
import org.callhome.shared.ssh.cert.RevokedKeysFile;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.ssh.x509.trust.X509ChainCheck;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Verdict;
import org.callhome.shared.x509.CertToName;
import org.callhome.shared.x509.CertToNameEntry;
import org.callhome.shared.x509.MapType;
import org.callhome.shared.x509.TlsFingerprint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device's decision on an NMS's TLS client certificate chain (RFC 7589): which CA files accept
 * it for a TLS client, or pin it (ietf-tls-server's ee-certs), and which account it proves, by the
 * simple rule or by cert-to-name; every other chain refused with a reason.
 */
class AccountTableTlsTest {

    private static final Clock CLOCK = Clock.fixed(X509Lab.NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final X509Lab lab = new X509Lab();
    private X509Lab.Issued root;
    private X509Lab.Issued issuing;
    private X509Lab.Issued labRoot;
    private Path nmsCas;
    private Path labCas;

    @BeforeEach
    void setUp() {
        root = lab.root("NMS Root CA").issue();
        issuing = lab.intermediate(root, "NMS Clients CA").issue();
        labRoot = lab.root("Lab Root CA").issue();
        nmsCas = X509Lab.write(dir.resolve("nms.ca.pem"), X509Lab.pem(root.certificate()));
        labCas = X509Lab.write(dir.resolve("lab.ca.pem"), X509Lab.pem(labRoot.certificate()));
    }

    private AccountTable table(CertToName mappings, Account... accounts) throws IOException {
        return AccountTable.load(List.of(accounts), RevocationWatch.NONE, CLOCK, mappings);
    }

    private static Account ops(Path file) {
        return new Account("ops", Role.ADMIN, Optional.of(file));
    }

    /** {@code CN=<cn>} under {@code issuer}, for {@code purposes}, sent with the issuer's certificate. */
    private List<X509Certificate> chain(X509Lab.Issued issuer, String cn, String... purposes) {
        X509Certificate client = lab.device(issuer, null).subject("CN=" + cn).extendedKeyUsage(purposes).issue()
                .certificate();
        return issuer == root || issuer == labRoot ? List.of(client) : List.of(client, issuer.certificate());
    }

    private static X509Verdict.Refused refused(X509Verdict verdict) {
        return assertInstanceOf(X509Verdict.Refused.class, verdict, verdict.toString());
    }

    @Test
    void aClientCertificateNamingAnAccountWhoseCaIssuedItProvesThatAccount() throws IOException {
        AccountTable table = table(CertToName.NONE, ops(nmsCas));

        X509Verdict.Accepted accepted = assertInstanceOf(X509Verdict.Accepted.class,
                table.checkTlsClient(chain(issuing, "ops", X509Lab.TLS_CLIENT)));

        assertEquals("ops", table.tlsAccount(accepted));
        assertEquals(X509ChainCheck.Purpose.TLS_CLIENT, accepted.identity().purpose());
        assertEquals(root.certificate(), accepted.path().get(accepted.path().size() - 1), "the path ends at the CA");
    }

    @Test
    void theSubjectSerialNumberNamesTheAccountBeforeTheCommonName() throws IOException {
        AccountTable table = table(CertToName.NONE, ops(nmsCas));
        X509Certificate client = lab.device(root, "ops").extendedKeyUsage(X509Lab.TLS_CLIENT).issue().certificate();

        assertEquals("ops", table.tlsAccount((X509Verdict.Accepted) table.checkTlsClient(List.of(client))));
    }

    @Test
    void aClientCertificateWhoseIdentityIsNoAccountIsRefusedSayingSo() throws IOException {
        AccountTable table = table(CertToName.NONE, ops(nmsCas));

        X509Verdict.Refused refused = refused(table.checkTlsClient(chain(issuing, "root", X509Lab.TLS_CLIENT)));

        assertEquals(CertificateRefusal.UNEXPECTED_IDENTITY, refused.reason());
        assertTrue(refused.detail().startsWith("'root' (CN of tls-client certificate"), refused.detail());
        assertTrue(refused.detail().endsWith(", which is not an account of this device"), refused.detail());
    }

    @Test
    void anAccountWhoseFileTrustsAnotherCaIsNotProvenByThisOne() throws IOException {
        AccountTable table = table(CertToName.NONE, ops(labCas), new Account("audit", Role.READ_ONLY,
                Optional.of(nmsCas)));

        X509Verdict.Refused refused = refused(table.checkTlsClient(chain(issuing, "ops", X509Lab.TLS_CLIENT)));

        assertEquals(CertificateRefusal.UNEXPECTED_IDENTITY, refused.reason());
        assertTrue(refused.detail().endsWith("an account whose file names other CAs (or none): the chain must lead to"
                + " a CA of its file"), refused.detail());
    }

    @Test
    void aCertificateOfAnotherCaIsRefusedAsUnknownCa() throws IOException {
        AccountTable table = table(CertToName.NONE, ops(nmsCas));
        X509Lab.Issued stranger = lab.root("Stranger CA").issue();

        assertEquals(CertificateRefusal.UNKNOWN_CA,
                refused(table.checkTlsClient(chain(stranger, "ops", X509Lab.TLS_CLIENT))).reason());
    }

    @Test
    void aServerAuthOnlyCertificateIsNoClientCertificate() throws IOException {
        AccountTable table = table(CertToName.NONE, ops(nmsCas));

        X509Verdict.Refused refused = refused(table.checkTlsClient(chain(issuing, "ops", X509Lab.TLS_SERVER)));

        assertEquals(CertificateRefusal.WRONG_CERTIFICATE_TYPE, refused.reason(), refused.detail());
    }

    @Test
    void anSshUserCertificateIsNoTlsClientCertificate() throws IOException {
        AccountTable table = table(CertToName.NONE, ops(nmsCas));

        assertEquals(CertificateRefusal.EXTENDED_KEY_USAGE,
                refused(table.checkTlsClient(chain(issuing, "ops", X509Lab.SSH_CLIENT))).reason());
    }

    @Test
    void aCertificateWithoutExtendedKeyUsageMayBeAClient() throws IOException {
        AccountTable table = table(CertToName.NONE, ops(nmsCas));
        X509Certificate client = lab.device(issuing, null).subject("CN=ops").issue().certificate();

        assertInstanceOf(X509Verdict.Accepted.class, table.checkTlsClient(List.of(client, issuing.certificate())));
    }

    @Test
    void accountsWithAuthorizedKeysFilesProveNoTlsClient() throws IOException {
        Path keys = X509Lab.write(dir.resolve("ops.keys"), SshKeys.toOpenSsh(SshKeys.generateEd25519().getPublic())
                + "\n");
        AccountTable table = table(CertToName.NONE, ops(keys));

        X509Verdict.Refused refused = refused(table.checkTlsClient(chain(issuing, "ops", X509Lab.TLS_CLIENT)));

        assertEquals(CertificateRefusal.UNKNOWN_CA, refused.reason());
        assertTrue(refused.detail().contains("no account's file names an X.509 CA or pins an X.509 certificate"),
                refused.detail());
    }

    @Test
    void theMappedNameIsTheAccountWhateverTheCertificatesIdentity() throws IOException {
        CertToName mappings = new CertToName(List.of(CertToNameEntry.specified(1,
                Optional.of(TlsFingerprint.of(root.certificate(), TlsFingerprint.HashAlgorithm.SHA256)), "audit")),
                false);
        AccountTable table = table(mappings, ops(nmsCas), new Account("audit", Role.READ_ONLY, Optional.of(nmsCas)));

        X509Verdict verdict = table.checkTlsClient(chain(issuing, "ops", X509Lab.TLS_CLIENT));

        assertEquals("audit", table.tlsAccount(assertInstanceOf(X509Verdict.Accepted.class, verdict)));
    }

    @Test
    void aMappedNameThatIsNoAccountIsRefused() throws IOException {
        AccountTable table = table(new CertToName(List.of(CertToNameEntry.derived(1, Optional.empty(),
                MapType.COMMON_NAME)), false), ops(nmsCas));

        X509Verdict.Refused refused = refused(table.checkTlsClient(chain(issuing, "root", X509Lab.TLS_CLIENT)));

        assertEquals(CertificateRefusal.UNEXPECTED_IDENTITY, refused.reason());
        assertTrue(refused.detail().endsWith("mapped it to 'root', which is not an account of this device"),
                refused.detail());
    }

    /** TLS has no username to fall back on: with mappings, an unmapped chain is refused, mapping-required or not. */
    @Test
    void withMappingsAChainNoEntryMapsIsRefusedEvenWithoutMappingRequired() throws IOException {
        CertToName onlyLab = new CertToName(List.of(CertToNameEntry.specified(1,
                Optional.of(TlsFingerprint.of(labRoot.certificate(), TlsFingerprint.HashAlgorithm.SHA256)), "ops")),
                false);
        AccountTable table = table(onlyLab, ops(nmsCas));

        X509Verdict.Refused refused = refused(table.checkTlsClient(chain(issuing, "ops", X509Lab.TLS_CLIENT)));

        assertEquals(CertificateRefusal.UNEXPECTED_IDENTITY, refused.reason());
        assertTrue(refused.detail().startsWith("no cert-to-name entry maps 'ops'"), refused.detail());
        assertTrue(refused.detail().endsWith("(RFC 7589)"), refused.detail());
    }

    @Test
    void aChainRevokedByACrlOfItsCaIsRefusedAndFoundRevokedWhenLive() throws Exception {
        List<X509Certificate> nms = chain(issuing, "ops", X509Lab.TLS_CLIENT);
        Path crlFile = X509Lab.write(dir.resolve("revoked.pem"), X509Lab.pem(lab.crl(issuing, nms.get(0)
                .getSerialNumber()).issue()));
        AccountTable table = AccountTable.load(List.of(ops(nmsCas)), RevocationWatch.following(
                RevokedKeysFile.open(crlFile)), CLOCK, CertToName.NONE);

        assertEquals(CertificateRefusal.REVOKED, refused(table.checkTlsClient(nms)).reason());
        assertTrue(table.whyRevokedTlsClient(nms).isPresent());
        assertTrue(table.whyRevokedTlsClient(chain(issuing, "ops", X509Lab.TLS_CLIENT)).isEmpty(),
                "another certificate of the same CA is not revoked");
    }

    @Test
    void aVerdictNotFromTheTlsCheckNamesNoAccount() throws IOException {
        AccountTable table = table(CertToName.NONE, ops(nmsCas));
        X509Verdict.Accepted other = (X509Verdict.Accepted) new X509ChainCheck(
                X509Authorities.of(List.of(root.certificate())), RevokedKeys.NONE).check(chain(issuing, "nobody", X509Lab.TLS_CLIENT),
                X509ChainCheck.Purpose.TLS_CLIENT, X509Lab.NOW);

        assertThrows(IllegalArgumentException.class, () -> table.tlsAccount(other));
    }

    // ---- pinned NMS certificates (ee-certs) ------------------------------------------------------

    /** The NMS's own certificate, signed by its own key, {@code CN=<cn>}, for {@code purposes}. */
    private X509Lab.Issued selfSigned(String cn, String... purposes) {
        return lab.selfSigned(cn).extendedKeyUsage(purposes).issue();
    }

    private Path pinFile(String name, X509Certificate... certificates) {
        return X509Lab.write(dir.resolve(name), X509Lab.pem(certificates));
    }

    @Test
    void aPinnedSelfSignedNmsCertificateProvesTheAccountItNames() throws IOException {
        X509Lab.Issued nms = selfSigned("ops", X509Lab.TLS_CLIENT);
        AccountTable table = table(CertToName.NONE, ops(pinFile("ops.pem", nms.certificate())));

        X509Verdict.Accepted accepted = assertInstanceOf(X509Verdict.Accepted.class,
                table.checkTlsClient(List.of(nms.certificate())));

        assertEquals("ops", table.tlsAccount(accepted));
        assertTrue(accepted.identity().pinned());
        assertEquals(List.of(nms.certificate()), accepted.path(), "the path is the pin alone");
    }

    @Test
    void anotherSelfSignedCertificateOfTheSameSubjectIsAnUnknownCa() throws IOException {
        X509Lab.Issued nms = selfSigned("ops", X509Lab.TLS_CLIENT);
        X509Lab.Issued impostor = selfSigned("ops", X509Lab.TLS_CLIENT);
        AccountTable table = table(CertToName.NONE, ops(pinFile("ops.pem", nms.certificate())));

        X509Verdict.Refused refused = refused(table.checkTlsClient(List.of(impostor.certificate())));

        assertEquals(CertificateRefusal.UNKNOWN_CA, refused.reason(), refused.detail());
    }

    @Test
    void anExpiredPinIsRefused() throws IOException {
        X509Lab.Issued nms = lab.selfSigned("ops").extendedKeyUsage(X509Lab.TLS_CLIENT)
                .validity(X509Lab.NOW.minusSeconds(86_400 * 30), X509Lab.NOW.minusSeconds(1)).issue();
        AccountTable table = table(CertToName.NONE, ops(pinFile("ops.pem", nms.certificate())));

        X509Verdict.Refused refused = refused(table.checkTlsClient(List.of(nms.certificate())));

        assertEquals(CertificateRefusal.EXPIRED, refused.reason());
        assertTrue(refused.detail().startsWith("pinned tls-client certificate 'CN=ops'"), refused.detail());
    }

    @Test
    void aPinForTlsServersOnlyIsNoClientCertificate() throws IOException {
        X509Lab.Issued nms = selfSigned("ops", X509Lab.TLS_SERVER);
        AccountTable table = table(CertToName.NONE, ops(pinFile("ops.pem", nms.certificate())));

        X509Verdict.Refused refused = refused(table.checkTlsClient(List.of(nms.certificate())));

        assertEquals(CertificateRefusal.WRONG_CERTIFICATE_TYPE, refused.reason(), refused.detail());
    }

    @Test
    void aPinWhoseKeyIsRevokedIsRefusedAndFoundRevokedWhenLive() throws Exception {
        X509Lab.Issued nms = selfSigned("ops", X509Lab.TLS_CLIENT);
        Path keys = X509Lab.write(dir.resolve("revoked.keys"), SshKeys.toOpenSsh(nms.publicKey()) + "\n");
        AccountTable table = AccountTable.load(List.of(ops(pinFile("ops.pem", nms.certificate()))),
                RevocationWatch.following(RevokedKeysFile.open(keys)), CLOCK, CertToName.NONE);

        X509Verdict.Refused refused = refused(table.checkTlsClient(List.of(nms.certificate())));

        assertEquals(CertificateRefusal.REVOKED, refused.reason());
        assertTrue(table.whyRevokedTlsClient(List.of(nms.certificate())).isPresent());
    }

    @Test
    void aFileWithACaAndAPinAcceptsBothKinds() throws IOException {
        X509Lab.Issued nms = selfSigned("ops", X509Lab.TLS_CLIENT);
        AccountTable table = table(CertToName.NONE, ops(pinFile("ops.pem", root.certificate(), nms.certificate())));

        assertEquals("ops", table.tlsAccount(assertInstanceOf(X509Verdict.Accepted.class,
                table.checkTlsClient(List.of(nms.certificate())))));
        assertEquals("ops", table.tlsAccount(assertInstanceOf(X509Verdict.Accepted.class,
                table.checkTlsClient(chain(issuing, "ops", X509Lab.TLS_CLIENT)))));
    }

    @Test
    void aPinProvesNoAccountWhoseFileDoesNotPinIt() throws IOException {
        X509Lab.Issued nms = selfSigned("ops", X509Lab.TLS_CLIENT);
        AccountTable table = table(CertToName.NONE, ops(nmsCas), new Account("audit", Role.READ_ONLY,
                Optional.of(pinFile("audit.pem", nms.certificate()))));

        X509Verdict.Refused refused = refused(table.checkTlsClient(List.of(nms.certificate())));

        assertEquals(CertificateRefusal.UNEXPECTED_IDENTITY, refused.reason());
        assertTrue(refused.detail().endsWith("an account whose file does not pin this certificate: a pinned"
                + " certificate proves only an account whose file pins it"), refused.detail());
    }

    @Test
    void aCertToNameEntryForThePinsFingerprintNamesItsAccount() throws IOException {
        X509Lab.Issued nms = selfSigned("nms-7", X509Lab.TLS_CLIENT);
        CertToName mappings = new CertToName(List.of(CertToNameEntry.specified(1,
                Optional.of(TlsFingerprint.of(nms.certificate(), TlsFingerprint.HashAlgorithm.SHA256)), "ops")),
                false);
        AccountTable table = table(mappings, ops(pinFile("ops.pem", nms.certificate())));

        assertEquals("ops", table.tlsAccount(assertInstanceOf(X509Verdict.Accepted.class,
                table.checkTlsClient(List.of(nms.certificate())))));
    }

    /** A CA's certificate is never a pin: presented as the NMS's own, it stays a CA certificate, refused. */
    @Test
    void aCaCertificatePresentedAsTheNmsOwnIsRefusedEvenInItsFile() throws IOException {
        X509Lab.Issued caNamedOps = lab.root("ops").issue();
        AccountTable table = table(CertToName.NONE, ops(pinFile("ops.pem", caNamedOps.certificate())));

        X509Verdict.Refused refused = refused(table.checkTlsClient(List.of(caNamedOps.certificate())));

        assertEquals(CertificateRefusal.WRONG_CERTIFICATE_TYPE, refused.reason(), refused.detail());
    }
}
