package org.callhome.device.reversessh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.callhome.device.accounts.AccountTable;
import org.callhome.device.trust.NmsVerdict;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.strategy.SecurityFacts.UsernameSource;
import org.callhome.shared.x509.CertToName;
import org.callhome.shared.x509.CertToNameEntry;
import org.callhome.shared.x509.MapType;
import org.callhome.shared.x509.TlsFingerprint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in reverse-ssh device binding an NMS's X.509 login to the account its cert-to-name mappings
 * (RFC 7407, ietf-netconf-server's client-identity-mappings) name, whatever SSH username the NMS gave
 * (RFC 6242 §3): a MINA NMS on loopback logs in, opens {@code netconf}, and the session's NETCONF
 * username is the mapped account. Two accounts share one CA file; a third has another CA's.
 */
class X509CertToNameTest {

    @TempDir
    Path dir;

    private final X509Lab lab = new X509Lab();
    private final Instant from = Instant.now().minus(Duration.ofHours(1));
    private final Instant to = Instant.now().plus(Duration.ofDays(1));
    private X509Lab.Issued root;
    private X509Lab.Issued issuing;
    private X509Lab.Issued labRoot;
    private List<Account> accountList;
    private AccountTable accounts;
    private ScheduledExecutorService scheduler;
    private ReverseSshDevice device;
    private ReverseSshNms nms;
    private final CompletableFuture<SecurityFacts> facts = new CompletableFuture<>();

    @BeforeEach
    void setUp() {
        root = lab.root("NMS Root CA").validity(from, to).issue();
        issuing = lab.intermediate(root, "NMS Users CA").validity(from, to).issue();
        labRoot = lab.root("Lab Root CA").validity(from, to).issue();
        Path cas = X509Lab.write(dir.resolve("nms.ca.pem"), X509Lab.pem(root.certificate()));
        Path labCas = X509Lab.write(dir.resolve("lab.ca.pem"), X509Lab.pem(labRoot.certificate()));
        accountList = List.of(new Account("ops", Role.ADMIN, Optional.of(cas)),
                new Account("audit", Role.READ_ONLY, Optional.of(cas)),
                new Account("lab", Role.READ_ONLY, Optional.of(labCas)));
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (device != null) {
            device.close();
        }
        if (nms != null) {
            nms.close();
        }
        scheduler.shutdownNow();
    }

    private void startDevice(CertToName mappings) throws IOException {
        accounts = AccountTable.load(accountList, RevocationWatch.NONE, Clock.systemUTC(), mappings);
        device = new ReverseSshDevice(SshKeys.generateEd25519(), Optional.empty(), accounts, RevocationWatch.NONE,
                Duration.ofSeconds(10), Keepalives.DEFAULT, channel -> {
                    facts.complete(channel.facts());
                    throw new IOException("no NETCONF in these tests");
                }, 1024 * 1024, scheduler);
    }

    /** The key and its chain {@code CN=<cn>} under {@code issuer}, sent with the issuer's certificate. */
    private KeyPair identity(X509Lab.Issued issuer, String cn) {
        return identityOf(key(issuer, cn), issuer);
    }

    private X509Lab.Issued key(X509Lab.Issued issuer, String cn) {
        return lab.device(issuer, null).subject("CN=" + cn).extendedKeyUsage(X509Lab.SSH_CLIENT).validity(from, to)
                .issue();
    }

    private static KeyPair identityOf(X509Lab.Issued user, X509Lab.Issued issuer) {
        return X509PublicKey.keyPair(user.keyPair(), List.of(user.certificate(), issuer.certificate()));
    }

    private static TlsFingerprint sha256(X509Certificate certificate) {
        return TlsFingerprint.of(certificate, TlsFingerprint.HashAlgorithm.SHA256);
    }

    /** Logs in as {@code username}; on success opens {@code netconf} and returns the session's facts. */
    private Optional<SecurityFacts> logIn(String username, KeyPair identity) throws Exception {
        nms = new ReverseSshNms(username, identity, true);
        device.connect(nms.endpoint(), Duration.ofSeconds(30));
        ReverseSshNms.Login login = nms.nextLogin();
        if (!login.accepted()) {
            return Optional.empty();
        }
        login.session().createSubsystemChannel("netconf").open().verify(Duration.ofSeconds(10));
        return Optional.of(facts.get(10, TimeUnit.SECONDS));
    }

    private String refusal(String username, KeyPair identity) {
        return assertInstanceOf(NmsVerdict.Refused.class, accounts.check(username, identity.getPublic())).detail();
    }

    @Test
    void theMappedNameIsTheNetconfUsernameWhateverTheSshUsername() throws Exception {
        startDevice(new CertToName(List.of(CertToNameEntry.derived(1, Optional.empty(), MapType.COMMON_NAME)),
                false));

        SecurityFacts session = logIn("anyone", identity(issuing, "audit")).orElseThrow();

        assertEquals("audit", session.netconfUsername());
        assertEquals(UsernameSource.CERT_TO_NAME, session.usernameSource());
        assertEquals(Role.READ_ONLY, accounts.roleOf(session.netconfUsername()));
    }

    @Test
    void anEarlierEntryMatchingTheCertificatesFingerprintWinsOverALaterOne() throws Exception {
        X509Lab.Issued auditor = key(issuing, "ops");
        startDevice(new CertToName(List.of(
                CertToNameEntry.derived(20, Optional.empty(), MapType.COMMON_NAME),
                CertToNameEntry.specified(10, Optional.of(sha256(auditor.certificate())), "audit")), false));

        SecurityFacts session = logIn("ops", identityOf(auditor, issuing)).orElseThrow();

        assertEquals("audit", session.netconfUsername(), "entry 10 matched the end entity before entry 20");
        NmsVerdict.Accepted verdict = assertInstanceOf(NmsVerdict.Accepted.class,
                accounts.check("ops", identityOf(auditor, issuing).getPublic()));
        assertTrue(verdict.detail().contains("cert-to-name entry 10 (specified 'audit', fingerprint 04:"),
                verdict.detail());
        assertTrue(verdict.detail().endsWith("matched end entity 'CN=ops' and mapped it to 'audit'"), verdict.detail());
        assertEquals("ops", accounts.check("ops", identity(issuing, "ops").getPublic()) instanceof NmsVerdict.Accepted a
                ? a.boundAccount().orElseThrow() : "refused");
    }

    @Test
    void aTrustAnchorsFingerprintMapsEveryCertificateUnderIt() throws Exception {
        startDevice(new CertToName(List.of(
                CertToNameEntry.specified(1, Optional.of(sha256(labRoot.certificate())), "lab"),
                CertToNameEntry.specified(2, Optional.of(sha256(root.certificate())), "ops")), true));

        assertEquals("ops", logIn("x", identity(issuing, "someone")).orElseThrow().netconfUsername());
        assertEquals(Optional.of("lab"), ((NmsVerdict.Accepted) accounts.check("x",
                identity(labRoot, "someone-else").getPublic())).boundAccount());
    }

    @Test
    void aMappedNameThatIsNoAccountIsRefusedEvenWhenTheSshUsernameWouldDo() throws Exception {
        startDevice(new CertToName(List.of(CertToNameEntry.derived(1, Optional.empty(), MapType.COMMON_NAME)),
                false));
        KeyPair identity = identity(issuing, "root");

        assertFalse(logIn("ops", identity).isPresent());
        assertTrue(refusal("ops", identity).endsWith("mapped it to 'root', which is not an account of this device;"
                + " the mapped name overrides the SSH username"), refusal("ops", identity));
    }

    @Test
    void aMappedAccountMustTrustTheChainsCa() throws Exception {
        startDevice(new CertToName(List.of(CertToNameEntry.specified(1, Optional.empty(), "lab")), false));
        KeyPair identity = identity(issuing, "ops");

        assertFalse(logIn("ops", identity).isPresent());
        assertTrue(refusal("ops", identity).contains("an account whose file names other CAs"), refusal("ops", identity));
    }

    @Test
    void withoutAnApplicableEntryTheSimpleRuleDecidesUnlessAMappingIsRequired() throws Exception {
        X509Lab.Issued other = lab.root("Other").issue();
        CertToNameEntry onlyOthers = CertToNameEntry.specified(1, Optional.of(sha256(other.certificate())), "audit");
        startDevice(new CertToName(List.of(onlyOthers), false));
        KeyPair ops = identity(issuing, "ops");

        SecurityFacts session = logIn("ops", ops).orElseThrow();
        assertEquals("ops", session.netconfUsername());
        assertEquals(UsernameSource.SSH_USERAUTH, session.usernameSource());
        assertTrue(refusal("audit", ops).endsWith("(principal-mismatch)"), refusal("audit", ops));

        device.close();
        nms.close();
        startDevice(new CertToName(List.of(onlyOthers), true));

        assertFalse(logIn("ops", ops).isPresent());
        assertTrue(refusal("ops", ops).startsWith("no cert-to-name entry maps 'ops' (CN of user certificate"),
                refusal("ops", ops));
        assertTrue(refusal("ops", ops).endsWith(", and mapping-required is set"), refusal("ops", ops));
    }

    @Test
    void aChainNoAccountTrustsIsRefusedWithTheChecksReason() throws Exception {
        startDevice(new CertToName(List.of(CertToNameEntry.derived(1, Optional.empty(), MapType.COMMON_NAME)),
                true));
        KeyPair stranger = identity(lab.root("Stranger CA").validity(from, to).issue(), "ops");

        assertFalse(logIn("ops", stranger).isPresent());
        assertTrue(refusal("ops", stranger).endsWith("(unknown-ca)"), refusal("ops", stranger));
    }

    @Test
    void plainKeysAreNotMapped() throws Exception {
        startDevice(new CertToName(List.of(CertToNameEntry.specified(1, Optional.empty(), "ops")), true));
        KeyPair plain = SshKeys.generateEd25519();

        assertTrue(refusal("ops", plain).startsWith("key SHA256:"), refusal("ops", plain));
    }
}
