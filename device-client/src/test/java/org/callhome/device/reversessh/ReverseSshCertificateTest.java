package org.callhome.device.reversessh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.device.SignedKeys;
import org.callhome.device.accounts.AccountTable;
import org.callhome.device.callhome.Connection;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.ssh.cert.RevokedKeysFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in (MINA) reverse-ssh device with OpenSSH certificates, against a real MINA client
 * as the NMS on loopback, all certificates made by ssh-keygen: the device presents its host
 * certificate, lets in an NMS user certificate of a CA an account trusts when it names one of the
 * principals listed, and refuses revoked NMS keys and certificates, ending a live session when a new
 * revocation list names the NMS's login.
 */
class ReverseSshCertificateTest {

    private static final String ACCOUNT = "nms";
    private static final long WAIT_SECONDS = 30;

    @TempDir
    Path dir;

    private SignedKeys keys;
    private ScheduledExecutorService scheduler;
    private ReverseSshNms nms;
    private ReverseSshDevice device;

    @BeforeEach
    void setUp() {
        keys = new SignedKeys(dir);
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

    /** A device whose account {@code nms} has {@code authorizedKeys} as its file. */
    private void startDevice(Optional<Path> hostCertificate, String authorizedKeys, RevocationWatch revoked)
            throws IOException {
        Path file = Files.writeString(dir.resolve("nms.authorized_keys"), authorizedKeys);
        AccountTable accounts = AccountTable.load(List.of(new Account(ACCOUNT, Role.ADMIN, Optional.of(file))),
                revoked, Clock.systemUTC());
        Optional<HostCertificate> certificate = hostCertificate.isPresent()
                ? Optional.of(ReverseSshStrategy.hostCertificate(hostCertificate.get(), keys.key("device"), false))
                : Optional.empty();
        device = new ReverseSshDevice(keys.keyPair("device"), certificate, accounts, revoked, Duration.ofSeconds(10),
                Keepalives.DEFAULT, channel -> {
                    throw new IOException("no NETCONF in these tests");
                }, 1024 * 1024, scheduler);
    }

    private ReverseSshNms.Login call(KeyPair identity) throws Exception {
        if (nms != null) {
            nms.close();
        }
        nms = new ReverseSshNms(ACCOUNT, identity);
        device.connect(nms.endpoint(), Duration.ofSeconds(30));
        return nms.nextLogin();
    }

    @Test
    void presentsItsHostCertificateToAnNmsThatAsksForCertificates() throws Exception {
        startDevice(Optional.of(keys.hostCertificate("device-ca", "device", "dev-1")),
                keys.publicKeyText("nms") + "\n", RevocationWatch.NONE);

        ReverseSshNms.Login login = call(keys.keyPair("nms"));

        OpenSshCertificate presented = assertInstanceOf(OpenSshCertificate.class, login.hostKey());
        assertEquals(OpenSshCertificate.Type.HOST, presented.getType());
        assertEquals(List.of("dev-1"), List.copyOf(presented.getPrincipals()));
        assertEquals(SshKeys.fingerprint(keys.publicKey("device")), SshKeys.fingerprint(presented.getCertPubKey()));
        assertTrue(login.accepted());
    }

    @Test
    void presentsThePlainHostKeyWithoutACertificate() throws Exception {
        startDevice(Optional.empty(), keys.publicKeyText("nms") + "\n", RevocationWatch.NONE);
        ReverseSshNms.Login login = call(keys.keyPair("nms"));
        assertEquals(SshKeys.toOpenSsh(keys.publicKey("device")), SshKeys.toOpenSsh(login.hostKey()));
    }

    @Test
    void anAccountTrustingAnNmsCaLetsInItsUserCertificateNamingAListedPrincipal() throws Exception {
        startDevice(Optional.empty(), "cert-authority,principals=\"nms-ops,nms-backup\" "
                + keys.publicKeyText("nms-ca") + " nms CA\n", RevocationWatch.NONE);

        assertTrue(call(keys.userLogin("nms-ca", "nms", "nms-backup").certificateKeyPair()).accepted());
        assertFalse(call(keys.userLogin("nms-ca", "nms", "intruder").certificateKeyPair()).accepted(),
                "another principal");
        assertFalse(call(keys.userLogin("other-ca", "nms", "nms-ops").certificateKeyPair()).accepted(),
                "another CA");
        assertFalse(call(keys.keyPair("nms-ca")).accepted(), "the CA key is no user key");
        assertFalse(call(keys.keyPair("nms")).accepted(), "the certified key alone is not authorized");
    }

    @Test
    void withoutPrincipalsTheCertificateMustNameTheAccount() throws Exception {
        startDevice(Optional.empty(), "cert-authority " + keys.publicKeyText("nms-ca") + "\n", RevocationWatch.NONE);

        assertTrue(call(keys.userLogin("nms-ca", "nms", "ops," + ACCOUNT).certificateKeyPair()).accepted());
        assertFalse(call(keys.userLogin("nms-ca", "nms", "ops").certificateKeyPair()).accepted());
    }

    @Test
    void refusesRevokedNmsKeysAndCertificatesReadingTheListAgainBeforeEachCall() throws Exception {
        Path list = Files.writeString(dir.resolve("revoked"), "");
        startDevice(Optional.empty(), keys.publicKeyText("nms") + "\ncert-authority " + keys.publicKeyText("nms-ca")
                + "\n", RevocationWatch.following(RevokedKeysFile.open(list)));
        KeyPair certificate = keys.userLogin("nms-ca", "other", ACCOUNT).certificateKeyPair();
        assertTrue(call(keys.keyPair("nms")).accepted());
        assertTrue(call(certificate).accepted());

        Files.copy(keys.krl("krl", null, "key: " + keys.publicKeyText("nms") + "\nkey: "
                + keys.publicKeyText("other") + "\n"), list, StandardCopyOption.REPLACE_EXISTING);

        assertFalse(call(keys.keyPair("nms")).accepted(), "revoked key");
        assertFalse(call(certificate).accepted(), "certificate of a revoked key");
    }

    /**
     * The list the agent's timer reads again every few seconds ({@link RevocationWatch#refresh}, called
     * here at once) ends a live session whose NMS logged in with a key or certificate it now revokes,
     * saying why; a session whose login it does not name stays.
     */
    @Test
    void aNewListEndsTheLiveSessionsWhoseNmsLoginItRevokes() throws Exception {
        Path list = Files.writeString(dir.resolve("revoked"), "# nothing revoked yet\n");
        RevocationWatch revoked = RevocationWatch.following(RevokedKeysFile.open(list));
        startDevice(Optional.empty(), keys.publicKeyText("nms") + "\ncert-authority " + keys.publicKeyText("nms-ca")
                + "\n", revoked);
        try (ReverseSshNms byKey = new ReverseSshNms(ACCOUNT, keys.keyPair("nms"), true);
             ReverseSshNms byCertificate = new ReverseSshNms(ACCOUNT, keys.certificateKeyPair("nms-ca", "other",
                     "-n", ACCOUNT, "-z", "7"), true)) {
            Connection keyed = live(byKey);
            Connection certified = live(byCertificate);

            Files.copy(keys.krl("krl", "nms-ca", "serial: 7\n"), list, StandardCopyOption.REPLACE_EXISTING);
            revoked.refresh();

            String why = certified.closed().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(why.startsWith("the NMS's login certificate was revoked while connected: serial 7 is revoked"
                    + " for CA " + SshKeys.fingerprint(keys.publicKey("nms-ca"))), why);
            assertFalse(keyed.closed().toCompletableFuture().isDone(), "the list does not name the other login");

            Files.copy(keys.krl("krl2", "nms-ca", "serial: 7\nkey: " + keys.publicKeyText("nms") + "\n"), list,
                    StandardCopyOption.REPLACE_EXISTING);
            revoked.refresh();

            why = keyed.closed().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(why.startsWith("the NMS's login key was revoked while connected: "), why);
            assertTrue(why.contains(SshKeys.fingerprint(keys.publicKey("nms"))), why);
        }
        assertFalse(call(keys.keyPair("nms")).accepted(), "and it cannot log in again");
    }

    /** The device calls {@code nms}, whose login it accepts; the connection stays until the device ends it. */
    private Connection live(ReverseSshNms nms) throws Exception {
        Connection connection = device.connect(nms.endpoint(), Duration.ofSeconds(WAIT_SECONDS)).toCompletableFuture()
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        ReverseSshNms.Login login = nms.nextLogin();
        assertTrue(login.accepted());
        assertFalse(login.closed().isDone());
        return connection;
    }
}
