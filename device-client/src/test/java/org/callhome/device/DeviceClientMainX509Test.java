package org.callhome.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.callhome.device.callhome.DialerListener;
import org.callhome.device.reversessh.ReverseSshNms;
import org.callhome.shared.config.CallHomeJson;
import org.callhome.shared.config.DeviceCallHomeConfig;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.X509Text;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.testing.CommandRun;
import org.callhome.shared.testing.Yanglint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The device's command line with an X.509 host certificate (RFC 6187) in reverse-ssh: a chain of
 * another key, and any X.509 chain for stock OpenSSH, are refused at start, naming the file and
 * creating nothing; {@code --print-config} carries the chain file, and a device started from that
 * configuration presents the chain.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeviceClientMainX509Test {

    @TempDir
    Path dir;

    private X509HostPki pki;
    private KeyPair hostKey;
    private Path hostKeyFile;
    private CommandRun last;

    @BeforeEach
    void setUp() {
        pki = new X509HostPki(dir, "Device Root CA");
        hostKey = X509HostPki.ec("secp256r1");
        hostKeyFile = pki.keyFile("host_key.pem", hostKey);
    }

    private int run(String... args) {
        last = CommandRun.of(new DeviceClientMain(), args);
        return last.exitCode();
    }

    private Path data() {
        return dir.resolve("device-data");
    }

    private String[] reverseSsh(String... more) {
        List<String> args = new ArrayList<>(List.of("--mode", "reverse-ssh", "--nms", "127.0.0.1",
                "--account", "nms:admin", "--datastore", data().toString(), "--host-key", hostKeyFile.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aChainOfAnotherKeyIsRefusedAtStartNamingTheFile() {
        KeyPair other = X509HostPki.ec("secp256r1");
        List<X509Certificate> chain = pki.chain("dev-1", other);
        Path file = pki.write("other_chain.pem", chain);

        assertEquals(1, run(reverseSsh("--host-cert", file.toString())));

        assertEquals("device-client: --host-cert " + file + ": " + X509Text.describe(chain.get(0)) + " certifies key "
                + SshKeys.fingerprint(other.getPublic()) + ", but " + hostKeyFile + " holds key "
                + SshKeys.fingerprint(hostKey.getPublic()) + "; give the private key the certificate was made for (the"
                + " end-entity certificate comes first in the file)\n", last.err());
        assertFalse(Files.exists(data()), "nothing created");
    }

    @Test
    void anX509ChainForStockOpenSshIsRefusedAtStart() {
        Path file = pki.write("host_chain.pem", pki.chain("dev-1", hostKey));

        assertEquals(1, run(reverseSsh("--ssh-server", "openssh", "--host-cert", file.toString())));

        assertEquals("device-client: --host-cert " + file + ": is an X.509 certificate chain (RFC 6187), which"
                + " OpenSSH's sshd cannot present (it has no X.509 host keys); run the built-in server (--ssh-server"
                + " mina), or give an OpenSSH host certificate (ssh-keygen -s CA -h)\n", last.err());
        assertFalse(Files.exists(data()), "nothing created");
    }

    @Test
    void anAccountFileOfX509CasPassesTheStartChecksOfTheBuiltInServer() throws Exception {
        Path cas = pki.write("nms-cas.pem", List.of(pki.root.certificate()));
        Path bad = Files.writeString(dir.resolve("ops.keys"), "not a key\n");

        assertEquals(1, run("--mode", "reverse-ssh", "--nms", "127.0.0.1", "--datastore", data().toString(),
                "--host-key", hostKeyFile.toString(), "--account", "nms:admin:" + cas, "--account",
                "ops:read-only:" + bad));

        assertTrue(last.err().startsWith("device-client: --account ops:read-only:" + bad + ": "), "the X.509 file "
                + "is read as the agent reads it, and the next file's error is the one reported: " + last.err());
    }

    @Test
    void anAccountFileOfX509CasForStockOpenSshIsRefusedAtStart() throws Exception {
        Path cas = pki.write("nms-cas.pem", List.of(pki.root.certificate()));

        assertEquals(1, run("--mode", "reverse-ssh", "--nms", "127.0.0.1", "--datastore", data().toString(),
                "--host-key", hostKeyFile.toString(), "--ssh-server", "openssh", "--account", "nms:admin:" + cas));

        assertEquals("device-client: --account nms:admin:" + cas + ": " + cas + ": holds X.509 certificates (RFC"
                + " 6187), which OpenSSH's sshd cannot use (it has no X.509 user certificates); run the built-in"
                + " server (--ssh-server mina), or give an authorized_keys file (cert-authority lines for OpenSSH"
                + " certificates)\n", last.err());
        assertFalse(Files.exists(data()), "nothing created");
    }

    @Test
    void helpSaysTheHostCertificateMayBeAnX509Chain() {
        assertEquals(0, run("--help"));
        String help = last.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("or, with the built-in server only, an X.509 certificate chain in PEM (RFC 6187)"),
                help);
        assertTrue(help.contains("For an X.509 --host-cert: EC P-256, P-384, P-521 or RSA of at least 2048 bits"),
                help);
    }

    /** {@code --print-config} then {@code --config}: the same JSON, carrying the chain file, valid against the YANG modules. */
    @Test
    void printConfigCarriesTheChainFileAndReadsBack() throws Exception {
        Yanglint.requireAvailable();
        Path chainFile = pki.write("host_chain.pem", pki.chain("dev-1", hostKey));
        Path config = printedConfig("127.0.0.1:4334", chainFile, dir.resolve("nms.keys"));
        String printed = Files.readString(config);
        assertTrue(printed.contains("\"callhome-device-ssh:host-certificate-file\": \"" + chainFile + "\""), printed);
        Yanglint.assertValid(config);

        assertEquals(printed, printConfig("--mode", "reverse-ssh", "--config", config.toString()), "read back the same");
    }

    /** A device started from the printed configuration presents the chain of the file to an NMS asking for X.509. */
    @Test
    void aDeviceStartedFromThePrintedConfigurationPresentsTheChain() throws Exception {
        List<X509Certificate> chain = pki.chain("dev-1", hostKey);
        Path chainFile = pki.write("host_chain.pem", chain);
        KeyPair nmsKey = SshKeys.generateEd25519();
        Path authorized = Files.writeString(dir.resolve("nms.keys"), SshKeys.toOpenSsh(nmsKey.getPublic()) + "\n");
        try (ReverseSshNms nms = new ReverseSshNms("nms", nmsKey, false, true)) {
            DeviceCallHomeConfig read = CallHomeJson.read(printedConfig(nms.endpoint().hostPort(), chainFile,
                    authorized));
            assertEquals(Optional.of(chainFile), read.ssh().hostCertificateFile());
            DeviceAgent.Settings settings = new DeviceAgent.Settings(data(), read.clients().get(0), read.ssh(),
                    Duration.ofSeconds(10), DeviceAgent.SshServerKind.MINA, NetconfLimits.DEFAULT);
            try (DeviceAgent agent = DeviceAgent.start(settings, new DialerListener() { })) {
                ReverseSshNms.Login login = nms.nextLogin();
                assertEquals(chain, assertInstanceOf(X509PublicKey.class, login.hostKey()).chain());
                assertTrue(login.accepted());
                assertEquals(SshKeys.fingerprint(hostKey.getPublic()), agent.hostKeyFingerprint());
            }
        }
    }

    /** What {@code --print-config} writes for a device calling {@code nms} with the PEM host key and {@code chain}. */
    private Path printedConfig(String nms, Path chain, Path authorizedKeys) throws Exception {
        return Files.writeString(dir.resolve("device.json"), printConfig("--mode", "reverse-ssh", "--nms", nms,
                "--host-key", hostKeyFile.toString(), "--host-cert", chain.toString(), "--account", "nms:admin:"
                        + authorizedKeys));
    }

    /** What {@code --print-config} prints on stdout, which it writes to directly. */
    private static String printConfig(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            List<String> withPrint = new ArrayList<>(List.of(args));
            withPrint.add("--print-config");
            assertEquals(0, new CommandLine(new DeviceClientMain()).execute(withPrint.toArray(String[]::new)),
                    out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
