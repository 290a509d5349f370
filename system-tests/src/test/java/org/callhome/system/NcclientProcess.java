package org.callhome.system;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code interop/ncclient_call_home.py} run by Debian's {@code /usr/bin/python3} (the one with
 * python3-ncclient) as a child process. Two daemon threads drain its stdout and stderr, so the
 * script never blocks on a full pipe; the test thread waits for lines and for the exit, each
 * with a deadline, and {@link #close()} kills the process whatever state it is in.
 */
final class NcclientProcess implements AutoCloseable {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String LISTENING = "LISTENING ";
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private final List<Thread> drains = new ArrayList<>();

    private NcclientProcess(Process process) {
        this.process = process;
        drains.add(drain(process.getInputStream(), "ncclient-stdout", stdout::add));
        drains.add(drain(process.getErrorStream(), "ncclient-stderr", line -> stderr.append(line).append('\n')));
    }

    /** Why the script cannot run here (no {@code /usr/bin/python3}, or it cannot import ncclient), if so. */
    static Optional<String> missing() throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            return Optional.of(PYTHON + " is missing (apt-get install python3-ncclient)");
        }
        Process check = new ProcessBuilder(PYTHON.toString(), "-c",
                "import ncclient, paramiko; print('ncclient', ncclient.__version__, 'paramiko', paramiko.__version__)")
                .redirectErrorStream(true).start();
        try {
            if (!check.waitFor(CHECK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                return Optional.of(PYTHON + " did not import ncclient within " + CHECK_TIMEOUT.toSeconds() + " s");
            }
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return check.exitValue() == 0 ? Optional.empty()
                    : Optional.of(PYTHON + " cannot import ncclient (apt-get install python3-ncclient): " + output);
        } finally {
            check.destroyForcibly();
        }
    }

    /** Starts the script with these arguments (see its {@code --help}). */
    static NcclientProcess start(List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-u", script().toString()));
        command.addAll(arguments);
        return new NcclientProcess(new ProcessBuilder(command).start());
    }

    private static Path script() {
        try {
            return Path.of(NcclientProcess.class.getResource("/interop/ncclient_call_home.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The port the script listens on, once it says so; fails if it exits or stays silent until the deadline. */
    int awaitListening(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        String line = null;
        while (line == null && System.nanoTime() < end && (process.isAlive() || drainsRunning())) {
            line = stdout.poll(100, TimeUnit.MILLISECONDS);
        }
        if (line == null) {
            line = stdout.poll();
        }
        if (line == null || !line.startsWith(LISTENING)) {
            return fail("ncclient did not listen within " + deadline.toSeconds() + " s; first stdout line: " + line
                    + "; alive: " + process.isAlive() + "; stderr:\n" + stderr());
        }
        return Integer.parseInt(line.substring(LISTENING.length()).strip());
    }

    private boolean drainsRunning() {
        return drains.stream().anyMatch(Thread::isAlive);
    }

    /** The exit code; fails if the script is still running at the deadline. Output is complete afterwards. */
    int awaitExit(Duration deadline) throws InterruptedException {
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            return fail("ncclient did not exit within " + deadline.toSeconds() + " s; stderr:\n" + stderr());
        }
        for (Thread drain : drains) {
            drain.join(Duration.ofSeconds(5).toMillis());
        }
        return process.exitValue();
    }

    /** The stdout lines after "LISTENING", in order. */
    List<String> stdoutLines() {
        return List.copyOf(stdout);
    }

    String stderr() {
        return stderr.toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    private static Thread drain(InputStream stream, String name, Consumer<String> lines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // the process was killed: its pipe closed under us, nothing more to read
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
