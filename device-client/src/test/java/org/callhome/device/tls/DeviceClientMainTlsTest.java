package org.callhome.device.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.callhome.device.DeviceClientMain;
import org.callhome.shared.config.TlsCallHomeYang;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.x509.X509Algorithm;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.testing.CommandRun;
import org.callhome.shared.testing.RepositoryFiles;
import org.callhome.shared.testing.Yanglint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device's command line in {@code --mode tls}: what it needs (a key that exists, its chain, accounts
 * of X.509 CAs), the SSH options it refuses, and a device started from the flags that an NMS manages.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DeviceClientMainTlsTest {

    @TempDir
    Path dir;

    private final X509Lab lab = new X509Lab();
    private final Instant from = Instant.now().minus(Duration.ofHours(1));
    private final Instant to = Instant.now().plus(Duration.ofDays(1));
    private X509Lab.Issued deviceCa;
    private X509Lab.Issued nmsCa;
    private X509Lab.Issued device;
    private Path keyFile;
    private Path chainFile;
    private Path nmsCaFile;
    private CommandRun last;

    @BeforeEach
    void setUp() throws Exception {
        deviceCa = lab.root("Device CA").validity(from, to).issue();
        nmsCa = lab.root("NMS CA").validity(from, to).issue();
        device = lab.device(deviceCa, "dev-1").validity(from, to).key(X509Lab.key(X509Algorithm.ECDSA_NISTP256))
                .keyUsage(KeyUsage.digitalSignature).extendedKeyUsage(X509Lab.TLS_SERVER).issue();
        keyFile = keyFile("device.key.pem", device.keyPair());
        chainFile = X509Lab.write(dir.resolve("device.chain.pem"), X509Lab.pem(device.certificate()));
        nmsCaFile = X509Lab.write(dir.resolve("nms.ca.pem"), X509Lab.pem(nmsCa.certificate()));
    }

    private Path keyFile(String name, KeyPair key) throws Exception {
        Path file = X509Lab.write(dir.resolve(name), X509Lab.pem("PRIVATE KEY", key.getPrivate().getEncoded()));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private Path data() {
        return dir.resolve("device-data");
    }

    private int run(String... args) {
        last = CommandRun.of(new DeviceClientMain(), args);
        return last.exitCode();
    }

    /** {@code --mode tls} with a key, its chain and an account, then {@code more}. */
    private String[] tls(String... more) {
        List<String> args = new ArrayList<>(List.of("--mode", "tls", "--nms", "127.0.0.1", "--datastore",
                data().toString(), "--host-key", keyFile.toString(), "--host-cert", chainFile.toString(),
                "--account", "ops:admin:" + nmsCaFile));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void helpNamesTheModeItsPortAndTheKeepaliveDeviation() {
        assertEquals(0, run("--help"));

        String help = last.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--mode tls (RFC 8071 over TLS, RFC 7589): dials the NMS (--nms, port 4335)"), help);
        assertTrue(help.contains("In --mode tls the default port is 4335."), help);
        assertTrue(help.contains("TLS heartbeats"), help);
        assertTrue(help.contains("tls (required): the device's TLS key"), help);
    }

    @Test
    void sshOptionsAreRefusedInTlsMode() {
        List<List<String>> sshOnly = List.of(List.of("--ssh-server", "openssh"), List.of("--ssh-server", "mina"),
                List.of("--nms-host-key", "nms.pub"), List.of("--login", "dev-1"), List.of("--identity", "id"),
                List.of("--identity-cert", "id-cert.pub"), List.of("--bind-account", "ops"),
                List.of("--device-id", "dev-1"), List.of("--subsystem", "x@example.net"));
        for (List<String> option : sshOnly) {
            assertEquals(2, run(tls(option.toArray(String[]::new))), option.toString());
            assertTrue(last.err().startsWith("device-client: " + option.get(0) + " does not apply to --mode tls: it is"
                    + " an SSH option; in tls the NMS proves itself with a TLS client certificate that an --account's"
                    + " X.509 file accepts (a CA of it, or pinned in it)\n"), last.err());
        }
        assertFalse(Files.exists(data()), "nothing created");
    }

    @Test
    void theKeyAndTheChainMustBeGiven() {
        assertEquals(2, run("--mode", "tls", "--nms", "127.0.0.1", "--host-cert", chainFile.toString(), "--account",
                "ops:admin:" + nmsCaFile));
        assertTrue(last.err().startsWith("device-client: --mode tls needs --host-key FILE (or a --config file naming"
                + " private-key-file): the device's TLS key"), last.err());

        assertEquals(2, run("--mode", "tls", "--nms", "127.0.0.1", "--host-key", keyFile.toString(), "--account",
                "ops:admin:" + nmsCaFile));
        assertTrue(last.err().startsWith("device-client: --mode tls needs --host-cert FILE (or a --config file"
                + " naming certificate-chain-file): the device's X.509 certificate chain in PEM"), last.err());
    }

    @Test
    void aMissingKeyIsAnErrorAndNotCreated() {
        Path missing = dir.resolve("missing.key.pem");

        assertEquals(1, run("--mode", "tls", "--nms", "127.0.0.1", "--datastore", data().toString(), "--host-key",
                missing.toString(), "--host-cert", chainFile.toString(), "--account",
                "ops:admin:" + nmsCaFile));

        assertEquals("device-client: --host-key " + missing + ": the device's TLS key does not exist;"
                + " in tls mode it is not created, as a new key would match no certificate: give the key its"
                + " certificate certifies (EC P-256, P-384 or P-521, or RSA of at least 2048 bits, in PEM or PKCS#8)\n",
                last.err());
        assertFalse(Files.exists(missing), "no key created");
        assertFalse(Files.exists(data()), "nothing created");
    }

    @Test
    void anEd25519KeyIsRefused() throws Exception {
        Path ed25519 = dir.resolve("ed25519_key");
        SshKeys.loadOrCreateHostKey(ed25519);

        assertEquals(1, run("--mode", "tls", "--nms", "127.0.0.1", "--datastore", data().toString(), "--host-key",
                ed25519.toString(), "--host-cert", chainFile.toString(), "--account",
                "ops:admin:" + nmsCaFile));

        assertTrue(last.err().startsWith("device-client: --host-key " + ed25519 + ": holds a key of type "),
                last.err());
        assertTrue(last.err().endsWith(", which TLS call home does not take here; give EC P-256, P-384 or P-521, or"
                + " RSA of at least 2048 bits, in PEM or PKCS#8\n"), last.err());
    }

    @Test
    void aChainOfAnotherKeyIsRefused() throws Exception {
        Path otherKey = keyFile("other.key.pem", X509Lab.key(X509Algorithm.ECDSA_NISTP256));

        assertEquals(1, run("--mode", "tls", "--nms", "127.0.0.1", "--datastore", data().toString(), "--host-key",
                otherKey.toString(), "--host-cert", chainFile.toString(), "--account",
                "ops:admin:" + nmsCaFile));

        assertTrue(last.err().startsWith("device-client: --host-cert " + chainFile + ": "), last.err());
        assertTrue(last.err().contains("give the private key the certificate was made for"), last.err());
        assertFalse(Files.exists(data()), "nothing created");
    }

    @Test
    void anAccountWithAnAuthorizedKeysFileIsRefused() throws Exception {
        Path keys = Files.writeString(dir.resolve("ops.keys"), SshKeys.toOpenSsh(SshKeys.generateEd25519()
                .getPublic()) + "\n");

        assertEquals(1, run("--mode", "tls", "--nms", "127.0.0.1", "--datastore", data().toString(), "--host-key",
                keyFile.toString(), "--host-cert", chainFile.toString(), "--account", "ops:admin:" + keys));

        assertEquals("device-client: --account ops:admin:" + keys + ": " + keys + ": holds authorized_keys lines; in"
                + " tls mode an account's file holds X.509 certificates in PEM: those of the CAs whose client"
                + " certificates the NMS presents, or the NMS's own client certificate, pinned\n", last.err());
    }

    @Test
    void printConfigWritesTheTlsTreeThatYanglintAcceptsAndConfigReadsBack() throws Exception {
        Yanglint.requireAvailable();
        String printed = printConfig(tls("--keepalive-max-wait", "15", "--max-wait", "10"));
        Path file = Files.writeString(dir.resolve("device-tls.json"), printed);

        Yanglint.assertValid(TlsCallHomeYang.yanglintCommand(RepositoryFiles.ietfYang(), RepositoryFiles.projectYang(),
                file));
        assertTrue(printed.contains("\"callhome-device-tls:private-key-file\": \"" + keyFile + "\""), printed);
        assertTrue(printed.contains("\"callhome-device-tls:certificate-chain-file\": \"" + chainFile + "\""),
                printed);
        assertTrue(printed.contains("\"ca-certificates-file\": \"" + nmsCaFile + "\""), printed);
        assertTrue(printed.contains("\"remote-port\": 4335"), printed);
        assertTrue(printed.contains("\"idle-time\": 15"), printed);
        assertEquals(printed, printConfig("--mode", "tls", "--config", file.toString()));
        assertFalse(Files.exists(data()), "nothing created");
    }

    @Test
    void flagsOverrideTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("device-tls.json"), printConfig(tls()));
        Path otherCa = X509Lab.write(dir.resolve("other.ca.pem"), X509Lab.pem(deviceCa.certificate()));

        String printed = printConfig("--mode", "tls", "--config", file.toString(), "--nms", "[2001:db8::7]",
                "--account", "audit:read-only:" + otherCa, "--keepalive-max-attempts", "5");

        assertTrue(printed.contains("\"remote-address\": \"2001:db8::7\""), printed);
        assertTrue(printed.contains("\"remote-port\": 4335"), printed);
        assertTrue(printed.contains("\"name\": \"audit\""), printed);
        assertFalse(printed.contains("\"name\": \"ops\""), printed);
        assertTrue(printed.contains("\"max-probes\": 5"), printed);
        assertTrue(printed.contains(keyFile.toString()), "the file's key stays: " + printed);
    }

    @Test
    void aFileAskingForTlsHeartbeatsIsRefusedWithTheReason() throws Exception {
        String printed = printConfig(tls());
        Path file = Files.writeString(dir.resolve("heartbeats.json"), printed.replace("\"hello-params\": {",
                "\"keepalives\": {\"peer-allowed-to-send\": [null]}, \"hello-params\": {"));

        assertEquals(1, run("--mode", "tls", "--config", file.toString(), "--datastore", data().toString()));

        assertTrue(last.err().startsWith("device-client: --config " + file + ": /ietf-netconf-server:"), last.err());
        assertTrue(last.err().contains("/tls-server-parameters/keepalives: TLS heartbeats (RFC 6520) cannot be sent"),
                last.err());
        assertFalse(Files.exists(data()), "nothing created");
    }

    @Test
    void aReverseSshFileIsNoTlsConfiguration() throws Exception {
        assertEquals(1, run("--mode", "tls", "--config", RepositoryFiles.example().toString()));

        assertTrue(last.err().contains("with --mode tls every endpoint is 'tls'"), last.err());
    }

    /**
     * A device started from a file alone: the file's cert-to-name entry maps the NMS's certificate,
     * whose CN names no account, to ops, so the mappings of the file are in force.
     */
    @Test
    void aDeviceStartedFromAFileWithItsMappingsIsManagedByTheNms() throws Exception {
        X509Lab.Issued nmsKey = lab.device(nmsCa, null).subject("CN=nms-7").validity(from, to)
                .key(X509Lab.key(X509Algorithm.ECDSA_NISTP256)).keyUsage(KeyUsage.digitalSignature)
                .extendedKeyUsage(X509Lab.TLS_CLIENT).issue();
        try (TlsNms nms = new TlsNms(nmsKey, List.of(), deviceCa.certificate())) {
            String printed = printConfig("--mode", "tls", "--nms", nms.endpoint().hostPort(), "--host-key",
                    keyFile.toString(), "--host-cert", chainFile.toString(), "--account", "ops:admin:" + nmsCaFile);
            String mapped = printed.replace("\"map-type\": \"callhome-device-tls:serial-number-or-common-name\"",
                    "\"map-type\": \"ietf-x509-cert-to-name:specified\", \"name\": \"ops\"");
            assertFalse(printed.equals(mapped), printed);
            Path file = Files.writeString(dir.resolve("device-tls.json"), mapped);
            assertManagedBy(nms, "--mode", "tls", "--config", file.toString(), "--datastore", data().toString(),
                    "--auth-timeout", "10");
        }
    }

    /** Runs the device with {@code args} until {@code nms} has a NETCONF session with it, then stops it. */
    private static void assertManagedBy(TlsNms nms, String... args) throws Exception {
        Thread main = new Thread(() -> CommandRun.of(new DeviceClientMain(), args), "device-client-main");
        main.start();
        try {
            TlsNms.Call call = nms.nextCall();
            assertTrue(call.session().get(30, TimeUnit.SECONDS).serverHello().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS).sessionId().isPresent(), "NETCONF runs");
        } finally {
            main.interrupt();
            main.join(TlsNms.WAIT.toMillis());
        }
        assertFalse(main.isAlive(), "the device stopped when interrupted");
    }

    /** What {@code --print-config} prints on stdout, which it writes to directly. */
    private String printConfig(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            List<String> withPrint = new ArrayList<>(List.of(args));
            withPrint.add("--print-config");
            last = CommandRun.of(new DeviceClientMain(), withPrint.toArray(String[]::new));
            assertEquals(0, last.exitCode(), last.err());
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The flags wired through: an NMS with a client certificate of the account's CA gets a session as ops. */
    @Test
    void aDeviceStartedFromTheFlagsIsManagedByTheNms() throws Exception {
        X509Lab.Issued nmsKey = lab.device(nmsCa, null).subject("CN=ops").validity(from, to)
                .key(X509Lab.key(X509Algorithm.ECDSA_NISTP256)).keyUsage(KeyUsage.digitalSignature)
                .extendedKeyUsage(X509Lab.TLS_CLIENT).issue();
        try (TlsNms nms = new TlsNms(nmsKey, List.of(), deviceCa.certificate())) {
            assertManagedBy(nms, "--mode", "tls", "--nms", nms.endpoint().hostPort(), "--datastore", data().toString(),
                    "--host-key", keyFile.toString(), "--host-cert", chainFile.toString(), "--account",
                    "ops:admin:" + nmsCaFile, "--auth-timeout", "10", "--keepalive-max-wait", "15");
            assertTrue(Files.isDirectory(data()), "the data folder was created");
        }
    }

    /**
     * The simple case by a flag: --cert-to-name specified:ops maps the NMS's certificate, whose CN
     * names no account, to ops; --print-config writes the entry, which the reader takes back.
     */
    @Test
    void aCertToNameFlagNamesTheAccountOfTheNmsCertificate() throws Exception {
        X509Lab.Issued nmsKey = lab.device(nmsCa, null).subject("CN=nms-7").validity(from, to)
                .key(X509Lab.key(X509Algorithm.ECDSA_NISTP256)).keyUsage(KeyUsage.digitalSignature)
                .extendedKeyUsage(X509Lab.TLS_CLIENT).issue();
        try (TlsNms nms = new TlsNms(nmsKey, List.of(), deviceCa.certificate())) {
            String[] args = {"--mode", "tls", "--nms", nms.endpoint().hostPort(), "--datastore", data().toString(),
                "--host-key", keyFile.toString(), "--host-cert", chainFile.toString(), "--account",
                "ops:admin:" + nmsCaFile, "--cert-to-name", "specified:ops", "--auth-timeout", "10"};
            String printed = printConfig(args);
            assertTrue(printed.contains("\"ietf-x509-cert-to-name:specified\"") && printed.contains("\"ops\""),
                    printed);
            Path file = Files.writeString(dir.resolve("flagged.json"), printed);
            assertEquals(printed, printConfig("--mode", "tls", "--config", file.toString(), "--datastore",
                    data().toString()), "the file reads back as the flags wrote it");
            assertManagedBy(nms, args);
        }
    }

    @Test
    void badCertToNameEntriesAreRefusedWithWhy() throws Exception {
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("specified", "specified needs the account's name: specified:NAME");
        refusals.put("san-dns-name:ops", "only specified takes a name");
        refusals.put("carrier-pigeon", "map type 'carrier-pigeon' is not one of specified");
        refusals.put("zz=common-name", "is not colon-separated hex");
        refusals.put("01:AB=common-name", "too weak");
        for (Map.Entry<String, String> refused : refusals.entrySet()) {
            assertEquals(2, run(tls("--cert-to-name", refused.getKey())), refused.getKey());
            assertTrue(last.err().contains("--cert-to-name " + refused.getKey() + ": ")
                    && last.err().contains(refused.getValue()), last.err());
        }
        Path file = Files.writeString(dir.resolve("mapped.json"), printConfig(tls("--cert-to-name",
                "specified:ops")));
        assertEquals(2, run("--mode", "tls", "--config", file.toString(), "--datastore", data().toString(),
                "--cert-to-name", "common-name"));
        assertTrue(last.err().contains("the --config file has cert-to-name mappings already"), last.err());
        assertEquals(2, run("--mode", "device-ssh-client", "--cert-to-name", "common-name"));
        assertTrue(last.err().contains("--cert-to-name does not apply to --mode device-ssh-client"), last.err());
    }
}
