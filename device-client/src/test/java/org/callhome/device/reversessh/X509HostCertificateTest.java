package org.callhome.device.reversessh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.callhome.device.X509HostPki;
import org.callhome.device.accounts.AccountTable;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.X509Text;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.ssh.x509.X509Algorithm;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in reverse-ssh device with an X.509 host certificate (RFC 6187), its key a PKCS#8 PEM
 * file as openssl writes one: against a MINA NMS on loopback that takes X.509 host keys, the device
 * presents exactly the chain of its file under the algorithm of its key, and still its plain key to an
 * NMS that does not ask for X.509; a file that is no chain of the host key is refused, naming it.
 */
class X509HostCertificateTest {

    private static final String ACCOUNT = "nms";

    @TempDir
    Path dir;

    private X509HostPki pki;
    private KeyPair nmsKey;
    private ScheduledExecutorService scheduler;
    private ReverseSshNms nms;
    private ReverseSshDevice device;

    @BeforeEach
    void setUp() {
        pki = new X509HostPki(dir, "Device Root CA");
        nmsKey = SshKeys.generateEd25519();
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

    private void startDevice(Path keyFile, Optional<Path> certificateFile) throws IOException {
        Path authorized = Files.writeString(dir.resolve("nms.authorized_keys"), SshKeys.toOpenSsh(nmsKey.getPublic())
                + "\n");
        AccountTable accounts = AccountTable.load(List.of(new Account(ACCOUNT, Role.ADMIN, Optional.of(authorized))),
                RevocationWatch.NONE, Clock.systemUTC());
        Optional<HostCertificate> certificate = certificateFile.isPresent()
                ? Optional.of(ReverseSshStrategy.hostCertificate(certificateFile.get(), keyFile, false))
                : Optional.empty();
        device = new ReverseSshDevice(SshKeys.loadPrivateKey(keyFile), certificate, accounts, RevocationWatch.NONE,
                Duration.ofSeconds(10), Keepalives.DEFAULT, channel -> {
                    throw new IOException("no NETCONF in these tests");
                }, 1024 * 1024, scheduler);
    }

    private ReverseSshNms.Login call(boolean x509Hosts) throws Exception {
        if (nms != null) {
            nms.close();
        }
        nms = new ReverseSshNms(ACCOUNT, nmsKey, false, x509Hosts);
        device.connect(nms.endpoint(), Duration.ofSeconds(30));
        return nms.nextLogin();
    }

    /** A device with a key of {@code key}'s kind in a PEM file presents its chain to an NMS asking for X.509. */
    private void presentsTheChain(KeyPair key, X509Algorithm algorithm) throws Exception {
        Path keyFile = pki.keyFile("host_key.pem", key);
        List<X509Certificate> chain = pki.chain("dev-1", key);
        startDevice(keyFile, Optional.of(pki.write("host_chain.pem", chain)));

        ReverseSshNms.Login login = call(true);

        X509PublicKey presented = assertInstanceOf(X509PublicKey.class, login.hostKey());
        assertEquals(chain, presented.chain(), "exactly the chain of the file, end-entity first");
        assertEquals(algorithm, presented.x509Algorithm());
        assertEquals(SshKeys.fingerprint(key.getPublic()), SshKeys.fingerprint(presented.signingKey()));
        assertTrue(login.accepted());

        ReverseSshNms.Login plain = call(false);
        assertEquals(SshKeys.fingerprint(key.getPublic()), SshKeys.fingerprint(plain.hostKey()),
                "the plain key to an NMS that does not ask for X.509");
        assertTrue(plain.accepted());
    }

    @Test
    void presentsAnEcP256ChainFromPemFiles() throws Exception {
        presentsTheChain(X509HostPki.ec("secp256r1"), X509Algorithm.ECDSA_NISTP256);
    }

    @Test
    void presentsAnEcP384Chain() throws Exception {
        presentsTheChain(X509HostPki.ec("secp384r1"), X509Algorithm.ECDSA_NISTP384);
    }

    @Test
    void presentsAnEcP521Chain() throws Exception {
        presentsTheChain(X509HostPki.ec("secp521r1"), X509Algorithm.ECDSA_NISTP521);
    }

    @Test
    void presentsAnRsa2048Chain() throws Exception {
        presentsTheChain(X509HostPki.rsa(2048), X509Algorithm.RSA2048_SHA256);
    }

    @Test
    void aPkcs8PemKeyLoadsAsTheKeyItHolds() throws Exception {
        for (KeyPair key : List.of(X509HostPki.ec("secp256r1"), X509HostPki.ec("secp521r1"), X509HostPki.rsa(2048))) {
            Path file = pki.keyFile("key.pem", key);
            assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----\n"));
            KeyPair loaded = SshKeys.loadPrivateKey(file);
            assertEquals(SshKeys.fingerprint(key.getPublic()), SshKeys.fingerprint(loaded.getPublic()));
            assertEquals(key.getPrivate(), loaded.getPrivate());
        }
    }

    @Test
    void aChainOfAnotherKeyIsRefusedNamingBothFiles() throws Exception {
        KeyPair key = X509HostPki.ec("secp256r1");
        Path keyFile = pki.keyFile("host_key.pem", key);
        KeyPair other = X509HostPki.ec("secp256r1");
        List<X509Certificate> chain = pki.chain("dev-1", other);
        Path file = pki.write("other_chain.pem", chain);

        IOException e = assertThrows(IOException.class, () -> ReverseSshStrategy.hostCertificate(file, keyFile, false));
        assertEquals(file + ": " + X509Text.describe(chain.get(0)) + " certifies key " + SshKeys.fingerprint(
                other.getPublic()) + ", but " + keyFile + " holds key " + SshKeys.fingerprint(key.getPublic())
                + "; give the private key the certificate was made for (the end-entity certificate comes first in"
                + " the file)", e.getMessage());
    }

    @Test
    void aChainInTheWrongOrderIsRefusedPointingAtTheBlock() throws Exception {
        KeyPair key = X509HostPki.ec("secp256r1");
        Path keyFile = pki.keyFile("host_key.pem", key);
        List<X509Certificate> chain = pki.chain("dev-1", key);
        Path file = pki.write("reversed.pem", List.of(chain.get(1), chain.get(0)));

        IOException e = assertThrows(IOException.class, () -> ReverseSshStrategy.hostCertificate(file, keyFile, false));
        assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(": block 2: " + X509Text.describe(chain.get(0)) + " did not issue the"
                + " certificate before it"), e.getMessage());
    }

    @Test
    void aKeyNoRfc6187AlgorithmTakesIsRefused() throws Exception {
        KeyPair small = X509HostPki.rsa(1024);
        Path keyFile = pki.keyFile("host_key.pem", small);
        Path file = pki.write("small.pem", pki.chain("dev-1", small));

        IOException e = assertThrows(IOException.class, () -> ReverseSshStrategy.hostCertificate(file, keyFile, false));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" certifies an RSA key of 1024 bits, which no RFC 6187 algorithm takes;"
                + " an X.509 certificate needs an EC P-256, P-384 or P-521 key, or RSA of at least 2048 bits"),
                e.getMessage());
    }

    @Test
    void aPrivateKeyGivenAsTheChainSaysWhereItGoes() throws Exception {
        KeyPair key = X509HostPki.ec("secp256r1");
        Path keyFile = pki.keyFile("host_key.pem", key);

        IOException e = assertThrows(IOException.class, () -> ReverseSshStrategy.hostCertificate(keyFile, keyFile,
                false));
        assertEquals(keyFile + ":1: block 1: this is 'PRIVATE KEY', not a certificate; an X.509 certificate file"
                + " holds our certificate and its CAs' as -----BEGIN CERTIFICATE----- blocks (the private key"
                + " goes to --host-key)", e.getMessage());
    }

    @Test
    void stockOpenSshCannotPresentAnX509Chain() throws Exception {
        KeyPair key = X509HostPki.ec("secp256r1");
        Path keyFile = pki.keyFile("host_key.pem", key);
        Path file = pki.write("host_chain.pem", pki.chain("dev-1", key));

        IOException e = assertThrows(IOException.class, () -> ReverseSshStrategy.hostCertificate(file, keyFile, true));
        assertEquals(file + ": is an X.509 certificate chain (RFC 6187), which OpenSSH's sshd cannot present (it has"
                + " no X.509 host keys); run the built-in server (--ssh-server mina), or give an OpenSSH host"
                + " certificate (ssh-keygen -s CA -h)", e.getMessage());
    }

    @Test
    void theRootMayEndTheChainAndIsSentToo() throws Exception {
        KeyPair key = X509HostPki.ec("secp256r1");
        Path keyFile = pki.keyFile("host_key.pem", key);
        List<X509Certificate> chain = List.of(pki.chain("dev-1", key).get(0), pki.intermediate.certificate(),
                pki.root.certificate());
        HostCertificate read = ReverseSshStrategy.hostCertificate(pki.write("with_root.pem", chain), keyFile, false);
        assertEquals(chain, assertInstanceOf(HostCertificate.X509Chain.class, read).chain());
    }
}
