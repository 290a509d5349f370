package org.callhome.testsupport.ncclient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.callhome.testsupport.process.LineDrain;

/**
 * A Python script using ncclient's {@code manager.call_home} as the NMS, run as a child process by
 * the interpreter with ncclient installed: Debian's {@code /usr/bin/python3} with python3-ncclient
 * ({@link #DEBIAN_PYTHON}). The script says which port it listens on with a first stdout line
 * {@code LISTENING <port>}; what it prints after that is the caller's business. Two daemon threads
 * drain stdout and stderr, so the script never blocks on a full pipe; the caller waits for the
 * announcement and for the exit, each with a deadline, and {@link #close()} kills the process
 * whatever state it is in.
 */
public final class NcclientProcess implements AutoCloseable {

    /** The interpreter Debian's python3-ncclient installs ncclient for. */
    public static final Path DEBIAN_PYTHON = Path.of("/usr/bin/python3");

    private static final String LISTENING = "LISTENING ";
    private static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private final Process process;
    private final BlockingDeque<String> stdout = new LinkedBlockingDeque<>();
    private final StringBuffer stderr = new StringBuffer();
    private final List<Thread> drains = new ArrayList<>();

    private NcclientProcess(Process process) {
        this.process = process;
        drains.add(LineDrain.start(process.getInputStream(), "ncclient-stdout", stdout::add));
        drains.add(LineDrain.start(process.getErrorStream(), "ncclient-stderr",
                line -> stderr.append(line).append('\n')));
    }

    /** Why ncclient cannot run with {@code python} here, if so: the interpreter or the module is missing. */
    public static Optional<String> missing(Path python) throws IOException, InterruptedException {
        if (!Files.isExecutable(python)) {
            return Optional.of(python + " is missing (Debian: apt-get install python3-ncclient)");
        }
        Process check = new ProcessBuilder(python.toString(), "-c", "import ncclient, paramiko")
                .redirectErrorStream(true).start();
        try {
            if (!check.waitFor(IMPORT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                return Optional.of(python + " did not import ncclient within " + IMPORT_TIMEOUT.toSeconds() + " s");
            }
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return check.exitValue() == 0 ? Optional.empty() : Optional.of(python
                    + " cannot import ncclient (Debian: apt-get install python3-ncclient): " + output);
        } finally {
            check.destroyForcibly();
        }
    }

    /** Starts {@code script} with {@code python -u} (unbuffered, so lines arrive as printed) and these arguments. */
    public static NcclientProcess start(Path python, Path script, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(python.toString(), "-u", script.toString()));
        command.addAll(arguments);
        return new NcclientProcess(new ProcessBuilder(command).start());
    }

    /**
     * The port the script listens on, once it says so; empty if it exits first, stays silent until
     * the deadline or starts with another line, which then stays the first of {@link #stdoutLines()}.
     */
    public OptionalInt awaitListening(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        String line = null;
        while (line == null && System.nanoTime() < end && (process.isAlive() || drainsRunning())) {
            line = stdout.poll(Math.min(POLL.toNanos(), Math.max(0, end - System.nanoTime())), TimeUnit.NANOSECONDS);
        }
        if (line == null) {
            line = stdout.poll();
        }
        if (line == null) {
            return OptionalInt.empty();
        }
        if (!line.startsWith(LISTENING)) {
            stdout.addFirst(line);
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(line.substring(LISTENING.length()).strip()));
    }

    /** The exit code, or empty if it still runs at the deadline; the output is complete afterwards. */
    public OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return OptionalInt.empty();
        }
        for (Thread drain : drains) {
            drain.join(DRAIN_TIMEOUT.toMillis());
        }
        return OptionalInt.of(process.exitValue());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The stdout lines after "LISTENING", in order. */
    public List<String> stdoutLines() {
        return List.copyOf(stdout);
    }

    public String stderr() {
        return stderr.toString();
    }

    /** Kills the script; a thread interrupted while it waits for the exit stops waiting and keeps its interrupt status. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean drainsRunning() {
        return drains.stream().anyMatch(Thread::isAlive);
    }
}
