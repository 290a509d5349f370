package org.callhome.shared.ssh.x509;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
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
import org.callhome.testsupport.process.LineDrain;
import org.junit.jupiter.api.Assumptions;

/**
 * The AsyncSSH side of the interop tests: {@code asyncssh_x509.py} (a test resource, copied to a
 * folder of the test's) run by Debian's {@code /usr/bin/python3} with python3-asyncssh, which
 * brings RFC 6187 through pyOpenSSL. The script prints one JSON object a line, each with an
 * {@code event}; a daemon thread reads them as they come, another drains stderr (both are
 * test-support's {@code LineDrain}), and {@link #close()} kills the process whatever state it is
 * in. Public for the programs' interop tests, which run scripts of their own the same way
 * ({@link #start(Path, Class, String, List)}).
 */
public final class AsyncSshProcess implements AutoCloseable {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final String SCRIPT = "asyncssh_x509.py";
    private static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode EXITED = JSON.createObjectNode();

    private final Process process;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();

    private AsyncSshProcess(Process process) {
        this.process = process;
        LineDrain.start(process.getInputStream(), "asyncssh-stdout", line -> {
            try {
                events.add(JSON.readTree(line));
            } catch (IOException e) {
                stderr.append("not JSON on stdout: ").append(line).append('\n');
            }
        }, () -> events.add(EXITED));
        LineDrain.start(process.getErrorStream(), "asyncssh-stderr", line -> stderr.append(line).append('\n'));
    }

    /**
     * Skips the calling test with a clear message when AsyncSSH cannot run here, or fails it when
     * the environment variable CI is "true" (the CI image must have it).
     */
    public static void require() throws IOException, InterruptedException {
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

    /** Why AsyncSSH with X.509 support cannot run here, if so. */
    static Optional<String> missing() throws IOException, InterruptedException {
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
    static AsyncSshProcess start(Path dir, List<String> arguments) throws IOException {
        return start(dir, AsyncSshProcess.class, SCRIPT, arguments);
    }

    /**
     * Copies {@code scriptName}, a test resource beside {@code owner}, into {@code dir} and starts it
     * with these arguments.
     */
    public static AsyncSshProcess start(Path dir, Class<?> owner, String scriptName, List<String> arguments)
            throws IOException {
        Path script = dir.resolve(scriptName);
        try (InputStream in = owner.getResourceAsStream(scriptName)) {
            if (in == null) {
                throw new IOException("test resource " + scriptName + " is missing");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-W", "ignore", "-u", script.toString()));
        command.addAll(arguments);
        return new AsyncSshProcess(new ProcessBuilder(command).directory(dir.toFile()).start());
    }

    /**
     * The next line whose event is {@code event} (lines of other events are skipped); fails the
     * test, with the script's stderr, if the script exits or stays silent until the deadline.
     */
    public JsonNode await(String event, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode next = events.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null || next == EXITED) {
                return fail("AsyncSSH " + (next == null ? "said nothing within " + timeout.toSeconds() + " s"
                        : "exited") + " before a " + event + " line; stderr:\n" + stderr);
            }
            if (event.equals(next.path("event").asText())) {
                return next;
            }
        }
    }

    /** The next line, whatever its event; fails the test as {@link #await} does. */
    public JsonNode next(Duration timeout) throws InterruptedException {
        JsonNode next = events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (next == null || next == EXITED) {
            return fail("AsyncSSH " + (next == null ? "said nothing within " + timeout.toSeconds() + " s" : "exited")
                    + " before its result; stderr:\n" + stderr);
        }
        return next;
    }

    public String stderr() {
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
}
