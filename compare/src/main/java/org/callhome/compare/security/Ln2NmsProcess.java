package org.callhome.compare.security;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.callhome.testsupport.process.LineDrain;

/**
 * A running {@link Ln2Nms}. Two daemon threads drain its stdout and stderr, so it never blocks on
 * a full pipe; the scenario waits for its {@code listening PORT} line and for its exit, each with a
 * deadline, and {@link #close()} kills it (its child, which holds the call, dies with it) whatever
 * state it is in.
 */
final class Ln2NmsProcess implements AutoCloseable {

    private static final String LISTENING = "listening ";
    private static final String CONNECTED = "connected ";
    private static final String CAPABILITY = "capability ";
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final StringBuffer stderr = new StringBuffer();
    private final List<Thread> drains = new ArrayList<>();

    private Ln2NmsProcess(Process process) {
        this.process = process;
        drains.add(LineDrain.start(process.getInputStream(), "ln2-nms-stdout", stdout::add));
        drains.add(LineDrain.start(process.getErrorStream(), "ln2-nms-stderr",
                line -> stderr.append(line).append('\n')));
    }

    static Ln2NmsProcess start(List<String> command) throws IOException {
        return new Ln2NmsProcess(new ProcessBuilder(command).start());
    }

    /** The port it listens on, once it says so; empty if it exits first or stays silent until the deadline. */
    OptionalInt awaitListening(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> line = firstLine(LISTENING);
            if (line.isPresent()) {
                return OptionalInt.of(Integer.parseInt(line.get().substring(LISTENING.length()).strip()));
            }
            if (System.nanoTime() >= end || (!process.isAlive() && drains.stream().noneMatch(Thread::isAlive))) {
                return OptionalInt.empty();
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** The exit code, or empty if it still runs at the deadline; the output is complete afterwards. */
    OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return OptionalInt.empty();
        }
        for (Thread drain : drains) {
            drain.join(DRAIN_TIMEOUT.toMillis());
        }
        return OptionalInt.of(process.exitValue());
    }

    /** Its {@code connected HOST PORT SESSION-ID} line, once the hellos were exchanged. */
    Optional<String> connected() {
        return firstLine(CONNECTED);
    }

    /** The capabilities of the device's hello. */
    List<String> capabilities() {
        return stdout.stream().filter(line -> line.startsWith(CAPABILITY))
                .map(line -> line.substring(CAPABILITY.length())).toList();
    }

    /** What it printed between its {@code BEGIN DATA} and {@code END DATA} lines: the reply's data. */
    Optional<String> data() {
        List<String> out = List.copyOf(stdout);
        int begin = out.indexOf("BEGIN DATA");
        int end = out.indexOf("END DATA");
        return begin < 0 || end < begin ? Optional.empty() : Optional.of(String.join("\n", out.subList(begin + 1,
                end)));
    }

    String stderr() {
        return stderr.toString();
    }

    /** Kills it; a thread interrupted while it waits for the exit stops waiting and keeps its interrupt status. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<String> firstLine(String prefix) {
        return stdout.stream().filter(line -> line.startsWith(prefix)).findFirst();
    }
}
