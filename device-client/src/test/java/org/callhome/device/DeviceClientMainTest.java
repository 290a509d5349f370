package org.callhome.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.callhome.shared.config.CallHomeJson;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.DeviceCallHomeConfig;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.testing.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device agent's command line as an operator meets it: what it prints on stderr for each
 * mistake, the exit code, and that a refused start leaves no data folder or key behind. Refused
 * starts run in this JVM through the jar's entry point; the warning of a start that goes ahead is
 * read from a real device process.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeviceClientMainTest {

    @TempDir
    Path dir;

    /** The last run: its exit code, and what it printed. */
    private CommandRun last;

    private int run(String... args) {
        last = CommandRun.of(new DeviceClientMain(), args);
        return last.exitCode();
    }

    private Path data() {
        return dir.resolve("device-data");
    }

    @Test
    void anUnknownOptionPrintsTheErrorAndOneLinePointingAtHelp() {
        assertEquals(2, run("--xyzzy"));
        assertEquals("device-client: unknown option: '--xyzzy'\nTry 'device-client --help' for more information.\n",
                last.err());
        assertEquals("", last.out());
    }

    @Test
    void theStdioCommandsUsageErrorNamesIt() {
        assertEquals(2, run("stdio"));
        assertEquals("device-client stdio: missing required option: '--datastore=DIR'\n"
                + "Try 'device-client stdio --help' for more information.\n", last.err());
    }

    @Test
    void aMissingConfigFileReadsLikeEveryOtherMissingFile() {
        Path config = dir.resolve("nope.json");
        assertEquals(1, run("--mode", "reverse-ssh", "--config", config.toString(), "--datastore", data().toString()));
        assertEquals("device-client: --config " + config + ": file does not exist\n", last.err());
        assertFalse(Files.exists(data()));
    }

    @Test
    void aConfigFileThatIsNotJsonGivesLineColumnAndAPlainReason() throws IOException {
        Path config = Files.writeString(dir.resolve("device.json"), "{\n  \"ietf-netconf-server:netconf-server\": {\n"
                + "    \"call-home\": {},\n  }\n}\n");
        assertEquals(1, run("--mode", "reverse-ssh", "--config", config.toString(), "--datastore", data().toString()));
        assertEquals("device-client: --config " + config + ": line 4, column 3: not valid JSON: unexpected '}'; "
                + "expected a member name in double quotes (a ',' before '}' has nothing to separate)\n", last.err());
    }

    @Test
    void aKnownHostsLineGivenAsAuthorizedKeysIsRefusedBeforeTheDataFolderIsCreated() throws IOException {
        Path keys = Files.writeString(dir.resolve("nms.keys"),
                "nms " + SshKeys.toOpenSsh(SshKeys.generateEd25519().getPublic()) + "\n");
        assertEquals(1, run("--mode", "reverse-ssh", "--nms", "127.0.0.1", "--account", "nms:admin:" + keys,
                "--datastore", data().toString()));
        assertEquals("device-client: --account nms:admin:" + keys + ": " + keys + ":1: 'nms' is neither a key type "
                + "nor an authorized_keys option; a line must be '[options] <key-type> <base64-key> [comment]', such "
                + "as 'ssh-ed25519 AAAA... nms@example'\n", last.err());
        assertFalse(Files.exists(data()), "data folder or host key created before the arguments were checked");
    }

    @Test
    void aPrivateKeyGivenAsNmsHostKeyIsRefusedBeforeTheLoginKeyIsCreated() throws IOException {
        Path nmsKey = dir.resolve("nms_host_key");
        SshKeys.writePrivateKey(SshKeys.generateEd25519(), nmsKey);
        assertEquals(1, run("--mode", "device-ssh-client", "--nms", "127.0.0.1:8322", "--nms-host-key",
                nmsKey.toString(), "--device-id", "dev-2", "--account", "netconf:admin", "--bind-account", "netconf",
                "--datastore", data().toString()));
        assertEquals("device-client: --nms-host-key " + nmsKey + ":1: this is a private key; give the NMS's public "
                + "key (ssh-keygen -y, or its .pub file) or a known_hosts file\n", last.err());
        assertFalse(Files.exists(data()), "data folder or login key created before the arguments were checked");
    }

    @Test
    void aPublicKeyGivenAsHostKeySaysWhichFileToGive() throws IOException {
        String key = SshKeys.toOpenSsh(SshKeys.generateEd25519().getPublic());
        Path pub = Files.writeString(dir.resolve("host_key.pub"), key + "\n");
        assertEquals(1, run("--mode", "reverse-ssh", "--nms", "127.0.0.1", "--account", "nms:admin",
                "--host-key", pub.toString(), "--datastore", data().toString()));
        assertEquals("device-client: --host-key " + pub + ": this is a public key (ssh-ed25519 "
                + SshKeys.fingerprint(SshKeys.parsePublicKey(key)) + "), but a private key is needed here; give "
                + dir.resolve("host_key") + ", the file without .pub\n", last.err());
        assertFalse(Files.exists(data()));
    }

    @Test
    void aDataFolderThatIsAFileIsReportedLikeAnyFileProblem() throws IOException {
        Path file = Files.writeString(dir.resolve("device-data"), "");
        assertEquals(1, run("--mode", "reverse-ssh", "--nms", "127.0.0.1", "--account", "nms:admin",
                "--datastore", file.toString()));
        assertEquals("device-client: --datastore " + file + ": is a file, not a folder; give a folder (created if "
                + "missing)\n", last.err());
    }

    @Test
    void aYangFolderThatDoesNotLoadIsAUsageErrorBeforeAnythingIsCreated() throws IOException {
        Path broken = Files.createDirectory(dir.resolve("yang"));
        Files.writeString(broken.resolve("broken.yang"), "module broken { namespace");
        assertEquals(2, run(reverseSsh("--yang", broken.toString())));
        assertTrue(last.err().startsWith("device-client: --yang: "), last.err());
        assertTrue(last.err().contains("broken.yang"), last.err());
        assertFalse(Files.exists(data()));

        assertEquals(2, run("stdio", "--datastore", data().toString(), "--yang", dir.resolve("none").toString()));
        assertTrue(last.err().startsWith("device-client stdio: --yang: "), last.err());
        assertTrue(last.err().contains("not a folder"), last.err());
    }

    private String[] reverseSsh(String... more) {
        List<String> args = new ArrayList<>(List.of("--mode", "reverse-ssh", "--nms", "127.0.0.1",
                "--account", "nms:admin", "--datastore", data().toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aHostCertificateThatIsMissingOrMalformedIsRefusedBeforeAnythingIsCreated() throws IOException {
        SignedKeys keys = new SignedKeys(dir);
        Path hostKey = keys.key("host_key");
        Path missing = dir.resolve("host_key-cert.pub");
        assertEquals(1, run(reverseSsh("--host-key", hostKey.toString(), "--host-cert", missing.toString())));
        assertEquals("device-client: --host-cert " + missing + ": file does not exist\n", last.err());

        Path plainKey = Path.of(hostKey + ".pub");
        assertEquals(1, run(reverseSsh("--host-key", hostKey.toString(), "--host-cert", plainKey.toString())));
        assertTrue(last.err().startsWith("device-client: --host-cert " + plainKey + ":1: this is not a certificate (it"
                + " starts with 'ssh-ed25519'); have the CA sign the key with ssh-keygen -s"), last.err());
        assertFalse(Files.exists(data()));
    }

    @Test
    void aUserCertificateOrOneOfAnotherKeyIsNoHostCertificate() throws IOException {
        SignedKeys keys = new SignedKeys(dir);
        Path hostKey = keys.key("host_key");
        Path user = keys.userCertificate("ca", "host_key", "dev-1");
        assertEquals(1, run(reverseSsh("--host-key", hostKey.toString(), "--host-cert", user.toString())));
        assertEquals("device-client: --host-cert " + user + ": user certificate 'host_key-user-dev-1' serial 0 is a"
                + " user certificate, but a host certificate is needed here (ssh-keygen -s with -h)\n", last.err());

        Path other = keys.hostCertificate("ca", "other_key", "dev-1");
        assertEquals(1, run(reverseSsh("--host-key", hostKey.toString(), "--host-cert", other.toString())));
        assertEquals("device-client: --host-cert " + other + ": certifies key "
                + SshKeys.fingerprint(keys.publicKey("other_key")) + ", but " + hostKey + " holds key "
                + SshKeys.fingerprint(keys.publicKey("host_key")) + "; give the private key the certificate was made"
                + " for\n", last.err());
        assertFalse(Files.exists(data()));
    }

    @Test
    void aHostCertificateNeedsTheHostKeyItCertifiesNotANewOne() throws IOException {
        SignedKeys keys = new SignedKeys(dir);
        Path certificate = keys.hostCertificate("ca", "elsewhere", "dev-1");
        Path absent = data().resolve("ssh_host_ed25519_key");
        assertEquals(1, run(reverseSsh("--host-cert", certificate.toString())));
        assertEquals("device-client: --host-cert " + certificate + ": certifies a host key, but the host key file "
                + absent + " does not exist; give the key the certificate was made for (a new key would not match"
                + " it)\n", last.err());
        assertFalse(Files.exists(data()));
    }

    @Test
    void anIdentityCertificateMustBeAUserCertificateOfTheLoginKey() throws IOException {
        SignedKeys keys = new SignedKeys(dir);
        Path identity = keys.key("login_key");
        Path host = keys.hostCertificate("ca", "login_key", "dev-2");
        Path nmsKey = Files.writeString(dir.resolve("nms.pub"), keys.publicKeyText("nms") + "\n");
        assertEquals(1, run("--mode", "device-ssh-client", "--nms", "127.0.0.1:8322", "--nms-host-key",
                nmsKey.toString(), "--device-id", "dev-2", "--account", "netconf:admin", "--bind-account", "netconf",
                "--identity", identity.toString(), "--identity-cert", host.toString(), "--datastore",
                data().toString()));
        assertEquals("device-client: --identity-cert " + host + ": host certificate 'login_key-host-dev-2' serial 0 is"
                + " a host certificate, but a user certificate is needed here (ssh-keygen -s without -h)\n",
                last.err());
        assertFalse(Files.exists(data()));
    }

    @Test
    void certificateOptionsOfTheOtherStrategyAreUsageErrors() throws IOException {
        assertEquals(2, run(reverseSsh("--identity-cert", "x-cert.pub")));
        assertTrue(last.err().startsWith("device-client: --identity-cert does not apply to --mode reverse-ssh\n"),
                last.err());
        assertEquals(2, run("--mode", "device-ssh-client", "--nms", "127.0.0.1", "--host-cert", "x-cert.pub"));
        assertTrue(last.err().startsWith("device-client: --host-cert does not apply to --mode device-ssh-client\n"),
                last.err());
    }

    @Test
    void aRevocationListThatDoesNotLoadIsRefused() throws IOException {
        Path list = Files.writeString(dir.resolve("revoked"), "ssh-ed25519 !!!\n");
        assertEquals(1, run(reverseSsh("--revoked-keys", list.toString())));
        assertTrue(last.err().startsWith("device-client: --revoked-keys " + list + ":1: "), last.err());
        assertFalse(Files.exists(data()));
    }

    /** The files of --config are checked as those of flags, the error led by --config and its file. */
    @Test
    void aBadHostCertificateNamedInTheConfigurationFileIsRefusedNamingIt() throws IOException {
        SignedKeys keys = new SignedKeys(dir);
        Path hostKey = keys.key("host_key");
        Path user = keys.userCertificate("ca", "host_key", "dev-1");
        Path config = Files.writeString(dir.resolve("device.json"), CallHomeJson.write(new DeviceCallHomeConfig(
                List.of(CallHomeSettings.defaults("nms", List.of(Endpoint.parse("127.0.0.1")))),
                new DeviceSshSettings(hostKey, List.of(new Account("nms", Role.ADMIN, Optional.empty())),
                        Optional.of(user), Optional.empty()))));
        assertEquals(1, run("--mode", "reverse-ssh", "--config", config.toString(), "--datastore",
                data().toString()));
        assertTrue(last.err().startsWith("device-client: --config " + config + ": " + user + ": user certificate"),
                last.err());
        assertFalse(Files.exists(data()));
    }

    @Test
    void helpExplainsEveryCertificateOption() {
        assertEquals(0, run("--help"));
        String help = last.out().replaceAll("\\s+", " ");
        for (String expected : List.of("--host-cert=FILE reverse-ssh: an OpenSSH host certificate of --host-key",
                "a line 'cert-authority,principals=\"nms\" CA_KEY' lets in a user certificate",
                "'@cert-authority HOSTS CA_KEY' trusts a CA instead",
                "--identity-cert=FILE device-ssh-client: a certificate of --identity: an OpenSSH user certificate",
                "or an X.509 chain in PEM (RFC 6187",
                "Or X.509 CA certificates in PEM (RFC 6187): the NMS must present an X.509 host certificate",
                "logs in with the certificate only, never with the key alone",
                "--revoked-keys=FILE NMS keys and certificates never to accept")) {
            assertTrue(help.contains(expected), expected + " in " + help);
        }
    }

    @Test
    void descriptionsAreParagraphsThatPicocliWraps() {
        assertEquals(0, run("--help"));
        String help = last.out();
        assertEquals(0, run("stdio", "--help"));
        help += last.out();
        assertTrue(help.lines().allMatch(line -> line.length() <= 80), help);
        assertTrue(help.contains("\n--mode reverse-ssh (RFC 8071): dials the NMS (--nms, port 4334) and is then the\n"
                + "SSH server; the NMS logs in"), help);
        assertTrue(help.contains("\n  Subsystem netconf /usr/bin/java -jar device-client.jar stdio --datastore DIR\n"),
                help);
    }

    /** Started for real: the device goes on calling (an NMS may get the key later) but says nobody can log in. */
    @Test
    void aReverseSshAccountWithoutAuthorizedKeysIsAWarningAtStart() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Process device = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), DeviceClientMain.class.getName(),
                "--mode", "reverse-ssh", "--nms", "127.0.0.1:" + closedPort, "--account", "nms:admin",
                "--datastore", data().toString())).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            CompletableFuture<String> warning = CompletableFuture.supplyAsync(() -> firstLineWith(device, " WARN "));
            String line = warning.get(30, TimeUnit.SECONDS);
            assertNotNull(line, "the device ended without a warning");
            assertTrue(line.endsWith("--account nms:admin: account 'nms' has no authorized_keys file: no NMS can log "
                    + "in as 'nms'; give one: --account nms:admin:FILE"), line);
            assertTrue(device.isAlive(), "a warning, not an error");
        } finally {
            device.destroy();
            device.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static String firstLineWith(Process process, String marker) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.contains(marker)) {
                    return line;
                }
            }
            return null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
