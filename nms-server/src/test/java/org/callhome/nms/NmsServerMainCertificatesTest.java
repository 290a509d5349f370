package org.callhome.nms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.callhome.shared.ssh.SshKeygen;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.callhome.shared.testing.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate options as an operator meets them: each bad file is refused at start with the
 * option, the file and what is wrong (exit 1), a combination that makes no sense is a usage error
 * (exit 2), and a refused start leaves no state folder behind. Keys and certificates are made with
 * {@code ssh-keygen}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NmsServerMainCertificatesTest {

    @TempDir
    Path dir;

    private CommandRun last;

    @Test
    void aMalformedIdentityCertificateNamesTheOptionTheFileAndTheLine() throws IOException {
        Path cert = Files.writeString(dir.resolve("nms-cert.pub"), "ssh-ed25519-cert-v01@openssh.com AAAA!!!! nms\n");
        assertEquals(1, run(reverseSsh("--identity-cert", cert.toString())));
        assertTrue(last.err().startsWith("nms-server: --identity-cert " + cert + ":1: malformed certificate data: "),
                last.err());
        assertFalse(Files.exists(state()));
    }

    @Test
    void anIdentityCertificateOfAnotherKeyNamesBothFiles() throws IOException {
        Path other = key("other");
        SshKeygen.run("-q", "-s", key("ca").toString(), "-I", "nms", "-n", "nms", other + ".pub");
        Path cert = Path.of(other + "-cert.pub");
        assertEquals(1, run(reverseSsh("--identity-cert", cert.toString())));
        assertTrue(last.err().startsWith("nms-server: --identity-cert " + cert + ": certifies key "
                + SshKeygen.fingerprint(other) + ", but " + key("nms") + " holds key "), last.err());
    }

    @Test
    void aPrivateKeyGivenAsDeviceCaIsRefused() throws IOException {
        Path ca = key("ca");
        assertEquals(1, run(reverseSsh("--device-ca", ca.toString())));
        assertTrue(last.err().startsWith("nms-server: --device-ca " + ca + ":1: this is a private key, but this file "
                + "lists public keys"), last.err());
        assertFalse(Files.exists(state()));
    }

    @Test
    void aPemCaCertificateIsTakenAsAnX509CaAndDeviceIdsApplyToIt() throws IOException {
        Path ca = Files.writeString(dir.resolve("device-ca.pem"), X509Lab.pem(new X509Lab().root("Device CA").issue()
                .certificate()));
        Path ids = Files.writeString(dir.resolve("ids"), "dev-1 dev-2\n");
        // the CA file is read before the ids: the ids' error shows the CA was taken, and --device-ids needs no more
        assertEquals(1, run(reverseSsh("--device-ca", ca.toString(), "--device-ids", ids.toString())));
        assertEquals("nms-server: --device-ids " + ids + ":1: holds 2 words, but a line is one device id: "
                + "'<device-id>', one a line, such as 'dev-17'\n", last.err());
    }

    @Test
    void aDeviceCaFileMixingPemCertificatesAndOpenSshKeysIsRefused() throws IOException {
        String pem = X509Lab.pem(new X509Lab().root("Device CA").issue().certificate());
        Path mixed = Files.writeString(dir.resolve("mixed.pem"), pem + Files.readString(Path.of(key("ca") + ".pub")));
        assertEquals(1, run(reverseSsh("--device-ca", mixed.toString())));
        assertTrue(last.err().startsWith("nms-server: --device-ca " + mixed + ":" + (pem.lines().count() + 1)
                + ": an OpenSSH key line in a file of PEM blocks; a --device-ca file holds either OpenSSH CA keys"),
                last.err());
        assertFalse(Files.exists(state()));
    }

    @Test
    void aPemPrivateKeyGivenAsDeviceCaIsRefused() throws IOException {
        Issued root = new X509Lab().root("Device CA").issue();
        Path key = Files.writeString(dir.resolve("ca-key.pem"), X509Lab.pem("PRIVATE KEY",
                root.keyPair().getPrivate().getEncoded()));
        assertEquals(1, run(reverseSsh("--device-ca", key.toString())));
        assertTrue(last.err().startsWith("nms-server: --device-ca " + key + ":1: block 1: this is a private key; give "
                + "the CA's certificate"), last.err());
        assertFalse(Files.exists(state()));
    }

    @Test
    void aDeviceCertificateGivenAsDeviceCaIsRefused() throws IOException {
        X509Lab lab = new X509Lab();
        Issued device = lab.device(lab.root("Device CA").issue(), "dev-1").issue();
        Path file = Files.writeString(dir.resolve("device.pem"), X509Lab.pem(device.certificate()));
        assertEquals(1, run(reverseSsh("--device-ca", file.toString())));
        assertTrue(last.err().startsWith("nms-server: --device-ca " + file + ":1: block 1: "), last.err());
        assertTrue(last.err().contains("is not a CA certificate (no basicConstraints CA:TRUE)"), last.err());
        assertFalse(Files.exists(state()));
    }

    @Test
    void aRevocationListThatDoesNotParseStopsTheStart() throws IOException {
        Path krl = Files.write(dir.resolve("revoked.krl"), new byte[] {'S', 'S', 'H', 'K', 'R', 'L', '\n', 0, 0, 0});
        assertEquals(1, run(reverseSsh("--revoked-keys", krl.toString())));
        assertEquals("nms-server: --revoked-keys " + krl + ": not a valid OpenSSH KRL: at byte 8: input ends where a "
                + "uint32 was expected\n", last.err());
        assertFalse(Files.exists(state()));
    }

    @Test
    void deviceIdsWithoutADeviceCaIsAUsageError() throws IOException {
        Path ids = Files.writeString(dir.resolve("ids"), "dev-1\n");
        assertEquals(2, run(reverseSsh("--device-ids", ids.toString())));
        assertEquals("nms-server: --device-ids FILE lists the ids that device certificates may name: it needs "
                + "--device-ca FILE, the CAs that sign those certificates\n"
                + "Try 'nms-server --help' for more information.\n", last.err());
    }

    @Test
    void aDeviceIdsLineWithTwoIdsIsRefusedWithItsLine() throws IOException {
        Path ids = Files.writeString(dir.resolve("ids"), "# expected\ndev-1\ndev-2 dev-3\n");
        assertEquals(1, run(reverseSsh("--device-ca", key("ca") + ".pub", "--device-ids", ids.toString())));
        assertEquals("nms-server: --device-ids " + ids + ":3: holds 2 words, but a line is one device id: "
                + "'<device-id>', one a line, such as 'dev-17'\n", last.err());
    }

    @Test
    void aUserCertificateGivenAsHostCertificateIsRefused() throws IOException {
        Path hostKey = key("host");
        SshKeygen.run("-q", "-s", key("ca").toString(), "-I", "nms", "-n", "nms", hostKey + ".pub");
        Path cert = Path.of(hostKey + "-cert.pub");
        assertEquals(1, run(args("--mode", "device-ssh-client", "--ssh-listen", "127.0.0.1:" + freePort(),
                "--host-key", hostKey.toString(), "--host-cert", cert.toString())));
        assertEquals("nms-server: --host-cert " + cert + ": a user certificate, but the NMS's SSH server presents a "
                + "host certificate (ssh-keygen -s with -h)\n", last.err());
        assertFalse(Files.exists(state()));
    }

    @Test
    void anX509HostChainOfAnotherKeyNamesBothFiles() throws IOException {
        Path hostKey = dir.resolve("host");
        SshKeygen.run("-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", hostKey.toString());
        X509Lab lab = new X509Lab();
        Issued ca = lab.root("NMS CA").issue();
        Path cert = Files.writeString(dir.resolve("host.pem"), X509Lab.pem(lab.device(ca, "nms")
                .key(X509Lab.ec("secp256r1")).issue().certificate(), ca.certificate()));
        assertEquals(1, run(args("--mode", "device-ssh-client", "--ssh-listen", "127.0.0.1:" + freePort(),
                "--host-key", hostKey.toString(), "--host-cert", cert.toString())));
        assertTrue(last.err().startsWith("nms-server: --host-cert " + cert + ": certificate "), last.err());
        assertTrue(last.err().contains(", but " + hostKey + " holds key " + SshKeygen.fingerprint(hostKey)),
                last.err());
        assertFalse(Files.exists(state()));
    }

    @Test
    void helpExplainsEveryCertificateOption() {
        assertEquals(0, run(List.of("--help")));
        for (String option : List.of("--device-ca", "--device-ids", "--revoked-keys", "--identity-cert",
                "--host-cert")) {
            assertTrue(last.out().contains(option + "=FILE"), option + " in:\n" + last.out());
        }
        assertTrue(last.out().lines().allMatch(line -> line.length() <= 80), last.out());
    }

    private int run(List<String> args) {
        last = CommandRun.of(new NmsServerMain(), args.toArray(String[]::new));
        return last.exitCode();
    }

    /** reverse-ssh with an identity, its own state folder and ports nobody uses, then {@code more}. */
    private List<String> reverseSsh(String... more) throws IOException {
        List<String> args = args("--listen", "127.0.0.1:" + freePort(), "--identity", key("nms").toString());
        args.addAll(List.of(more));
        return args;
    }

    private List<String> args(String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--state-dir", state().toString(), "--http",
                "127.0.0.1:" + freePort()));
        args.addAll(List.of(more));
        return args;
    }

    private Path state() {
        return dir.resolve("nms-state");
    }

    /** An Ed25519 key made by ssh-keygen, with its .pub beside it. */
    private Path key(String name) throws IOException {
        SshKeygen.require();
        Path file = dir.resolve(name);
        return Files.exists(file) ? file : SshKeygen.generate(dir, name, "ed25519", 0, null, "");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
