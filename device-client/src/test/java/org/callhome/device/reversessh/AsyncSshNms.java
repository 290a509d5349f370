package org.callhome.device.reversessh;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;

/**
 * AsyncSSH as the NMS of the device's RFC 6187 interop test: {@code asyncssh_nms.py} (a test
 * resource, copied to the test's folder) run by Debian's {@code /usr/bin/python3} with
 * python3-asyncssh and pyOpenSSL, as shared's AsyncSSH tests run it. The script prints one JSON
 * object a line, each with an {@code event}; a daemon thread reads them as they come, another
 * drains stderr, and {@link #close()} kills the process whatever state it is in.
 */
final class AsyncSshNms implements AutoCloseable {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String SCRIPT = "asyncssh_nms.py";
    private static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode EXITED = JSON.createObjectNode();

    private final Process process;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();

    private AsyncSshNms(Process process) {
        this.process = process;
        drain(process.getInputStream(), "asyncssh-stdout", line -> {
            try {
                events.add(JSON.readTree(line));
            } catch (IOException e) {
                stderr.append("not JSON on stdout: ").append(line).append('\n');
            }
        }, () -> events.add(EXITED));
        drain(process.getErrorStream(), "asyncssh-stderr", line -> stderr.append(line).append('\n'), () -> { });
    }

    /**
     * Skips the calling test with a clear message when AsyncSSH with X.509 cannot run here, or fails
     * it when the environment variable CI is "true" (the CI image must have it).
     */
    static void require() throws IOException, InterruptedException {
        Optional<String> missing = missing();
        if (missing.isEmpty()) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(missing.get() + " (CI=true, so this is a failure, not a skip)");
        }
        Assumptions.abort(missing.get() + "; the AsyncSSH interop tests are skipped (Debian: apt-get install"
                + " python3-asyncssh python3-openssl)");
    }

    private static Optional<String> missing() throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            return Optional.of(PYTHON + " is missing");
        }
        Process check = new ProcessBuilder(PYTHON.toString(), "-W", "ignore", "-c",
                "import asyncssh, OpenSSL; from asyncssh.crypto import x509").redirectErrorStream(true).start();
        try {
            if (!check.waitFor(IMPORT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                return Optional.of(PYTHON + " did not import asyncssh within " + IMPORT_TIMEOUT.toSeconds() + " s");
            }
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return check.exitValue() == 0 ? Optional.empty()
                    : Optional.of(PYTHON + " cannot import asyncssh with X.509 support: " + output);
        } finally {
            check.destroyForcibly();
        }
    }

    /** Copies the script into {@code dir} and starts it with these arguments. */
    static AsyncSshNms start(Path dir, List<String> arguments) throws IOException {
        Path script = dir.resolve(SCRIPT);
        try (InputStream in = AsyncSshNms.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException("test resource " + SCRIPT + " is missing");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-W", "ignore", "-u", script.toString()));
        command.addAll(arguments);
        return new AsyncSshNms(new ProcessBuilder(command).directory(dir.toFile()).start());
    }

    /**
     * The next line; fails the test, with the script's stderr, if the script exits or stays silent
     * until the deadline.
     */
    JsonNode next(Duration timeout) throws InterruptedException {
        JsonNode next = events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (next == null || next == EXITED) {
            return fail("AsyncSSH " + (next == null ? "said nothing within " + timeout.toSeconds() + " s" : "exited")
                    + "; stderr:\n" + stderr);
        }
        return next;
    }

    String stderr() {
        return stderr.toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void drain(InputStream stream, String name, Consumer<String> lines, Runnable atEnd) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // the process was killed: its pipe closed under us, nothing more to read
            } finally {
                atEnd.run();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }
}
