package org.callhome.device.reversessh.openssh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.callhome.device.callhome.Connection;
import org.callhome.shared.config.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call-home connection handed to {@code sshd -i}: a TCP socket to the NMS and an sshd
 * process, with bytes copied between them by blocking threads. Three threads per connection: the
 * dial thread connects, starts sshd and then logs sshd's stderr; one thread copies socket to
 * sshd's stdin, one copies sshd's stdout to the socket. That is the price of handing a socket to
 * a stock program (Java cannot give a child process a socket as its stdin and stdout).
 *
 * <p>sshd tells nobody but its log that the NMS authenticated, so {@link #authenticated()}
 * completes on sshd's {@code Accepted publickey for USER} line (the same words since OpenSSH
 * 3.x; only a line that starts with them counts, and sshd escapes line breaks in what it logs,
 * so a user name cannot fake one), and fails if sshd ends first. {@link #closed()} completes
 * after sshd has exited and its last bytes went out: normally when sshd exits with status 0 (the
 * connection ended), exceptionally otherwise (the connection broke, or sshd was killed).
 */
final class SshdConnection implements Connection {

    private static final Logger LOG = LoggerFactory.getLogger(SshdConnection.class);
    private static final String ACCEPTED = "Accepted publickey for ";
    private static final int BUFFER_BYTES = 32 * 1024;
    /** How long the copy of sshd's last output may take after sshd exited. */
    private static final long DRAIN_MILLIS = 5_000;
    /** How long sshd has to exit after SIGTERM before it gets SIGKILL. */
    private static final long TERM_GRACE_SECONDS = 5;

    private final Endpoint endpoint;
    private final Sshd sshd;
    private final Path config;
    private final Socket socket = new Socket();
    private final CompletableFuture<Connection> authenticated = new CompletableFuture<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    /** Completes when sshd has exited and, if we stopped it, every process that was under it. */
    private final CompletableFuture<Void> processesEnded = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile Process process;
    private volatile long lastActivityMillis = System.currentTimeMillis();
    private volatile String lastLogLine = "no output";

    SshdConnection(Endpoint endpoint, Sshd sshd, Path config) {
        this.endpoint = endpoint;
        this.sshd = sshd;
        this.config = config;
    }

    /** Completes once the NMS has logged in; fails when the connection ends before. */
    CompletableFuture<Connection> authenticated() {
        return authenticated;
    }

    @Override
    public CompletionStage<String> closed() {
        return closed;
    }

    /** Completes when no process of this connection runs any more. */
    CompletableFuture<Void> processesEnded() {
        return processesEnded;
    }

    /** When bytes last went either way; sshd's keepalives count too, as they do for the MINA device. */
    @Override
    public Instant lastActivity() {
        return Instant.ofEpochMilli(lastActivityMillis);
    }

    /** Closes the socket and stops sshd (SIGTERM to it and its children, SIGKILL after a grace time). */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closeSocket();
        Process running = process;
        if (running != null) {
            stop(running);
        }
    }

    /** The dial thread's work: everything of the connection's life but the two copies. */
    void run(Duration maxWait) {
        try {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()),
                    (int) Math.min(Integer.MAX_VALUE, Math.max(1, maxWait.toMillis())));
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            closeSocket();
            end(new IOException("connection to " + endpoint.hostPort() + " failed: " + e.getMessage(), e), null);
            processesEnded.complete(null);
            return;
        }
        Process started;
        try {
            started = sshd.startInetd(config);
        } catch (IOException e) {
            closeSocket();
            end(new IOException("could not start sshd: " + e.getMessage(), e), null);
            processesEnded.complete(null);
            return;
        }
        process = started;
        if (closing.get()) {
            stop(started);
        }
        LOG.info("connected to {}; sshd -i (pid {}) serves the connection", endpoint.hostPort(), started.pid());
        Thread toSshd = pump("openssh-to-sshd-" + started.pid(), () -> copyToSshd(started));
        Thread fromSshd = pump("openssh-from-sshd-" + started.pid(), () -> copyFromSshd(started));
        toSshd.start();
        fromSshd.start();
        logStderr(started);
        try {
            int status = started.waitFor();
            if (!closing.get()) {
                processesEnded.complete(null); // what ran under sshd ends by itself once sshd is gone
            }
            fromSshd.join(DRAIN_MILLIS);
            closeSocket();
            end(null, status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            end(new IOException("interrupted"), null);
        }
    }

    private void logStderr(Process started) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(started.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                LOG.info("sshd: {}", line);
                lastLogLine = line;
                if (line.startsWith(ACCEPTED) && !authenticated.isDone()) {
                    String rest = line.substring(ACCEPTED.length());
                    LOG.info("NMS {} authenticated as '{}' (sshd pid {})", endpoint.hostPort(),
                            rest.contains(" ") ? rest.substring(0, rest.indexOf(' ')) : rest, started.pid());
                    authenticated.complete(this);
                }
            }
        } catch (IOException e) {
            LOG.debug("reading sshd's stderr ended: {}", e.toString());
        }
    }

    /** Settles both futures: before authentication any end is a failed attempt. */
    private void end(IOException failure, Integer status) {
        String reason = closing.get() ? "closed by the device"
                : failure != null ? failure.getMessage()
                : "sshd exited with status " + status + " (last log line: " + lastLogLine + ")";
        if (!authenticated.isDone()) {
            LOG.info("call to {} ended before the NMS authenticated: {}", endpoint.hostPort(), reason);
        }
        authenticated.completeExceptionally(failure != null ? failure
                : new IOException("the NMS at " + endpoint.hostPort() + " closed the connection before authenticating: "
                        + reason));
        if (closing.get() || (status != null && status == 0)) {
            closed.complete(reason);
        } else {
            closed.completeExceptionally(failure != null ? failure : new IOException(reason));
        }
    }

    /** NMS to sshd; the NMS's end of stream closes sshd's stdin, after which sshd exits by itself. */
    private void copyToSshd(Process started) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try (OutputStream stdin = started.getOutputStream()) {
            InputStream in = socket.getInputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                stdin.write(buffer, 0, n);
                stdin.flush();
                lastActivityMillis = System.currentTimeMillis();
            }
        } catch (IOException e) {
            if (!closing.get() && started.isAlive()) {
                LOG.info("connection to {} broke ({}): stopping sshd", endpoint.hostPort(), e.getMessage());
                stop(started);
            }
        }
    }

    /** sshd to the NMS; sshd's end of output (it exits) half-closes the socket. */
    private void copyFromSshd(Process started) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try {
            InputStream stdout = started.getInputStream();
            OutputStream out = socket.getOutputStream();
            int n;
            while ((n = stdout.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                lastActivityMillis = System.currentTimeMillis();
            }
            socket.shutdownOutput();
        } catch (IOException e) {
            if (!closing.get() && started.isAlive()) {
                LOG.info("writing to {} failed ({}): stopping sshd", endpoint.hostPort(), e.getMessage());
                stop(started);
            }
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing the socket to {}: {}", endpoint.hostPort(), e.toString());
        }
    }

    /**
     * SIGTERM to sshd and everything under it (the session's stdio process too), SIGKILL to what is
     * still there after a grace time; completes {@link #processesEnded()} when all have exited.
     */
    private void stop(Process running) {
        List<ProcessHandle> all = Stream.concat(Stream.of(running.toHandle()), running.descendants()).toList();
        all.forEach(ProcessHandle::destroy);
        CompletableFuture.allOf(all.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                .orTimeout(TERM_GRACE_SECONDS, TimeUnit.SECONDS)
                .whenComplete((done, timeout) -> {
                    if (timeout != null) {
                        List<ProcessHandle> stubborn = all.stream().filter(ProcessHandle::isAlive).toList();
                        LOG.warn("sshd (pid {}): {} ignored SIGTERM for {} s: killing them", running.pid(),
                                stubborn.stream().map(ProcessHandle::pid).toList(), TERM_GRACE_SECONDS);
                        stubborn.forEach(ProcessHandle::destroyForcibly);
                    }
                    processesEnded.complete(null);
                });
    }

    private static Thread pump(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
