package org.callhome.nms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.callhome.shared.ssh.x509.X509Algorithm;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.callhome.shared.testing.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --mode tls} as an operator meets it: what it needs (an X.509 identity of --identity, a PEM
 * --device-ca) is asked for by name when missing, lists of modes are taken, and a word that names no
 * strategy is refused with the ones that do; all of it before anything starts.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NmsServerMainTlsTest {

    @TempDir
    Path dir;

    private final X509Lab lab = new X509Lab();
    private final Instant now = Instant.now();
    private CommandRun last;
    /** The CA of the last NMS certificate made. */
    private Issued nmsCa;

    @Test
    void tlsWithoutAnIdentityAsksForTheKeyAndItsCertificate() throws IOException {
        assertEquals(2, run(args("--mode", "tls")));
        assertTrue(last.err().contains("--identity FILE is required for tls"), last.err());

        Issued nms = nmsCertificate();
        assertEquals(2, run(args("--mode", "tls", "--identity", key(nms).toString())));
        assertTrue(last.err().contains("--identity-cert FILE is required for tls"), last.err());
        assertFalse(Files.exists(state()), "a refused start leaves no state folder");
    }

    @Test
    void tlsTakesAnX509ChainOnlyNotAnOpenSshCertificate() throws IOException {
        Issued nms = nmsCertificate();
        Path openSsh = X509Lab.write(dir.resolve("nms-cert.pub"), "ssh-ed25519-cert-v01@openssh.com AAAA nms\n");
        assertEquals(2, run(args("--mode", "tls", "--identity", key(nms).toString(), "--identity-cert",
                openSsh.toString())));
        assertTrue(last.err().contains("tls needs an X.509 certificate chain in PEM"), last.err());
    }

    @Test
    void anIdentityCertificateOfAnotherKeyNamesBothFiles() throws IOException {
        Issued nms = nmsCertificate();
        Issued other = nmsCertificate();
        assertEquals(1, run(args("--mode", "tls", "--identity", key(other).toString(), "--identity-cert",
                chain(nms).toString(), "--device-ca", caFile(nms).toString())));
        assertTrue(last.err().contains("--identity-cert") && last.err().contains("--identity"), last.err());
    }

    @Test
    void aModeThatNamesNoStrategyIsRefusedWithTheOnesThatDo() throws IOException {
        assertEquals(2, run(args("--mode", "reverse-ssh,carrier-pigeon")));
        assertTrue(last.err().contains("--mode must be reverse-ssh, device-ssh-client, tls, a comma-separated list "
                + "of them, both or all, not 'reverse-ssh,carrier-pigeon'"), last.err());
    }

    /**
     * Zero touch for tls: taken with --mode tls, with a chain whose CA devices are told to trust or a
     * certificate alone, which they pin (the next check, a bootstrap file, is what stops these runs);
     * refused without it and, before anything starts, when the NMS's certificate alone is a CA's,
     * which no device pins.
     */
    @Test
    void tlsIsABootstrapStrategyWhenTheNmsServesIt() throws IOException {
        Issued nms = nmsCertificate();
        Path chain = X509Lab.write(dir.resolve("nms-chain.pem"), X509Lab.pem(nms.certificate(), nmsCa.certificate()));
        assertEquals(2, run(args("--mode", "tls", "--identity", key(nms).toString(), "--identity-cert",
                chain.toString(), "--bootstrap-listen", "127.0.0.1:" + freePort(), "--bootstrap-strategy", "tls")));
        assertTrue(last.err().contains("--bootstrap-tls-cert FILE is required for --bootstrap-listen"), last.err());

        assertEquals(2, run(args("--mode", "reverse-ssh", "--identity", key(nms).toString(), "--bootstrap-listen",
                "127.0.0.1:" + freePort(), "--bootstrap-strategy", "tls")));
        assertTrue(last.err().contains("--bootstrap-strategy tls: the NMS does not serve it; add it to --mode"),
                last.err());

        assertEquals(2, run(args("--mode", "tls", "--identity", key(nms).toString(), "--identity-cert",
                chain(nms).toString(), "--bootstrap-listen", "127.0.0.1:" + freePort(), "--bootstrap-strategy",
                "tls")));
        assertTrue(last.err().contains("--bootstrap-tls-cert FILE is required for --bootstrap-listen"), last.err());

        Issued selfSignedCa = lab.root("nms").validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)))
                .key(X509Lab.key(X509Algorithm.ECDSA_NISTP256)).issue();
        assertEquals(2, run(args("--mode", "tls", "--identity", key(selfSignedCa).toString(), "--identity-cert",
                chain(selfSignedCa).toString(), "--bootstrap-listen", "127.0.0.1:" + freePort(),
                "--bootstrap-strategy", "tls")));
        assertTrue(last.err().contains("--bootstrap-strategy tls: --identity-cert " + chain(selfSignedCa)
                + ": the NMS's TLS chain is its certificate alone, which devices would pin, but"), last.err());
        assertTrue(last.err().contains("is a CA certificate"), last.err());
        assertFalse(Files.exists(state()), "a refused start leaves no state folder");
    }

    @Test
    void helpExplainsTlsAndItsListener() {
        assertEquals(0, run(List.of("--help")));
        assertTrue(last.out().contains("--tls-listen=HOST:PORT"), last.out());
        assertTrue(last.out().contains("--mode tls"), last.out());
        assertTrue(last.out().replaceAll("\\s+", " ").contains("TCP keepalives"), "the heartbeat deviation is stated: "
                + last.out());
        assertTrue(last.out().lines().allMatch(line -> line.length() <= 80), last.out());
    }

    private Issued nmsCertificate() {
        nmsCa = lab.root("NMS CA").validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)))
                .key(X509Lab.key(X509Algorithm.ECDSA_NISTP256)).issue();
        return lab.device(nmsCa, "nms-1").validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)))
                .key(X509Lab.key(X509Algorithm.ECDSA_NISTP256)).keyUsage(KeyUsage.digitalSignature)
                .extendedKeyUsage(X509Lab.TLS_CLIENT).issue();
    }

    private Path key(Issued issued) {
        return X509Lab.write(dir.resolve("key-" + issued.serial() + ".pem"),
                X509Lab.pem("PRIVATE KEY", issued.keyPair().getPrivate().getEncoded()));
    }

    private Path chain(Issued issued) {
        return X509Lab.write(dir.resolve("cert-" + issued.serial() + ".pem"), X509Lab.pem(issued.certificate()));
    }

    /** A CA file that is a PEM CA certificate (the NMS's own CA stands in for the devices'). */
    private Path caFile(Issued issued) {
        Issued ca = lab.root("Device CA").validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)))
                .issue();
        return X509Lab.write(dir.resolve("device-ca-" + issued.serial() + ".pem"), X509Lab.pem(ca.certificate()));
    }

    private int run(List<String> args) {
        last = CommandRun.of(new NmsServerMain(), args.toArray(String[]::new));
        return last.exitCode();
    }

    private List<String> args(String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--state-dir", state().toString(), "--http",
                "127.0.0.1:" + freePort(), "--tls-listen", "127.0.0.1:" + freePort()));
        args.addAll(List.of(more));
        return args;
    }

    private Path state() {
        return dir.resolve("nms-state");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
