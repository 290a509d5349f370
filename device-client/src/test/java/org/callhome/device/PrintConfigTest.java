package org.callhome.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.callhome.shared.config.CallHomeJson;
import org.callhome.shared.config.CallHomeYang;
import org.callhome.shared.config.DeviceCallHomeConfig;
import org.callhome.shared.config.DeviceSshClientConfig;
import org.callhome.shared.config.DeviceSshClientJson;
import org.callhome.shared.config.DeviceSshClientSettings;
import org.callhome.shared.config.DeviceSshClientSettings.HostKeyFormat;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.testing.RepositoryFiles;
import org.callhome.shared.testing.Yanglint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What {@code device-client --print-config} writes is valid data (ietf-netconf-server, or
 * callhome-device-ssh-client in device-ssh-client) and reads back.
 */
class PrintConfigTest {

    @Test
    void printedConfigurationValidatesWithYanglintAndReadsBack(@TempDir Path dir) throws Exception {
        Yanglint.requireAvailable();
        String json = printConfig("--mode", "reverse-ssh", "--nms", "nms1.example.net", "--nms", "[2001:db8::7]:4335",
                "--host-key", "/etc/callhome/host_key", "--account", "netops:admin:/etc/callhome/netops.keys",
                "--account", "monitor:read-only:/etc/callhome/monitor.keys", "--connection-type", "periodic",
                "--period", "15", "--start-with", "last-connected", "--keepalive-max-wait", "10", "--jitter", "0.3");
        Path file = Files.writeString(dir.resolve("printed.json"), json);
        Yanglint.assertValid(file);
        DeviceCallHomeConfig read = CallHomeJson.read(file);
        assertEquals(2, read.clients().get(0).endpoints().size());
        assertEquals(2, read.ssh().accounts().size());
    }

    @Test
    void certificateFilesAreCarriedAndValidateWithYanglint(@TempDir Path dir) throws Exception {
        Yanglint.requireAvailable();
        String json = printConfig("--mode", "reverse-ssh", "--nms", "nms1.example.net", "--host-key",
                "/etc/callhome/host_key", "--host-cert", "/etc/callhome/host_key-cert.pub", "--account",
                "netops:admin:/etc/callhome/netops.keys", "--revoked-keys", "/etc/callhome/nms.krl");
        Path file = Files.writeString(dir.resolve("printed.json"), json);
        Yanglint.assertValid(file);
        DeviceCallHomeConfig read = CallHomeJson.read(file);
        assertEquals(Optional.of(Path.of("/etc/callhome/host_key-cert.pub")), read.ssh().hostCertificateFile());
        assertEquals(Optional.of(Path.of("/etc/callhome/nms.krl")), read.ssh().revokedKeysFile());
        assertEquals(json, printConfig("--mode", "reverse-ssh", "--config", file.toString()), "read back the same");
        assertTrue(printConfig("--mode", "reverse-ssh", "--config", file.toString(), "--revoked-keys", "/other.krl")
                .contains("\"callhome-device-ssh:revoked-keys-file\": \"/other.krl\""), "a flag replaces the file's");
    }

    /**
     * device-ssh-client prints the callhome-device-ssh-client tree it seeds running with: the login
     * in every endpoint, a one-key file named host-key-file, accounts without keys; it reads back.
     */
    @Test
    void deviceSshClientConfigurationValidatesWithYanglintAndReadsBack(@TempDir Path dir) throws Exception {
        Yanglint.requireAvailable();
        Path pinned = Files.writeString(dir.resolve("nms.pub"), SshKeys.toOpenSsh(SshKeys.generateEd25519()
                .getPublic()) + " nms\n");
        String json = printConfig("--mode", "device-ssh-client", "--nms", "nms1.example.net:2222", "--nms",
                "[2001:db8::7]:2223", "--nms-host-key", pinned.toString(), "--login", "dev-17", "--identity",
                "/etc/callhome/login_key", "--account", "netops:admin", "--account", "monitor:read-only",
                "--bind-account", "netops", "--keepalive-max-wait", "10", "--jitter", "0.3");
        Path file = Files.writeString(dir.resolve("printed.json"), json);
        Yanglint.assertValid(CallHomeYang.deviceSshClientCommand(RepositoryFiles.ietfYang(),
                RepositoryFiles.projectYang(), file));
        DeviceSshClientConfig read = DeviceSshClientJson.read(file);
        DeviceSshClientSettings client = read.clients().get(0);
        assertEquals(2, client.callHome().endpoints().size());
        assertEquals(Optional.of("dev-17"), client.username());
        assertEquals(Path.of("/etc/callhome/login_key"), client.identityFile());
        assertEquals(HostKeyFormat.HOST_KEY, client.nmsHostKeyFormat());
        assertEquals("netops", client.bindAccount());
        assertEquals(2, read.accounts().size());
        assertEquals(json, printConfig("--mode", "device-ssh-client", "--config", file.toString()),
                "read back the same");

        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "nms1.example.net "
                + SshKeys.toOpenSsh(SshKeys.generateEd25519().getPublic()) + "\n");
        assertTrue(printConfig("--mode", "device-ssh-client", "--config", file.toString(), "--nms-host-key",
                knownHosts.toString()).contains("\"known-hosts-file\": \"" + knownHosts + "\""),
                "a known_hosts file is named known-hosts-file");
    }

    @Test
    void exampleConfigurationLoadsThroughTheCommandLine() throws Exception {
        String json = printConfig("--mode", "reverse-ssh", "--config", RepositoryFiles.example().toString());
        assertTrue(json.contains("nms2.example.net"), json);
        assertTrue(json.contains("\"callhome-device-ssh:role\": \"read-only\""), json);
    }

    private static String printConfig(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            String[] withPrint = java.util.Arrays.copyOf(args, args.length + 1);
            withPrint[args.length] = "--print-config";
            int code = new CommandLine(new DeviceClientMain()).execute(withPrint);
            assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
