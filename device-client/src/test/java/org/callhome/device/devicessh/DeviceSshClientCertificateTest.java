package org.callhome.device.devicessh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.device.SignedKeys;
import org.callhome.device.accounts.AccountTable;
import org.callhome.device.callhome.Connection;
import org.callhome.device.netconf.DeviceNetconfServer;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.SshPolicy;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.ssh.cert.RevokedKeysFile;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * device-ssh-client with OpenSSH certificates, against the fake NMS (a real MINA SSH server) on
 * loopback, all certificates made by ssh-keygen: the device logs in with its user certificate, and
 * accepts an NMS host certificate of a pinned CA only when it names the host the device dialed.
 * Every refusal happens during key exchange, before the device has offered any credential; a live
 * session ends when a new revocation list names the NMS's host key or certificate.
 */
class DeviceSshClientCertificateTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String LOGIN = "dev-17";
    private static final String SUBSYSTEM = DeviceSshClientDevice.DEFAULT_SUBSYSTEM;

    @TempDir
    Path dir;

    private SignedKeys keys;
    private ScheduledExecutorService scheduler;
    private DeviceNetconfServer netconf;
    private AccountTable accounts;
    private FakeNms nms;
    private DeviceSshClientDevice device;

    @BeforeEach
    void setUp() throws IOException {
        keys = new SignedKeys(dir);
        scheduler = Executors.newSingleThreadScheduledExecutor();
        netconf = new DeviceNetconfServer(dir.resolve("data"), NetconfLimits.DEFAULT, Runnable::run);
        accounts = AccountTable.load(List.of(new Account("netops", Role.ADMIN, Optional.empty())));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (device != null) {
            device.close();
        }
        if (nms != null) {
            nms.close();
        }
        netconf.close();
        scheduler.shutdownNow();
    }

    /** An NMS on {@code localhost} with host key {@code nms}, presenting {@code certificate} (null: none). */
    private FakeNms startNms(Path certificate) throws IOException {
        nms = new FakeNms("localhost", keys.keyPair("nms"), certificate == null ? null : keys.certificate(certificate),
                LOGIN, keys.publicKey("device"), SUBSYSTEM);
        return nms;
    }

    private void startDevice(String pinned, Optional<Path> identityCertificate, RevocationWatch revoked)
            throws IOException {
        Path file = Files.writeString(dir.resolve("nms_host_keys"), pinned);
        KeyPair identity = keys.keyPair("device");
        Optional<PublicKey> certificate = identityCertificate.isPresent()
                ? Optional.of(keys.certificate(identityCertificate.get())) : Optional.empty();
        device = new DeviceSshClientDevice(new DeviceSshClientDevice.Settings(LOGIN, identity, NmsHostKeys.load(file),
                SUBSYSTEM, "netops", Duration.ofSeconds(10), Keepalives.DEFAULT, 1024 * 1024, certificate, revoked),
                netconf, accounts, scheduler);
    }

    private void startDevice(String pinned) throws IOException {
        startDevice(pinned, Optional.empty(), RevocationWatch.NONE);
    }

    private Connection connect(String host) throws Exception {
        return device.connect(new Endpoint("nms", host, nms.port()), WAIT).toCompletableFuture()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private String connectFails(String host) {
        CompletableFuture<Connection> attempt = device.connect(new Endpoint("nms", host, nms.port()), WAIT)
                .toCompletableFuture();
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> attempt.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, failed.getCause());
        return failed.getCause().getMessage();
    }

    private void assertNoCredentialSent() {
        assertEquals(0, nms.keyExchangesDone.get(), "the device never finished the key exchange");
        assertEquals(0, nms.keysOffered.get(), "no key offered");
    }

    @Test
    void logsInWithItsUserCertificateAndNeverOffersTheKeyAlone() throws Exception {
        startNms(null);
        Path certificate = keys.userCertificate("device-ca", "device", LOGIN);
        startDevice("* " + keys.publicKeyText("nms") + "\n", Optional.of(certificate), RevocationWatch.NONE);

        connect("localhost");

        assertEquals(LOGIN, nms.logins.poll());
        List<PublicKey> offered = List.copyOf(nms.offered);
        assertTrue(!offered.isEmpty());
        for (PublicKey key : offered) {
            OpenSshCertificate received = assertInstanceOf(OpenSshCertificate.class, key, "offered: " + offered);
            assertEquals(List.of(LOGIN), List.copyOf(received.getPrincipals()));
            assertEquals(SshKeys.fingerprint(keys.publicKey("device")), SshKeys.fingerprint(received.getCertPubKey()));
        }
        SecurityFacts facts = device.currentFacts().orElseThrow();
        assertEquals(SshKeys.fingerprint(keys.publicKey("device")), facts.localKeyFingerprint(), "the certified key");
        nms.nextSession();
    }

    @Test
    void anExpiredUserCertificateIsNeverOfferedAndTheDeviceSaysSoInsteadOfBlamingTheNms() throws Exception {
        startNms(null);
        Path expired = keys.sign("device-ca", "device", "device-expired", "-n", LOGIN, "-V", "20200101:20200201");
        startDevice("* " + keys.publicKeyText("nms") + "\n", Optional.of(expired), RevocationWatch.NONE);

        String why = connectFails("localhost");

        assertTrue(why.contains("is not valid now (expired or not yet valid); no credential sent"), why);
        assertFalse(why.contains("refused login"), why);
        assertEquals(0, nms.keysOffered.get(), "no key offered");
    }

    @Test
    void acceptsAHostCertificateOfThePinnedCaThatNamesTheDialedHost() throws Exception {
        startNms(keys.hostCertificate("nms-ca", "nms", "nms.example.net,localhost"));
        startDevice("@cert-authority localhost " + keys.publicKeyText("nms-ca") + "\n");

        connect("localhost");

        SecurityFacts facts = device.currentFacts().orElseThrow();
        assertEquals(PeerVerification.OPENSSH_HOST_CERTIFICATE, facts.peerVerification());
        assertEquals(SshKeys.fingerprint(keys.publicKey("nms")), facts.peerKeyFingerprint(), "the certified key");
        assertEquals("ssh-ed25519-cert-v01@openssh.com", facts.algorithms().hostKey());
        assertEquals(LOGIN, nms.logins.poll());
    }

    @Test
    void refusesAHostCertificateOfAnotherCa() throws Exception {
        startNms(keys.hostCertificate("other-ca", "nms", "localhost"));
        startDevice("@cert-authority * " + keys.publicKeyText("nms-ca") + "\n");

        String why = connectFails("localhost");

        assertTrue(why.startsWith("NMS at localhost:" + nms.port() + " refused during key exchange: host certificate"
                + " 'nms-host-localhost' serial 0 is signed by key " + SshKeys.fingerprint(keys.publicKey("other-ca"))
                + ", which is not a trusted CA, and the key it certifies, " + SshKeys.fingerprint(keys.publicKey("nms"))
                + ", is not pinned for localhost:" + nms.port() + " either; no credential sent"), why);
        assertNoCredentialSent();
    }

    @Test
    void refusesAHostCertificateThatDoesNotNameTheDialedHost() throws Exception {
        startNms(keys.hostCertificate("nms-ca", "nms", "nms.example.net"));
        startDevice("@cert-authority * " + keys.publicKeyText("nms-ca") + "\n");

        String why = connectFails("localhost");

        assertTrue(why.endsWith("refused during key exchange: host certificate 'nms-host-nms.example.net' serial 0"
                + " names 'nms.example.net', but none of 'localhost' is among them (principal-mismatch);"
                + " no credential sent"), why);
        assertNoCredentialSent();
    }

    @Test
    void refusesThePlainHostKeyWhereOnlyACaIsPinned() throws Exception {
        startNms(null);
        startDevice("@cert-authority * " + keys.publicKeyText("nms-ca") + "\n");

        assertTrue(connectFails("localhost").contains("the NMS presented plain host key "
                + SshKeys.fingerprint(keys.publicKey("nms")) + ", but only a CA is pinned for localhost:" + nms.port()));
        assertNoCredentialSent();
    }

    /** As OpenSSH: a certificate no pinned CA signed is taken for its key, which may be pinned itself. */
    @Test
    void aPinnedPlainKeyKeepsWorkingWhenTheNmsPresentsACertificate() throws Exception {
        startNms(keys.hostCertificate("nms-ca", "nms", "nms.example.net"));
        startDevice(keys.publicKeyText("nms") + " nms\n");

        connect("localhost");

        SecurityFacts facts = device.currentFacts().orElseThrow();
        assertEquals(PeerVerification.PINNED_HOST_KEY, facts.peerVerification());
        assertEquals(SshKeys.fingerprint(keys.publicKey("nms")), facts.peerKeyFingerprint());
    }

    @Test
    void refusesARevokedHostKeyAndReadsTheListAgainBeforeEachCall() throws Exception {
        startNms(null);
        Path list = Files.writeString(dir.resolve("revoked_keys"), "# nothing yet\n");
        startDevice(keys.publicKeyText("nms") + "\n", Optional.empty(), RevocationWatch.following(RevokedKeysFile.open(list)));
        connect("localhost").close();

        Files.writeString(dir.resolve("revoked.new"), keys.publicKeyText("nms") + " revoked\n");
        Files.move(dir.resolve("revoked.new"), list, StandardCopyOption.REPLACE_EXISTING);
        String why = connectFails("localhost");

        assertTrue(why.contains("refused during key exchange: the NMS host key is revoked: key "
                + SshKeys.fingerprint(keys.publicKey("nms")) + " is listed (key list " + list + ": 1 key)"), why);
    }

    @Test
    void refusesAHostCertificateRevokedByItsSerialInAKrl() throws Exception {
        startNms(keys.sign("nms-ca", "nms", "nms-2027", "-h", "-n", "localhost", "-z", "7"));
        Path krl = keys.krl("krl", "nms-ca", "serial: 7\n");
        startDevice("@cert-authority * " + keys.publicKeyText("nms-ca") + "\n", Optional.empty(),
                RevocationWatch.following(RevokedKeysFile.open(krl)));

        String why = connectFails("localhost");

        assertTrue(why.contains("the NMS host certificate is revoked: serial 7 is revoked for CA "
                + SshKeys.fingerprint(keys.publicKey("nms-ca"))), why);
        assertNoCredentialSent();
    }

    /**
     * The list the agent's timer reads again every few seconds ({@link RevocationWatch#refresh}, called
     * here at once) ends a live session whose NMS host key or certificate it now revokes, as a
     * failure saying why, so the dialer calls again; a list that does not name it leaves it alone.
     */
    @Test
    void aNewListEndsTheLiveSessionWhoseNmsHostCertificateItRevokes() throws Exception {
        startNms(keys.sign("nms-ca", "nms", "nms-2028", "-h", "-n", "localhost", "-z", "8"));
        Path list = Files.writeString(dir.resolve("revoked_keys"), "# nothing yet\n");
        RevocationWatch revoked = RevocationWatch.following(RevokedKeysFile.open(list));
        startDevice("@cert-authority * " + keys.publicKeyText("nms-ca") + "\n", Optional.empty(), revoked);
        Connection connection = connect("localhost");

        Files.copy(keys.krl("krl", "nms-ca", "serial: 9\n"), list, StandardCopyOption.REPLACE_EXISTING);
        revoked.refresh();
        assertFalse(connection.closed().toCompletableFuture().isDone(), "serial 9 is another certificate");
        Files.copy(keys.krl("krl2", "nms-ca", "serial: 8\n"), list, StandardCopyOption.REPLACE_EXISTING);
        revoked.refresh();

        ExecutionException ended = assertThrows(ExecutionException.class,
                () -> connection.closed().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS));
        String why = ended.getCause().getMessage();
        assertTrue(why.startsWith("the NMS host certificate was revoked while connected: serial 8 is revoked for CA "
                + SshKeys.fingerprint(keys.publicKey("nms-ca"))), why);
        assertTrue(device.currentFacts().isEmpty(), "no live session");
        assertTrue(connectFails("localhost").contains("the NMS host certificate is revoked: serial 8"));
    }

    @Test
    void aNewListEndsTheLiveSessionWhoseNmsHostKeyItRevokes() throws Exception {
        startNms(null);
        Path list = Files.writeString(dir.resolve("revoked_keys"), "# nothing yet\n");
        RevocationWatch revoked = RevocationWatch.following(RevokedKeysFile.open(list));
        startDevice(keys.publicKeyText("nms") + "\n", Optional.empty(), revoked);
        Connection connection = connect("localhost");

        Files.writeString(list, keys.publicKeyText("nms") + " revoked\n", StandardOpenOption.APPEND);
        revoked.refresh();

        ExecutionException ended = assertThrows(ExecutionException.class,
                () -> connection.closed().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals("the NMS host key was revoked while connected: key " + SshKeys.fingerprint(keys.publicKey("nms"))
                + " is listed (key list " + list + ": 1 key)", ended.getCause().getMessage());
    }

    /**
     * What MINA 2.20 does by itself, which the device replaces ({@code VerifierJudgedKeyExchange}): its
     * client compares host certificate principals with the host it was told to connect to, as
     * OpenSSH does, and ends the key exchange with its own message when none matches.
     */
    @Test
    void minaItselfComparesHostCertificatePrincipalsWithTheConnectHost() throws Exception {
        startNms(keys.hostCertificate("nms-ca", "nms", "localhost"));
        SshClient client = SshClient.setUpDefaultClient();
        SshPolicy.applyTo(client);
        client.setServerKeyVerifier((session, remote, key) -> key instanceof OpenSshCertificate);
        client.start();
        try {
            try (ClientSession session = client.connect(LOGIN, "localhost", nms.port()).verify(WAIT).getClientSession()) {
                session.addPublicKeyIdentity(keys.keyPair("device"));
                session.auth().verify(WAIT);
                assertInstanceOf(OpenSshCertificate.class, session.getServerKey());
            }
            Exception refused = assertThrows(Exception.class, () -> {
                try (ClientSession session = client.connect(LOGIN, "127.0.0.1", nms.port()).verify(WAIT)
                        .getClientSession()) {
                    session.addPublicKeyIdentity(keys.keyPair("device"));
                    session.auth().verify(WAIT);
                }
            });
            assertTrue(String.valueOf(refused.getMessage()).contains("invalid principal 127.0.0.1"),
                    String.valueOf(refused.getMessage()));
        } finally {
            client.stop();
        }
    }
}
