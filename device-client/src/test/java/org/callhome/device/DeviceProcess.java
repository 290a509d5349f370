package org.callhome.device;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.callhome.shared.testing.NetconfTestClient;

/**
 * A real {@code device-client stdio} process (a separate JVM on this module's class path),
 * with our NETCONF client engine attached to its stdin/stdout. Its stderr goes to a file.
 */
final class DeviceProcess implements AutoCloseable {

    private final Process process;
    private final NetconfTestClient client;

    private DeviceProcess(Process process, boolean attachClient) {
        this.process = process;
        this.client = attachClient ? new NetconfTestClient(process.getInputStream(), process.getOutputStream()) : null;
    }

    static DeviceProcess start(Path datastore, String user, Path logDir) throws Exception {
        return start(datastore, user, logDir, true);
    }

    /** A device process whose pipes the test drives itself, byte by byte. */
    static DeviceProcess startRaw(Path datastore, String user, Path logDir) throws Exception {
        return start(datastore, user, logDir, false);
    }

    private static DeviceProcess start(Path datastore, String user, Path logDir, boolean attachClient)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"),
                DeviceClientMain.class.getName(), "stdio", "--datastore", datastore.toString(), "--user", user));
        ProcessBuilder builder = new ProcessBuilder(command);
        File log = logDir.resolve("device-" + user + "-" + System.nanoTime() + ".log").toFile();
        builder.redirectError(log);
        return new DeviceProcess(builder.start(), attachClient);
    }

    NetconfTestClient client() {
        return client;
    }

    Process process() {
        return process;
    }

    /** Ends the process abruptly (SIGKILL): no chance to clean up anything. */
    void killHard() throws Exception {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    int awaitExit() throws Exception {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("device process did not exit");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws IOException {
        if (client != null) {
            client.close();
        } else {
            process.getOutputStream().close();
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
