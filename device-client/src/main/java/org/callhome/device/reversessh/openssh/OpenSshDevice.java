package org.callhome.device.reversessh.openssh;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.callhome.device.callhome.Connection;
import org.callhome.device.callhome.Connector;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.DeviceHalf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reverse-ssh (RFC 8071) with stock OpenSSH as the device's SSH server, the "very easy to
 * implement" form: the device dials the NMS and hands the connection to {@code sshd -i}, whose
 * forced command runs {@code device-client stdio} on the data folder for each NETCONF session.
 * Everything SSH (host key, public-key login against the accounts' authorized_keys files, the
 * RFC 8071 authentication deadline as {@code LoginGraceTime}, the liveness test as
 * {@code ClientAliveInterval}/{@code ClientAliveCountMax}) is sshd's, configured by
 * {@link SshdConfig}. sshd's liveness request is named {@code keepalive@openssh.com}, where the
 * MINA device sends {@code keepalive@ietf.org}; RFC 8071 only asks for a nonexistent name.
 *
 * <p>The accounts must be local Unix users (sshd logs in real users: {@code getent passwd NAME}
 * is checked at start) who may read and write the data folder, and whose login shell runs the
 * session command without printing anything on stdout (Debian's bash reads {@code ~/.bashrc} for
 * commands sshd starts; a line printed there breaks the NETCONF hello). The agent must run as
 * root to serve any user but itself; root may itself be the account (CI runs as root), with a key
 * only ({@code PermitRootLogin prohibit-password}).
 *
 * <p>Threads: each connection has a dial thread and two copy threads (see {@link SshdConnection}),
 * unlike the built-in MINA device, which needs none of its own: this mode hands a socket to a
 * stock program. {@code connect} completes once sshd reports the NMS's login.
 */
public final class OpenSshDevice implements Connector, DeviceHalf {

    private static final Logger LOG = LoggerFactory.getLogger(OpenSshDevice.class);
    /** Longer than the SIGTERM grace time of a connection, after which its processes get SIGKILL. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    /**
     * @param datastore       the device's data folder; the configuration goes to {@code openssh/sshd_config} in it
     * @param ssh             host key file, its certificate (sshd's {@code HostCertificate}, checked by the
     *                        caller to certify the key), accounts, and revoked keys (sshd's {@code RevokedKeys})
     * @param authTimeout     how long the NMS has to log in (RFC 8071); whole seconds, rounded up
     * @param keepalives      sshd's liveness test of the NMS
     * @param maxMessageBytes the largest NETCONF message of a session
     */
    public record Settings(Path datastore, DeviceSshSettings ssh, Duration authTimeout, Keepalives keepalives,
                           int maxMessageBytes) {
        public Settings {
            Objects.requireNonNull(datastore, "datastore");
            Objects.requireNonNull(ssh, "ssh");
            Objects.requireNonNull(authTimeout, "authTimeout");
            Objects.requireNonNull(keepalives, "keepalives");
        }
    }

    private final Sshd sshd;
    private final Path configFile;
    private final Set<SshdConnection> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private OpenSshDevice(Sshd sshd, Path configFile) {
        this.sshd = sshd;
        this.configFile = configFile;
    }

    /**
     * What {@link #prepare} found: sshd, and the configuration for it, not yet written.
     * {@link #start} writes it into the data folder and has {@code sshd -t} check it.
     */
    public static final class Prepared {
        private final Sshd sshd;
        private final SshdConfig config;
        private final Settings settings;
        private final Path file;

        private Prepared(Sshd sshd, SshdConfig config, Settings settings, Path file) {
            this.sshd = sshd;
            this.config = config;
            this.settings = settings;
            this.file = file;
        }

        /**
         * Writes the configuration and has {@code sshd -t} check it (the host key file must exist
         * by now). Blocks for as long as that takes (well under a second).
         *
         * @throws IOException when sshd refuses the configuration
         */
        public OpenSshDevice start() throws IOException {
            Sshd.preparePrivilegeSeparationDir(Sshd.runningAsRoot());
            config.writeTo(file);
            sshd.check(file);
            LOG.info("OpenSSH mode: sshd -i with {} for accounts {}", file,
                    settings.ssh().accounts().stream().map(Account::name).toList());
            return new OpenSshDevice(sshd, file);
        }
    }

    /**
     * Checks the system (sshd installed, the accounts are Unix users it can serve) and makes the
     * configuration; writes nothing, so that a device can refuse its arguments before it creates
     * its data folder.
     *
     * @throws IOException              when sshd is missing
     * @throws IllegalArgumentException when an account cannot be served by sshd
     */
    public static Prepared prepare(Settings settings) throws IOException {
        Sshd sshd = Sshd.locate(Sshd.DEBIAN_PATH);
        boolean root = Sshd.runningAsRoot();
        String self = System.getProperty("user.name");
        for (Account account : settings.ssh().accounts()) {
            if (!root && !account.name().equals(self)) {
                throw new IllegalArgumentException("account '" + account.name() + "': sshd started by user '" + self
                        + "' can only log in '" + self + "'; run the device as root to serve other accounts");
            }
        }
        Path datastore = settings.datastore().toAbsolutePath().normalize();
        SshdConfig config = SshdConfig.generate(new SshdConfig.Settings(settings.ssh().hostKeyFile(),
                settings.ssh().accounts(), settings.authTimeout(), settings.keepalives(),
                StdioLauncher.ofThisJvm(datastore, settings.maxMessageBytes()))
                .withCertificates(settings.ssh().hostCertificateFile(), settings.ssh().revokedKeysFile()),
                UnixUsers.GETENT);
        return new Prepared(sshd, config, settings, datastore.resolve("openssh").resolve("sshd_config"));
    }

    /** {@link #prepare} and {@link Prepared#start} at once. */
    public static OpenSshDevice start(Settings settings) throws IOException {
        return prepare(settings).start();
    }

    /** The generated sshd_config. */
    public Path configFile() {
        return configFile;
    }

    /**
     * Dials on a new thread (TCP connect timeout {@code maxWait}), then runs {@code sshd -i} on the
     * connection. Completes when the NMS has logged in; cancelling the stage closes the connection.
     */
    @Override
    public CompletionStage<Connection> connect(Endpoint endpoint, Duration maxWait) {
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("the OpenSSH device is closed"));
        }
        SshdConnection connection = new SshdConnection(endpoint, sshd, configFile);
        live.add(connection);
        connection.processesEnded().whenComplete((done, error) -> live.remove(connection));
        CompletableFuture<Connection> result = connection.authenticated();
        result.whenComplete((done, error) -> {
            if (error instanceof CancellationException) {
                connection.close();
            }
        });
        Thread dial = new Thread(() -> connection.run(maxWait), "openssh-dial-" + endpoint.hostPort());
        dial.setDaemon(true);
        dial.start();
        if (closed) {
            connection.close();
        }
        return result;
    }

    /**
     * Closes every connection and waits (a few seconds at most) until their sshd processes, and
     * the session processes under them, have exited, so nothing writes the data folder afterwards.
     */
    /**
     * reverse-ssh, with one difference from the built-in half: the NETCONF channel belongs to
     * sshd, whose session runs {@code device-client stdio} in its own process, so no channel (and
     * no facts) comes back to this process.
     */
    @Override
    public CallHomeStrategy strategy() {
        return CallHomeStrategy.REVERSE_SSH;
    }

    @Override
    public void close() {
        closed = true;
        List<SshdConnection> open = List.copyOf(live);
        open.forEach(SshdConnection::close);
        try {
            CompletableFuture.allOf(open.stream().map(SshdConnection::processesEnded).toArray(CompletableFuture[]::new))
                    .get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("sshd processes still running {} s after close: {}", CLOSE_WAIT.toSeconds(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
