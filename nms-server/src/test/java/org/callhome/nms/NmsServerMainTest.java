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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.testing.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The NMS's command line as an operator meets it, run in this JVM through the same entry point as
 * the jar: what it prints on stderr for each mistake, the exit code, and that a refused start
 * leaves no folder or key behind. Each test that could start the NMS occupies the port it must
 * fail on, so none of them keeps running.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NmsServerMainTest {

    @TempDir
    Path dir;

    /** The last run: its exit code, and what it printed. */
    private CommandRun last;

    private int run(String... args) {
        last = CommandRun.of(new NmsServerMain(), args);
        return last.exitCode();
    }

    /** The arguments of every test: its own state folder, and an HTTP port nobody uses. */
    private List<String> args(String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--state-dir", state().toString(), "--http",
                "127.0.0.1:" + freePort()));
        args.addAll(List.of(more));
        return args;
    }

    private Path state() {
        return dir.resolve("nms-state");
    }

    private Path identity() throws IOException {
        Path key = dir.resolve("nms_key");
        if (!Files.exists(key)) {
            SshKeys.writePrivateKey(SshKeys.generateEd25519(), key);
        }
        return key;
    }

    @Test
    void anUnknownOptionPrintsTheErrorAndOneLinePointingAtHelp() {
        assertEquals(2, run("--xyzzy"));
        assertEquals("nms-server: unknown option: '--xyzzy'\nTry 'nms-server --help' for more information.\n",
                last.err());
        assertEquals("", last.out());
    }

    @Test
    void theClusterOptionsAreCheckedBeforeAnythingIsCreated() throws IOException {
        Path config = Files.writeString(dir.resolve("hazelcast.yaml"), "hazelcast:\n  cluster-name: other\n");
        String[][] refused = {
            {"--cluster-port", "5702"},
            {"--node-name", "n1"},
            {"--cluster", "--cluster-port", "70000"},
            {"--cluster", "--cluster-members", "127.0.0.1:5701,nohost"},
            {"--cluster", "--cluster-host", "no-such-host.invalid"},
            {"--cluster", "--cluster-config", config.toString(), "--cluster-port", "5702"},
            {"--cluster", "--node-name", " "},
            {"--cluster", "--cluster-config", config.toString()},
        };
        String[] because = {
            "nms-server: --cluster-port needs --cluster",
            "nms-server: --node-name needs --cluster",
            "--cluster-port",
            "--cluster-members nohost",
            "--cluster-host no-such-host.invalid: unknown host",
            "--cluster-port cannot be given with --cluster-config",
            "--node-name: give a name of 1 to 128 printable characters",
            "--cluster-config needs --node-name",
        };
        for (int i = 0; i < refused.length; i++) {
            List<String> given = args("--mode", "device-ssh-client");
            given.addAll(List.of(refused[i]));
            assertEquals(2, run(given.toArray(String[]::new)), String.join(" ", refused[i]));
            assertTrue(last.err().contains(because[i]), last.err());
            assertFalse(Files.exists(state()), "nothing is created: " + String.join(" ", refused[i]));
        }
    }

    @Test
    void aMissingIdentityIsAUsageErrorAndCreatesNoStateFolder() throws IOException {
        assertEquals(2, run(args("--mode", "reverse-ssh").toArray(String[]::new)));
        assertEquals("nms-server: --identity FILE is required for reverse-ssh: the private key the NMS logs in to "
                + "devices with ('ssh-keygen -t ed25519 -f FILE' makes one)\n"
                + "Try 'nms-server --help' for more information.\n", last.err());
        assertFalse(Files.exists(state()), "nms-state created before the arguments were checked");
    }

    @Test
    void aPublicKeyGivenAsTheDeviceAccountsFileIsRefusedBeforeTheHostKeyIsCreated() throws IOException {
        String line = SshKeys.toOpenSsh(SshKeys.generateEd25519().getPublic());
        Path accounts = Files.writeString(dir.resolve("dev-2.pub"), line + " root@dev-2\n");
        assertEquals(1, run(args("--mode", "device-ssh-client", "--device-accounts", accounts.toString())
                .toArray(String[]::new)));
        assertEquals("nms-server: --device-accounts " + accounts + ":1: the line starts with the key type "
                + "'ssh-ed25519', but a line must start with the device id: '<device-id> <key-type> <base64-key> "
                + "[comment]', such as 'dev-17 ssh-ed25519 AAAA...'\n", last.err());
        assertFalse(Files.exists(state()), "nms-state or its host key created before the arguments were checked");
    }

    @Test
    void aPrivateKeyGivenAsKnownDevicesSaysWhatTheFileMustHold() throws IOException {
        assertEquals(1, run(args("--identity", identity().toString(), "--known-devices", identity().toString())
                .toArray(String[]::new)));
        assertEquals("nms-server: --known-devices " + identity() + ":1: this is a private key, but this file lists "
                + "public keys, one a line: '<device-id> <key-type> <base64-key> [comment]', such as 'dev-17 "
                + "ssh-ed25519 AAAA...'; 'ssh-keygen -y -f KEYFILE' prints the public key of a private key\n",
                last.err());
        assertFalse(Files.exists(state()));
    }

    @Test
    void aPublicKeyGivenAsIdentitySaysWhichFileToGive() throws IOException {
        Path pub = Files.writeString(dir.resolve("nms_key.pub"),
                SshKeys.toOpenSsh(SshKeys.loadPrivateKey(identity()).getPublic()) + "\n");
        assertEquals(1, run(args("--identity", pub.toString()).toArray(String[]::new)));
        assertEquals("nms-server: --identity " + pub + ": this is a public key (ssh-ed25519 "
                + SshKeys.fingerprint(SshKeys.loadPrivateKey(identity()).getPublic()) + "), but a private key is "
                + "needed here; give " + identity() + ", the file without .pub\n", last.err());
    }

    @Test
    void aDamagedTrustStoreIsReportedInPlainWordsAndNothingIsCreated() throws IOException {
        Files.createDirectories(state());
        Path store = Files.writeString(state().resolve("trusted-devices.json"), "{\n  \"format\": 'x'\n}\n");
        assertEquals(1, run(args("--mode", "device-ssh-client", "--ssh-listen", "127.0.0.1:" + freePort())
                .toArray(String[]::new)));
        assertEquals("nms-server: --state-dir " + store + ": line 2, column 13: not valid JSON: unexpected single "
                + "quote (JSON strings use double quotes); expected a string, number, object, array, true, false or "
                + "null\n", last.err());
        assertFalse(Files.exists(state().resolve("ssh_host_ed25519_key")),
                "host key created before the store was read");
    }

    @Test
    void aStateFolderThatIsAFileIsReportedLikeAnyFileProblem() throws IOException {
        Path file = Files.writeString(state(), "");
        assertEquals(1, run(args("--identity", identity().toString()).toArray(String[]::new)));
        assertEquals("nms-server: --state-dir " + file + ": is a file, not a folder; give a folder (created if "
                + "missing)\n", last.err());
    }

    @Test
    void anApiOpenBeyondLoopbackNeedsAToken() throws IOException {
        assertEquals(2, run("--state-dir", state().toString(), "--identity", identity().toString(),
                "--http", "0.0.0.0:8080"));
        assertEquals("nms-server: --http 0.0.0.0:8080: not a loopback address, so anyone who reaches it could use "
                + "the API: give it a bearer token with --api-token-file FILE first\n"
                + "Try 'nms-server --help' for more information.\n", last.err());
        assertFalse(Files.exists(state()));
    }

    @Test
    void httpLimitsOutOfRangeAreUsageErrorsAndNothingIsCreated() throws IOException {
        assertEquals(2, run(args("--identity", identity().toString(), "--http-request-timeout", "0")
                .toArray(String[]::new)));
        assertEquals("nms-server: --http-request-timeout must be in 1..3600, got 0\n"
                + "Try 'nms-server --help' for more information.\n", last.err());
        assertEquals(2, run(args("--identity", identity().toString(), "--http-max-streams-per-source", "33")
                .toArray(String[]::new)));
        assertTrue(last.err().startsWith("nms-server: event streams per source must be 1 to the connections per "
                + "source (32), got 33\n"), last.err());
        assertEquals(2, run(args("--identity", identity().toString(), "--http-allowed-hosts", "nms.example,evil/x")
                .toArray(String[]::new)));
        assertTrue(last.err().contains("not 'evil/x'"), last.err());
        assertFalse(Files.exists(state()));
        assertEquals(0, run("--help"));
        assertTrue(last.out().contains("--http-allowed-hosts") && last.out().contains("--http-stream-write-timeout"));
    }

    @Test
    void numbersOutOfRangeNameTheirOption() throws IOException {
        assertEquals(2, run(args("--identity", identity().toString(), "--max-startups", "0").toArray(String[]::new)));
        assertEquals("nms-server: --max-startups must be in 1..65535, got 0\n"
                + "Try 'nms-server --help' for more information.\n", last.err());
    }

    @Test
    void maxStartupsTakesStartRateFullAsOpenSshWritesItAndSaysWhatIsWrong() throws IOException {
        Map<String, String> wrong = Map.of(
                "10:30", "N or START:RATE:FULL (e.g. 10:30:100) expected, got '10:30'",
                "10:30:x", "N or START:RATE:FULL (e.g. 10:30:100) expected, got '10:30:x'",
                "20:30:10", "start (20) must not exceed full (10)",
                "10:101:100", "rate must be a percentage in 0..100, got 101",
                "10:30:65536", "full must be in 1..65535, got 65536");
        for (Map.Entry<String, String> given : wrong.entrySet()) {
            assertEquals(2, run(args("--identity", identity().toString(), "--max-startups", given.getKey())
                    .toArray(String[]::new)), given.getKey());
            assertEquals("nms-server: --max-startups: " + given.getValue() + "\n"
                    + "Try 'nms-server --help' for more information.\n", last.err());
        }
        assertFalse(Files.exists(state()));
    }

    @Test
    void perSourceMaxStartupsAndKexTimeoutOutOfRangeNameTheirOption() throws IOException {
        for (String option : List.of("--per-source-max-startups", "--kex-timeout")) {
            assertEquals(2, run(args("--identity", identity().toString(), option, "0").toArray(String[]::new)));
            assertEquals("nms-server: " + option + " must be in 1..65535, got 0\n"
                    + "Try 'nms-server --help' for more information.\n", last.err());
            assertEquals(2, run(args("--identity", identity().toString(), option, "65536").toArray(String[]::new)));
            assertEquals("nms-server: " + option + " must be in 1..65535, got 65536\n"
                    + "Try 'nms-server --help' for more information.\n", last.err());
        }
    }

    /** Each listener, started with the address of a port that is taken, names its option and that address. */
    @ParameterizedTest
    @ValueSource(strings = {"--listen", "--ssh-listen", "--http"})
    void aPortInUseNamesTheOptionAndTheAddress(String option) throws Exception {
        try (ServerSocket taken = occupied()) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            List<String> args = new ArrayList<>(List.of("--state-dir", state().toString(), "--mode", "both",
                    "--identity", identity().toString()));
            for (String listener : List.of("--listen", "--ssh-listen", "--http")) {
                args.addAll(List.of(listener, listener.equals(option) ? address : "127.0.0.1:" + freePort()));
            }
            assertEquals(1, run(args.toArray(String[]::new)));
            assertEquals("nms-server: " + option + " " + address + ": address already in use; stop the program "
                    + "that listens there or choose another port\n", last.err());
        }
    }

    @Test
    void anAddressOfNoInterfaceHereIsNamedToo() throws Exception {
        String address = "192.0.2.1:" + freePort();
        assertEquals(1, run(args("--identity", identity().toString(), "--listen", address).toArray(String[]::new)));
        assertEquals("nms-server: --listen " + address + ": not an address of this host; give one of its "
                + "addresses, or 0.0.0.0 for all of them\n", last.err());
    }

    @Test
    void helpIsWrappedOnceWithinEightyColumns() {
        assertEquals(0, run("--help"));
        String help = last.out();
        assertTrue(help.lines().allMatch(line -> line.length() <= 80), help);
        assertTrue(help.contains("\n--mode reverse-ssh (RFC 8071): listens for devices calling home (TCP 4334),\n"
                + "runs an SSH client on each connection, identifies the device by its host key,\n"), help);
        assertTrue(help.contains("\n  DELETE /api/devices/{id}         revoke it; a live session drops at once\n"),
                help);
    }

    /** A listening socket on loopback, on a port the system picked: the NMS must fail to bind it. */
    @Test
    void bootstrapOptionsWithoutBootstrapListenAreAUsageError() throws IOException {
        assertEquals(2, run(args("--identity", identity().toString(), "--vouchers", dir.toString())
                .toArray(String[]::new)));
        assertTrue(last.err().contains("the zero-touch bootstrap options need --bootstrap-listen HOST:PORT"),
                last.err());
        assertFalse(Files.exists(state()));
    }

    @Test
    void aWildcardBootstrapListenNeedsTheAddressDevicesCall() throws IOException {
        assertEquals(2, run(args("--identity", identity().toString(), "--bootstrap-listen", "0.0.0.0:8443")
                .toArray(String[]::new)));
        assertTrue(last.err().contains("--bootstrap-nms-address HOST"), last.err());
    }

    @Test
    void aMissingBootstrapFileNamesItsOption() throws IOException {
        assertEquals(2, run(args("--identity", identity().toString(), "--bootstrap-listen", "127.0.0.1:8443")
                .toArray(String[]::new)));
        assertTrue(last.err().contains("--bootstrap-tls-cert FILE is required for --bootstrap-listen"), last.err());
        assertEquals(1, run(args("--identity", identity().toString(), "--bootstrap-listen", "127.0.0.1:8443",
                "--bootstrap-tls-cert", identity().toString(), "--bootstrap-tls-key", identity().toString(),
                "--idevid-ca", identity().toString(), "--owner-cert", identity().toString(), "--owner-key",
                identity().toString(), "--vouchers", dir.toString()).toArray(String[]::new)));
        assertTrue(last.err().startsWith("nms-server: --bootstrap-tls-cert " + identity()), last.err());
        assertFalse(Files.exists(state()));
    }

    @Test
    void aBootstrapStrategyTheNmsDoesNotServeIsAUsageError() throws IOException {
        assertEquals(2, run(args("--identity", identity().toString(), "--bootstrap-listen", "127.0.0.1:8443",
                "--bootstrap-strategy", "device-ssh-client").toArray(String[]::new)));
        assertTrue(last.err().contains("the NMS does not serve it; add it to --mode"), last.err());
    }

    private static ServerSocket occupied() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = occupied()) {
            return socket.getLocalPort();
        }
    }
}
