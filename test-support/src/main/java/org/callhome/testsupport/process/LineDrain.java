package org.callhome.testsupport.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads a child process's stdout or stderr as UTF-8 lines on a daemon thread, handing each line to
 * the caller as it comes, until the stream ends or breaks (the process was killed and its pipe
 * closed under us); then runs the caller's end action, whichever way it ended.
 */
public final class LineDrain {

    private LineDrain() {
    }

    /** Starts draining {@code stream} on a daemon thread named {@code name}; nothing happens at the end. */
    public static Thread start(InputStream stream, String name, Consumer<String> lines) {
        return start(stream, name, lines, () -> { });
    }

    /** Starts draining {@code stream} on a daemon thread named {@code name}, running {@code atEnd} once it ends. */
    public static Thread start(InputStream stream, String name, Consumer<String> lines, Runnable atEnd) {
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
        return thread;
    }
}
