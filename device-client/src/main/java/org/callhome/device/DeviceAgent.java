package org.callhome.device;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.callhome.device.accounts.AccountTable;
import org.callhome.device.callhome.CallHomeDialer;
import org.callhome.device.callhome.CallHomeFormat;
import org.callhome.device.callhome.CallHomeFormat.Config;
import org.callhome.device.callhome.CallHomeFormat.Login;
import org.callhome.device.callhome.CallHomeTree;
import org.callhome.device.callhome.DialerListener;
import org.callhome.device.callhome.RunningCallHome;
import org.callhome.device.datastore.RunningDatastore;
import org.callhome.device.devicessh.DeviceSshClientDevice;
import org.callhome.device.devicessh.DeviceSshStrategy;
import org.callhome.device.devicessh.NmsHostKeys;
import org.callhome.device.netconf.DeviceNetconfServer;
import org.callhome.device.reversessh.ReverseSshStrategy;
import org.callhome.device.strategy.DeviceStrategy;
import org.callhome.device.strategy.NettyIo;
import org.callhome.device.strategy.SshIo;
import org.callhome.device.tls.TlsStrategy;
import org.callhome.device.yang.DeviceSchema;
import org.callhome.device.yang.SchemaException;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.DeviceSshClientSettings.HostKeyFormat;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.session.NetconfServerSession;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.DeviceHalf;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running device: its NETCONF server on the data folder, the call-home strategy that turns
 * an outbound connection into authenticated NETCONF sessions, and the dialer that keeps calling
 * home. Used by the command line and by tests alike.
 */
public final class DeviceAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceAgent.class);

    /** How often a device alone looks whether another process on its folder changed running. */
    static final Duration FOREIGN_CHANGE_POLL = Duration.ofSeconds(2);

    /** One entry per strategy package: the agent runs the one its settings name. */
    static final List<DeviceStrategy> STRATEGIES = List.of(new ReverseSshStrategy(), new DeviceSshStrategy(),
            new TlsStrategy());

    /** Which SSH server runs on the dialed connection (reverse-ssh only). */
    public enum SshServerKind { MINA, OPENSSH }

    /**
     * What a device needs for device-ssh-client besides the common settings.
     *
     * @param login          the device's account on the NMS's SSH server
     * @param identityFile   the device's login key (OpenSSH or PEM); created as Ed25519, 0600, if missing
     * @param nmsHostKeyFile the pinned NMS host key: an OpenSSH public key file or known_hosts (see {@link NmsHostKeys})
     * @param subsystem      the subsystem requested on the channel, a local SSH name ({@code name@domain})
     * @param bindAccount    the account of {@code ssh.accounts()} the NETCONF sessions run as
     * @param identityCertificateFile the OpenSSH user certificate of the login key; when given, the only
     *                       credential the device offers (the key file must then exist)
     * @param nmsHostKeyFormat which leaf of the call-home tree in running names {@code nmsHostKeyFile}
     *                       (the device reads either kind of line in either)
     */
    public record ClientLogin(String login, Path identityFile, Path nmsHostKeyFile, String subsystem,
                              String bindAccount, Optional<Path> identityCertificateFile,
                              HostKeyFormat nmsHostKeyFormat)
            implements DeviceStrategy.Login {
        public ClientLogin {
            Objects.requireNonNull(login, "login");
            Objects.requireNonNull(identityFile, "identityFile");
            Objects.requireNonNull(nmsHostKeyFile, "nmsHostKeyFile");
            Objects.requireNonNull(subsystem, "subsystem");
            Objects.requireNonNull(bindAccount, "bindAccount");
            Objects.requireNonNull(identityCertificateFile, "identityCertificateFile");
            Objects.requireNonNull(nmsHostKeyFormat, "nmsHostKeyFormat");
            DeviceSshClientDevice.Settings.checkSubsystem(subsystem);
        }

        /** The NMS host keys named as a known_hosts file, the general kind. */
        public ClientLogin(String login, Path identityFile, Path nmsHostKeyFile, String subsystem, String bindAccount,
                           Optional<Path> identityCertificateFile) {
            this(login, identityFile, nmsHostKeyFile, subsystem, bindAccount, identityCertificateFile,
                    HostKeyFormat.KNOWN_HOSTS);
        }

        /** Logging in with the key alone. */
        public ClientLogin(String login, Path identityFile, Path nmsHostKeyFile, String subsystem, String bindAccount) {
            this(login, identityFile, nmsHostKeyFile, subsystem, bindAccount, Optional.empty());
        }

        /** The same login, with the user certificate of the login key. */
        public ClientLogin withIdentityCertificate(Path certificateFile) {
            return new ClientLogin(login, identityFile, nmsHostKeyFile, subsystem, bindAccount,
                    Optional.of(certificateFile), nmsHostKeyFormat);
        }

        /** The same login, its NMS host key file named in running as {@code format} says. */
        public ClientLogin withNmsHostKeyFormat(HostKeyFormat format) {
            return new ClientLogin(login, identityFile, nmsHostKeyFile, subsystem, bindAccount,
                    identityCertificateFile, format);
        }

        /** As the call-home tree holds it, the login name given. */
        Login tree() {
            return new Login(Optional.of(login), identityFile, identityCertificateFile, nmsHostKeyFile,
                    nmsHostKeyFormat, subsystem, bindAccount);
        }

        /** The login {@code tree} gives, its name this one's when the tree has none (the device's id). */
        ClientLogin from(Login tree) {
            return new ClientLogin(tree.username().orElse(login), tree.identityFile(), tree.nmsHostKeyFile(),
                    tree.subsystem(), tree.bindAccount(), tree.identityCertificateFile(), tree.nmsHostKeyFormat());
        }
    }

    /**
     * @param authTimeout how long the NMS has to authenticate on a new connection (RFC 8071 S5; in tls,
     *                    the whole TLS handshake); in device-ssh-client, how long the device's own login may take
     * @param sshServer   the SSH server of reverse-ssh; must be MINA for device-ssh-client and tls
     * @param clientLogin the device-ssh-client parameters; null for reverse-ssh
     * @param yangFolders folders of YANG modules the device loads besides the shipped ones
     *                    ({@link DeviceSchema#load}); their namespaces' edits follow the schema
     */
    public record Settings(Path datastore, CallHomeSettings callHome, DeviceSshSettings ssh, Duration authTimeout,
                           SshServerKind sshServer, NetconfLimits limits, CallHomeStrategy strategy,
                           ClientLogin clientLogin, List<Path> yangFolders) implements DeviceStrategy.Settings {
        public Settings {
            yangFolders = List.copyOf(yangFolders);
            Objects.requireNonNull(datastore, "datastore");
            Objects.requireNonNull(callHome, "callHome");
            Objects.requireNonNull(ssh, "ssh");
            Objects.requireNonNull(authTimeout, "authTimeout");
            Objects.requireNonNull(sshServer, "sshServer");
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(strategy, "strategy");
            if (strategy == CallHomeStrategy.DEVICE_SSH_CLIENT) {
                if (clientLogin == null) {
                    throw new IllegalArgumentException("device-ssh-client needs its login parameters (clientLogin)");
                }
                if (sshServer != SshServerKind.MINA) {
                    throw new IllegalArgumentException("the device runs no SSH server in device-ssh-client: "
                            + "sshServer " + sshServer + " applies to reverse-ssh only");
                }
                if (ssh.hostCertificateFile().isPresent()) {
                    throw new IllegalArgumentException("the device presents no host key in device-ssh-client: a host "
                            + "certificate applies to reverse-ssh only");
                }
                String bind = clientLogin.bindAccount();
                if (ssh.accounts().stream().noneMatch(account -> account.name().equals(bind))) {
                    throw new IllegalArgumentException("bind account '" + bind + "' is not one of the accounts "
                            + ssh.accounts().stream().map(DeviceSshSettings.Account::name).toList());
                }
            } else if (clientLogin != null) {
                throw new IllegalArgumentException("login parameters apply to device-ssh-client only, not " + strategy);
            }
            if (strategy == CallHomeStrategy.TLS) {
                if (sshServer != SshServerKind.MINA) {
                    throw new IllegalArgumentException("the device runs no SSH server in tls: sshServer " + sshServer
                            + " applies to reverse-ssh only");
                }
                if (ssh.hostCertificateFile().isEmpty()) {
                    throw new IllegalArgumentException("tls needs the device's X.509 certificate chain (the host"
                            + " certificate file) for its key");
                }
            }
        }

        /** The shipped YANG modules only. */
        public Settings(Path datastore, CallHomeSettings callHome, DeviceSshSettings ssh, Duration authTimeout,
                        SshServerKind sshServer, NetconfLimits limits, CallHomeStrategy strategy,
                        ClientLogin clientLogin) {
            this(datastore, callHome, ssh, authTimeout, sshServer, limits, strategy, clientLogin, List.of());
        }

        /** The same settings, the device loading the YANG modules of {@code folders} too. */
        public Settings withYang(List<Path> folders) {
            return copy(callHome, ssh, clientLogin, folders);
        }

        /** reverse-ssh, as before the strategy was a setting. */
        public Settings(Path datastore, CallHomeSettings callHome, DeviceSshSettings ssh, Duration authTimeout,
                        SshServerKind sshServer, NetconfLimits limits) {
            this(datastore, callHome, ssh, authTimeout, sshServer, limits, CallHomeStrategy.REVERSE_SSH, null);
        }

        /** device-ssh-client: {@code ssh} holds the accounts (the bind account among them); its host key is unused. */
        public static Settings deviceSshClient(Path datastore, CallHomeSettings callHome, DeviceSshSettings ssh,
                                               Duration authTimeout, NetconfLimits limits, ClientLogin login) {
            return new Settings(datastore, callHome, ssh, authTimeout, SshServerKind.MINA, limits,
                    CallHomeStrategy.DEVICE_SSH_CLIENT, login);
        }

        /**
         * tls: {@code ssh} holds the device's TLS key ({@code hostKeyFile}, which must exist), its X.509
         * chain ({@code hostCertificateFile}), the accounts (their files the NMS's X.509 CA certificates),
         * the revocation list and the cert-to-name mappings.
         */
        public static Settings tls(Path datastore, CallHomeSettings callHome, DeviceSshSettings ssh,
                                   Duration authTimeout, NetconfLimits limits) {
            return new Settings(datastore, callHome, ssh, authTimeout, SshServerKind.MINA, limits,
                    CallHomeStrategy.TLS, null);
        }

        /** The same settings, presenting {@code file} as the host key's certificate (reverse-ssh). */
        public Settings withHostCertificate(Path file) {
            return withSsh(ssh.withCertificates(Optional.of(file), ssh.revokedKeysFile()));
        }

        /** The same settings, refusing the NMS keys and certificates {@code file} revokes. */
        public Settings withRevokedKeys(Path file) {
            return withSsh(ssh.withCertificates(ssh.hostCertificateFile(), Optional.of(file)));
        }

        /**
         * The same settings calling home with {@code config}: its NMS, and what the device offers it;
         * in device-ssh-client its login and accounts, the rest of {@code ssh} (not in its tree) kept.
         */
        Settings withCallHome(Config config) {
            if (config.login().isEmpty()) {
                return copy(config.callHome(), config.ssh(), clientLogin, yangFolders);
            }
            DeviceSshSettings accounts = new DeviceSshSettings(ssh.hostKeyFile(), config.ssh().accounts(),
                    ssh.hostCertificateFile(), ssh.revokedKeysFile(), ssh.clientIdentityMappings());
            return copy(config.callHome(), accounts, clientLogin.from(config.login().get()), yangFolders);
        }

        /** What these settings call home with, as the strategy's call-home tree holds it. */
        Config callHomeConfig() {
            if (clientLogin == null) {
                return new Config(callHome, ssh);
            }
            // in device-ssh-client nobody logs into the device: accounts carry no keys, its key is the login's
            List<DeviceSshSettings.Account> accounts = ssh.accounts().stream()
                    .map(account -> new DeviceSshSettings.Account(account.name(), account.role(), Optional.empty()))
                    .toList();
            return new Config(callHome, new DeviceSshSettings(clientLogin.identityFile(), accounts),
                    Optional.of(clientLogin.tree()));
        }

        private Settings withSsh(DeviceSshSettings changed) {
            return copy(callHome, changed, clientLogin, yangFolders);
        }

        /**
         * These settings with the parts a change may replace given anew: every copy is made here, so
         * none can drop a part it does not change (the datastore, timeouts, server kind, limits and
         * strategy are always kept).
         */
        private Settings copy(CallHomeSettings newCallHome, DeviceSshSettings newSsh, ClientLogin newLogin,
                              List<Path> newYangFolders) {
            return new Settings(datastore, newCallHome, newSsh, authTimeout, sshServer, limits, strategy, newLogin,
                    newYangFolders);
        }

        @Override
        public boolean stockOpenSsh() {
            return sshServer == SshServerKind.OPENSSH;
        }
    }

    private final Threads threads;
    private final DeviceNetconfServer netconf;
    private final DeviceHalf half;
    private final CallHomeDialer dialer;
    private final RevocationWatch revoked;
    private final String keyFingerprint;
    private final Map<Long, SecurityFacts> liveSessions;
    private final Optional<ScheduledFuture<?>> foreignChangePoll;

    private DeviceAgent(Threads threads, DeviceNetconfServer netconf, DeviceHalf half, CallHomeDialer dialer,
                        RevocationWatch revoked, String keyFingerprint, Map<Long, SecurityFacts> liveSessions,
                        Optional<ScheduledFuture<?>> foreignChangePoll) {
        this.foreignChangePoll = foreignChangePoll;
        this.threads = threads;
        this.netconf = netconf;
        this.half = half;
        this.dialer = dialer;
        this.revoked = revoked;
        this.keyFingerprint = keyFingerprint;
        this.liveSessions = liveSessions;
    }

    /**
     * Reads and checks every file the settings name (the revocation list, the accounts'
     * authorized_keys, the key and its certificate, the pinned NMS host keys, the OpenSSH accounts)
     * before it creates anything: a mistake in any of
     * them leaves no data folder or key file behind. Then creates what is missing and starts calling.
     * The device has threads of its own, stopped by {@link #close()}.
     */
    public static DeviceAgent start(Settings settings, DialerListener listener) throws IOException {
        ExecutorService workers = Executors.newFixedThreadPool(2, DaemonThreads.named("device-netconf"));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                DaemonThreads.named("device-callhome"));
        try {
            return start(settings, listener, new Threads(workers, scheduler, SshIo.own(), NettyIo.own(), Optional.empty(),
                    true));
        } catch (IOException | RuntimeException e) {
            scheduler.shutdownNow();
            workers.shutdownNow();
            throw e;
        }
    }

    /**
     * As {@link #start(Settings, DialerListener)}, the device running on a fleet's threads: its
     * NETCONF sessions on the fleet's pool, its dialer and timeouts on the fleet's scheduler, its SSH
     * server or client on the fleet's MINA I/O group. {@link #close()} then closes the device alone;
     * the fleet's threads stay until {@link SharedResources#close()}.
     */
    public static DeviceAgent start(Settings settings, DialerListener listener, SharedResources shared)
            throws IOException {
        Objects.requireNonNull(shared, "shared");
        if (settings.stockOpenSsh()) {
            throw new IllegalArgumentException("a fleet runs the built-in SSH server: stock OpenSSH starts a process"
                    + " per session");
        }
        return start(settings, listener, new Threads(shared.workers(), shared.scheduler(), shared.sshIo(),
                shared.nettyIo(), shared.options().afterSession(), false));
    }

    private static DeviceAgent start(Settings given, DialerListener listener, Threads threads)
            throws IOException {
        RunningCallHome callHome = runningCallHome(given.strategy());
        // decided before anything is created, so that the files checked below are those used
        RunningCallHome.Seeding seeding = callHome.plan(given.datastore(), given.callHomeConfig());
        Settings settings = given.withCallHome(seeding.effective());
        RevocationWatch revoked = RevocationWatch.openIfGiven(settings.revokedKeysFile());
        AccountTable accounts = AccountTable.load(settings.ssh().accounts(), revoked, Clock.systemUTC(),
                settings.ssh().clientIdentityMappings());
        if (accounts.isEmpty()) {
            LOG.warn("no --account is configured: no NMS can log in");
        }
        DeviceStrategy strategy = strategyOf(settings.strategy());
        DeviceStrategy.Prepared prepared = strategy.prepare(settings);
        KeyPair keyPair = prepared.key().save();
        String fingerprint = SshKeys.fingerprint(keyPair.getPublic());
        LOG.info("device {} key fingerprint {} ({})", strategy.keyRole(), fingerprint, prepared.key().file());
        // parsed once per JVM and set of folders: a fleet's devices share it
        DeviceSchema schema;
        try {
            schema = DeviceSchema.load(settings.yangFolders());
        } catch (SchemaException e) {
            throw new IOException(e.getMessage(), e);
        }
        DeviceNetconfServer netconf = threads.owned()
                ? new DeviceNetconfServer(settings.datastore(), settings.limits(), threads.workers(), schema)
                : new DeviceNetconfServer(settings.datastore(), settings.limits(), threads.workers(),
                        threads.scheduler(), schema);
        Map<Long, SecurityFacts> live = new ConcurrentHashMap<>();
        long maxBacklogBytes = settings.limits().maxWriteBacklogBytes();
        DeviceStrategy.Started started;
        try {
            callHome.seed(netconf.running(), settings.datastore(), seeding);
            netconf.addCheck(callHome.check());
            started = prepared.start(new DeviceStrategy.Pieces(keyPair, accounts, revoked,
                    channelSink(netconf, accounts, live), threads.scheduler(), maxBacklogBytes, threads.sshIo(),
                    threads.nettyIo()));
        } catch (IOException | RuntimeException e) {
            netconf.close();
            throw e;
        }
        // the halves listen for new lists and drop the live sessions they revoke, on the call-home thread
        revoked.start(threads.scheduler(), RevocationWatch.DEFAULT_POLL);
        CallHomeDialer dialer = new CallHomeDialer(settings.callHome(), started.connector(), threads.scheduler(),
                listener, RandomGenerator.getDefault(), threads.afterSession());
        netconf.running().addListener(new LiveCallHome(callHome, dialer, seeding.effective()));
        dialer.start();
        Optional<ScheduledFuture<?>> poll = Optional.empty();
        if (threads.owned()) {
            // other processes on the folder (stdio sessions, sshd -i) change running too; a fleet does not poll
            RunningDatastore running = netconf.running();
            poll = Optional.of(threads.scheduler().scheduleWithFixedDelay(() -> pollForeignChange(running),
                    FOREIGN_CHANGE_POLL.toMillis(), FOREIGN_CHANGE_POLL.toMillis(), TimeUnit.MILLISECONDS));
        }
        return new DeviceAgent(threads, netconf, started.half(), dialer, revoked, fingerprint, live, poll);
    }

    /** The strategy's call-home tree in running, on the shipped schema. */
    private static RunningCallHome runningCallHome(CallHomeStrategy strategy) throws IOException {
        CallHomeFormat format = CallHomeFormat.of(strategy);
        try {
            return new RunningCallHome(new CallHomeTree(DeviceSchema.shipped().context(), format), format);
        } catch (SchemaException e) {
            throw new IOException("the device's shipped YANG schema cannot be loaded: " + e.getMessage(), e);
        }
    }

    private static void pollForeignChange(RunningDatastore running) {
        try {
            running.pollForeignChange();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read running to look for changes: {}", e.toString());
        }
    }

    /**
     * The threads a device runs on and whether it owns them (stops them on close).
     *
     * @param afterSession the dialer's wait after a session ended; empty for its initial backoff
     */
    private record Threads(ExecutorService workers, ScheduledExecutorService scheduler, SshIo sshIo,
                           NettyIo nettyIo, Optional<Duration> afterSession, boolean owned) {
        void stop() {
            if (owned) {
                scheduler.shutdownNow();
                DaemonThreads.shutdown(workers, Duration.ofSeconds(5));
            }
        }
    }

    static DeviceStrategy strategyOf(CallHomeStrategy strategy) {
        return STRATEGIES.stream().filter(candidate -> candidate.strategy() == strategy).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("this device has no half for strategy " + strategy));
    }

    /**
     * Every strategy's channels go to the same NETCONF server; the account's role decides what it
     * may do. Records each session's facts while it lives.
     */
    private static DeviceHalf.ChannelSink channelSink(DeviceNetconfServer netconf, AccountTable accounts,
                                                      Map<Long, SecurityFacts> live) {
        return channel -> {
            NetconfServerSession session = netconf.serve(channel, accounts.roleOf(channel.facts().netconfUsername()));
            live.put(session.sessionId(), channel.facts());
            session.closed().thenRun(() -> live.remove(session.sessionId()));
            return session;
        };
    }

    /**
     * How each live NETCONF session of this device was secured, by session-id (empty in the
     * openssh mode, whose sessions run in sshd's processes).
     */
    public Map<Long, SecurityFacts> sessions() {
        return Map.copyOf(liveSessions);
    }

    /**
     * The fingerprint of the key the NMS identifies this device by: its SSH host key in reverse-ssh,
     * its login key in device-ssh-client, the key of its certificate in tls.
     */
    public String hostKeyFingerprint() {
        return keyFingerprint;
    }

    @Override
    public void close() throws IOException {
        foreignChangePoll.ifPresent(poll -> poll.cancel(false));
        revoked.close();
        dialer.close();
        half.close();
        netconf.close();
        threads.stop();
    }

}
