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
import org.callhome.shared.config.DeviceCallHomeConfig;
import org.callhome.shared.testing.RepositoryFiles;
import org.callhome.shared.testing.Yanglint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What {@code device-client --print-config} writes is valid ietf-netconf-server data and reads back. */
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
