package org.callhome.device.reversessh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.callhome.device.accounts.AccountTable;
import org.callhome.device.callhome.Connection;
import org.callhome.device.trust.NmsVerdict;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.ssh.cert.RevokedKeysFile;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in reverse-ssh device taking an NMS's X.509 user certificate (RFC 6187): an account whose
 * {@code --account} file holds PEM CA certificates lets in a MINA NMS on loopback whose chain leads to
 * one of them and whose identity (subject serialNumber, else CN) is the account's name; a chain of
 * another CA, of another identity or expired is refused, and so is a plain key for that account. An
 * account file mixing authorized_keys lines and PEM is refused at load.
 */
class X509UserCertificateTest {

    private static final String ACCOUNT = "nms-1";

    @TempDir
    Path dir;

    private final X509Lab lab = new X509Lab();
    private final Instant from = Instant.now().minus(Duration.ofHours(1));
    private final Instant to = Instant.now().plus(Duration.ofDays(1));
    private X509Lab.Issued root;
    private X509Lab.Issued issuing;
    private KeyPair opsKey;
    private AccountTable accounts;
    private ScheduledExecutorService scheduler;
    private ReverseSshDevice device;
    private ReverseSshNms nms;

    @BeforeEach
    void setUp() throws IOException {
        root = lab.root("NMS Root CA").validity(from, to).issue();
        issuing = lab.intermediate(root, "NMS Users CA").validity(from, to).issue();
        opsKey = SshKeys.generateEd25519();
        Path cas = X509Lab.write(dir.resolve("nms-1.ca.pem"), X509Lab.pem(root.certificate()));
        Path opsKeys = Files.writeString(dir.resolve("ops.authorized_keys"), SshKeys.toOpenSsh(opsKey.getPublic())
                + "\n");
        accounts = AccountTable.load(List.of(new Account(ACCOUNT, Role.ADMIN, Optional.of(cas)),
                new Account("ops", Role.READ_ONLY, Optional.of(opsKeys))), RevocationWatch.NONE, Clock.systemUTC());
        scheduler = Executors.newSingleThreadScheduledExecutor();
        device = new ReverseSshDevice(SshKeys.generateEd25519(), Optional.empty(), accounts, RevocationWatch.NONE,
                Duration.ofSeconds(10), Keepalives.DEFAULT, channel -> {
                    throw new IOException("no NETCONF in these tests");
                }, 1024 * 1024, scheduler);
    }

    @AfterEach
    void tearDown() throws IOException {
        device.close();
        if (nms != null) {
            nms.close();
        }
        scheduler.shutdownNow();
    }

    /** An X.509 identity: the key, and its chain {@code CN=<cn>} under {@code issuer}. */
    private KeyPair identity(X509Lab.Issued issuer, String cn, Instant notBefore, Instant notAfter) {
        KeyPair key = X509Lab.ec("secp256r1");
        X509Certificate user = lab.device(issuer, null).subject("CN=" + cn).key(key)
                .extendedKeyUsage(X509Lab.SSH_CLIENT).validity(notBefore, notAfter).issue().certificate();
        return X509PublicKey.keyPair(key, List.of(user, issuer.certificate()));
    }

    private boolean logsIn(String username, KeyPair identity) throws Exception {
        if (nms != null) {
            nms.close();
        }
        nms = new ReverseSshNms(username, identity);
        device.connect(nms.endpoint(), Duration.ofSeconds(30));
        return nms.nextLogin().accepted();
    }

    private String refusal(String username, KeyPair identity) {
        return assertInstanceOf(NmsVerdict.Refused.class, accounts.check(username, identity.getPublic())).detail();
    }

    @Test
    void aChainToTheAccountsCaNamingTheAccountLogsIn() throws Exception {
        KeyPair identity = identity(issuing, ACCOUNT, from, to);

        assertTrue(logsIn(ACCOUNT, identity));

        NmsVerdict.Accepted verdict = assertInstanceOf(NmsVerdict.Accepted.class,
                accounts.check(ACCOUNT, identity.getPublic()));
        assertEquals(PeerVerification.X509_USER_CERTIFICATE, verdict.verification());
        assertEquals(SshKeys.fingerprint(((X509PublicKey) identity.getPublic()).signingKey()),
                verdict.keyFingerprint());
    }

    @Test
    void aChainOfAnotherCaIsRefused() throws Exception {
        X509Lab.Issued otherRoot = lab.root("Other Root CA").validity(from, to).issue();
        KeyPair identity = identity(otherRoot, ACCOUNT, from, to);

        assertFalse(logsIn(ACCOUNT, identity));
        assertTrue(refusal(ACCOUNT, identity).endsWith("(unknown-ca)"), refusal(ACCOUNT, identity));
    }

    @Test
    void aChainOfAnotherIdentityIsRefused() throws Exception {
        KeyPair identity = identity(issuing, "nms-2", from, to);

        assertFalse(logsIn(ACCOUNT, identity));
        assertTrue(refusal(ACCOUNT, identity).endsWith("(principal-mismatch)"), refusal(ACCOUNT, identity));
    }

    @Test
    void anExpiredChainIsRefused() throws Exception {
        KeyPair identity = identity(issuing, ACCOUNT, from, Instant.now().minus(Duration.ofMinutes(5)));

        assertFalse(logsIn(ACCOUNT, identity));
        assertTrue(refusal(ACCOUNT, identity).endsWith("(expired)"), refusal(ACCOUNT, identity));
    }

    @Test
    void aPlainKeyLogsInOnlyWhereAuthorized() throws Exception {
        assertFalse(logsIn(ACCOUNT, opsKey), "the CA file authorizes no plain key");
        assertTrue(logsIn("ops", opsKey));
        assertFalse(logsIn("ops", identity(issuing, "ops", from, to)), "an authorized_keys account names no X.509 CA");
    }

    /**
     * An account's file may pin the NMS's own certificate, as for TLS: the same check lets in an X.509
     * user chain that is that certificate, whatever issued it (here its own key), over real SSH; another
     * certificate of the same name is refused.
     */
    @Test
    void aPinnedSelfSignedUserCertificateLogsInAsTheAccountItNames() throws Exception {
        KeyPair key = X509Lab.ec("secp256r1");
        X509Certificate pinned = lab.selfSigned(ACCOUNT).key(key).extendedKeyUsage(X509Lab.SSH_CLIENT)
                .validity(from, to).issue().certificate();
        accounts = AccountTable.load(List.of(new Account(ACCOUNT, Role.ADMIN, Optional.of(X509Lab.write(
                dir.resolve("pinned.pem"), X509Lab.pem(pinned))))), RevocationWatch.NONE, Clock.systemUTC());
        device.close();
        device = new ReverseSshDevice(SshKeys.generateEd25519(), Optional.empty(), accounts, RevocationWatch.NONE,
                Duration.ofSeconds(10), Keepalives.DEFAULT, channel -> {
                    throw new IOException("no NETCONF in these tests");
                }, 1024 * 1024, scheduler);
        KeyPair identity = X509PublicKey.keyPair(key, List.of(pinned));

        assertTrue(logsIn(ACCOUNT, identity));
        NmsVerdict.Accepted verdict = assertInstanceOf(NmsVerdict.Accepted.class,
                accounts.check(ACCOUNT, identity.getPublic()));
        assertEquals(PeerVerification.X509_USER_CERTIFICATE, verdict.verification());
        assertTrue(verdict.detail().contains(" pinned as "), verdict.detail());

        KeyPair otherKey = X509Lab.ec("secp256r1");
        KeyPair impostor = X509PublicKey.keyPair(otherKey, List.of(lab.selfSigned(ACCOUNT).key(otherKey)
                .extendedKeyUsage(X509Lab.SSH_CLIENT).validity(from, to).issue().certificate()));
        assertFalse(logsIn(ACCOUNT, impostor));
        assertTrue(refusal(ACCOUNT, impostor).endsWith("(unknown-ca)"), refusal(ACCOUNT, impostor));
    }

    /**
     * A CRL that, read again while the NMS is logged in, names its certificate ends that session
     * with the reason; a session of another certificate stays.
     */
    @Test
    void aCrlThatLaterNamesTheNmsCertificateEndsItsLiveSession() throws Exception {
        Path crlFile = X509Lab.write(dir.resolve("revoked.pem"), X509Lab.pem(lab.crl(issuing, BigInteger.ONE)
                .dates(from, to).issue()));
        RevocationWatch revoked = RevocationWatch.following(RevokedKeysFile.open(crlFile));
        accounts = AccountTable.load(List.of(new Account(ACCOUNT, Role.ADMIN, Optional.of(X509Lab.write(
                dir.resolve("cas.pem"), X509Lab.pem(root.certificate()))))), revoked, Clock.systemUTC());
        device.close();
        device = new ReverseSshDevice(SshKeys.generateEd25519(), Optional.empty(), accounts, revoked,
                Duration.ofSeconds(10), Keepalives.DEFAULT, channel -> {
                    throw new IOException("no NETCONF in these tests");
                }, 1024 * 1024, scheduler);
        KeyPair revokedLater = identity(issuing, ACCOUNT, from, to);
        KeyPair other = identity(issuing, ACCOUNT, from, to);
        try (ReverseSshNms first = new ReverseSshNms(ACCOUNT, revokedLater, true);
             ReverseSshNms second = new ReverseSshNms(ACCOUNT, other, true)) {
            Connection doomed = live(first);
            Connection staying = live(second);

            BigInteger serial = ((X509PublicKey) revokedLater.getPublic()).endEntity().getSerialNumber();
            X509Lab.write(crlFile, X509Lab.pem(lab.crl(issuing, serial).dates(from, to).issue()));
            revoked.refresh();

            String why = doomed.closed().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertTrue(why.startsWith("the NMS's login certificate was revoked while connected: "), why);
            assertTrue(why.contains("serial " + serial), why);
            assertFalse(staying.closed().toCompletableFuture().isDone(), "the CRL does not name the other login");
        }
    }

    private Connection live(ReverseSshNms nms) throws Exception {
        Connection connection = device.connect(nms.endpoint(), Duration.ofSeconds(30)).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertTrue(nms.nextLogin().accepted());
        return connection;
    }

    @Test
    void aFileMixingKeyLinesAndPemIsRefused() {
        Path mixed = X509Lab.write(dir.resolve("mixed"), SshKeys.toOpenSsh(opsKey.getPublic()) + "\n"
                + X509Lab.pem(root.certificate()));

        IOException e = assertThrows(IOException.class, () -> AccountTable.load(List.of(new Account(ACCOUNT,
                Role.ADMIN, Optional.of(mixed)))));
        assertTrue(e.getMessage().startsWith(mixed + ":1: an OpenSSH key line in a file of PEM blocks"),
                e.getMessage());
    }
}
