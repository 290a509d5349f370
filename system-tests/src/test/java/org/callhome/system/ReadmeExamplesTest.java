package org.callhome.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example scripts the README tells a newcomer to run, run as written against the jars this
 * build made (so the README cannot drift from what works).
 */
class ReadmeExamplesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path dir;

    @Test
    void stdioDemoShowsTheEditedConfiguration() throws Exception {
        String out = run(dir, "examples/stdio-demo.sh", dir.resolve("data").toString());
        assertTrue(out.contains("<hostname>edge-1</hostname><location>rack 7</location>"), out);
        assertTrue(out.contains("message-id=\"3\"><ok/>"), out);
    }

    @Test
    void reverseSshDemoConnectsADeviceAndEditsItThroughTheApi() throws Exception {
        String out = run(dir, "examples/reverse-ssh-demo.sh", dir.resolve("work").toString(),
                "CALLHOME_PORT=" + freePort(), "HTTP_PORT=" + freePort());
        assertTrue(out.contains("\"state\" : \"connected\""), out);
        assertTrue(out.contains("<ok/>"), out);
        assertTrue(out.contains("<hostname>edge-1</hostname>"), out);
    }

    @Test
    void tlsDemoConnectsADeviceCertifiedByItsCaAndEditsItThroughTheApi() throws Exception {
        String out = run(dir, "examples/tls-demo.sh", dir.resolve("work").toString(),
                "TLS_PORT=" + freePort(), "HTTP_PORT=" + freePort());
        assertTrue(out.contains("\"state\" : \"connected\""), out);
        assertTrue(out.contains("\"strategy\" : \"tls\""), out);
        assertTrue(out.contains("\"principal\" : \"dev-1\""), "the device is its certificate's CN: " + out);
        assertTrue(out.contains("<ok/>"), out);
        assertTrue(out.contains("<hostname>edge-1</hostname>"), out);
    }

    @Test
    void operatorDemoApprovesReadsRevokesAndShowsEventsAndMetricsThroughTheApi() throws Exception {
        String out = run(dir, "examples/operator-demo.sh", dir.resolve("work").toString(),
                "CALLHOME_PORT=" + freePort(), "SSH_PORT=" + freePort(), "HTTP_PORT=" + freePort());
        assertTrue(out.contains("{\"error\":\"this API requires 'Authorization: Bearer <token>'\",\"status\":401}"),
                out);
        assertTrue(out.contains("\"claimedName\" : \"dev-2\""), "dev-2 seen by its login name: " + out);
        assertTrue(out.contains("\"netconfUsernameSource\" : \"bind-account\""), "dev-2 connected: " + out);
        assertTrue(out.contains("<hostname>edge-1</hostname></system></data>"), out);
        assertTrue(out.contains("event: revoked"), out);
        assertTrue(out.contains("event: rejected"), "dev-1 calls again and is refused: " + out);
        assertTrue(out.contains("callhome_sessions{state=\"connected\",strategy=\"device-ssh-client\"} 1.0"), out);
        assertTrue(out.contains("callhome_handshakes_total{outcome=\"ok\",strategy=\"reverse-ssh\"} 1.0"), out);
    }

    private static String run(Path dir, String script, String argument, String... environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", ROOT.resolve(script).toString(), argument)
                .directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("script.out").toFile());
        for (String variable : environment) {
            String[] parts = variable.split("=", 2);
            builder.environment().put(parts[0], parts[1]);
        }
        Process process = builder.start();
        boolean done = process.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        String out = Files.readString(dir.resolve("script.out"), StandardCharsets.UTF_8);
        assertTrue(done, "script did not finish: " + out);
        assertEquals(0, process.exitValue(), out);
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
