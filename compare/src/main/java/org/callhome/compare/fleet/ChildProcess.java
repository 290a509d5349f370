package org.callhome.compare.fleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM of a run driven one command a line on its standard input, each answered with one
 * line on its standard output: the device fleet's, the scale run's NMS. {@link #close()} sends
 * {@code stop} and waits for the process to end.
 */
public final class ChildProcess implements AutoCloseable {

    private final Process process;
    private final String name;
    private final Path log;
    private final BufferedReader answers;
    private final Writer commands;

    /**
     * @param name how errors call it ("the device fleet")
     * @param log  the file its standard error goes to
     */
    public ChildProcess(Process process, String name, Path log) {
        this.process = process;
        this.name = name;
        this.log = log;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Sends {@code command} and returns the answer, which must start with {@code prefix}. */
    public String ask(String command, String prefix) throws IOException {
        send(command);
        String answer = answer(command);
        if (!answer.startsWith(prefix)) {
            throw new IOException(name + " answered '" + answer + "' to '" + command + "'" + exit());
        }
        return answer;
    }

    public void send(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
    }

    /** The next line the process prints; {@code command} names what it answers, for the error if it ended. */
    public String answer(String command) throws IOException {
        String answer = answers.readLine();
        if (answer == null) {
            throw new IOException(name + " ended before answering '" + command + "'" + exit());
        }
        return answer;
    }

    /** Why the process cannot answer, when it has ended; empty while it runs. */
    public String exit() {
        return process.isAlive() ? "" : " (it exited with " + process.exitValue() + "; see " + log.getFileName() + ")";
    }

    /**
     * The last {@code lines} lines of its log, each prefixed with the log's name, for an error
     * that needs the child's side of the story; empty if the log is empty or unreadable.
     */
    public String logTail(int lines) {
        List<String> all;
        try {
            all = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException unreadable) {
            return "";
        }
        StringBuilder tail = new StringBuilder();
        for (String line : all.subList(Math.max(0, all.size() - lines), all.size())) {
            tail.append('\n').append(log.getFileName()).append(": ").append(line);
        }
        return tail.toString();
    }

    /**
     * Ends the process with SIGKILL (what {@link Process#destroyForcibly()} sends on Linux and macOS),
     * as a crash or the kernel's OOM killer would: no shutdown hook runs, the kernel closes its sockets.
     * Returns once the process has ended.
     */
    public void kill() throws IOException {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IOException(name + " (pid " + process.pid() + ") did not end within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + name + " was killed");
        }
    }

    /** The process's id, for the report and its logs. */
    public long pid() {
        return process.pid();
    }

    /** Sends {@code stop} and waits up to a minute for the process to end, then ends it. */
    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            try {
                send("stop");
            } catch (IOException gone) {
                // it is exiting anyway
            }
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + name + " stopped");
        }
    }
}
