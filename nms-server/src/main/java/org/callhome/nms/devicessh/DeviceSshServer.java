package org.callhome.nms.devicessh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.global.KeepAliveHandler;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.global.NoMoreSessionsHandler;
import org.apache.sshd.server.session.ServerSession;
import org.callhome.nms.session.DeviceCertificateCheck;
import org.callhome.nms.session.DeviceX509Check;
import org.callhome.nms.session.IdleSessionMemory;
import org.callhome.nms.session.StartupLimiter;
import org.callhome.nms.trust.DeviceTrust;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.ssh.SshPolicy;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.ssh.channel.SshKeepalive;
import org.callhome.shared.ssh.x509.X509HostKeys;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.ssh.x509.X509UserKeys;
import org.callhome.shared.ssh.x509.trust.X509ChainCheck;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NmsHalf;
import org.callhome.shared.strategy.SecuredChannel;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.text.PeerText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NMS half of device-ssh-client: an SSH <em>server</em> that devices log into, each with an
 * account of its own (login name = device id, its pinned public key), or with a user certificate
 * of a {@code --device-ca} CA whose principal is its login name, or, with a PEM {@code --device-ca}, with
 * an X.509 user certificate chain (RFC 6187) whose identity is its login name ({@link DeviceAccounts}); with
 * {@code --host-cert} it presents a host certificate, OpenSSH or an X.509 chain, besides its plain host key. Because every device holds
 * a credential for the NMS, the account can do exactly one thing: open one session channel and
 * request the NETCONF subsystem ({@link Settings#subsystem()}), inside which the device is the
 * NETCONF server. Everything else is refused, each by the layer that owns it:
 * <ul>
 * <li>authentication: public key only (no password, keyboard-interactive, host-based, GSS), a
 *     certificate decided on before MINA's own checks ({@link CertificateFirstPublicKey}); a second
 *     live session of a device is refused at authentication ({@link DeviceAccounts});</li>
 * <li>channel types: only {@code session}, one open at a time ({@link DeviceChannel.Factory});
 *     direct-tcpip (local forwarding), x11 and the rest get SSH_OPEN_UNKNOWN_CHANNEL_TYPE;</li>
 * <li>channel requests: no shell or command factory, only our subsystem, pty-req and env refused
 *     ({@link DeviceChannel}), agent and X11 forwarding filtered out, one subsystem per login;</li>
 * <li>global requests: only keepalive@openssh.com and no-more-sessions@openssh.com are known, so
 *     tcpip-forward (remote forwarding) is refused before any filter is asked (and the filter
 *     rejects it too).</li>
 * </ul>
 * MINA's I/O threads run it all; the consumer given to {@link #start} is called on them. When the
 * revocation list changes, the timer thread drops the live sessions it revokes.
 */
public final class DeviceSshServer implements NmsHalf {

    /** The subsystem name when none is configured: not "netconf", because the roles are inverted. */
    public static final String DEFAULT_SUBSYSTEM = "netconf-device@callhome.invalid";

    /**
     * The NETCONF username reported for every session of this strategy. On this side the NETCONF
     * username is the NMS's own: the device runs the session under a local bind account it
     * chose and never sees this name, so it is informational (the registry and the comparison
     * show it next to reverse-ssh's SSH username).
     */
    public static final String NMS_NETCONF_USERNAME = "nms";

    /**
     * @param hostCertificate a host certificate of {@code hostKey}, presented besides the plain key
     * @param deviceAccounts  one account per device (login name = device id, its key), asked at every login
     * @param certificates    how a device's user certificate is decided on; empty without {@code --device-ca}
     * @param revocations     the revocation list in force, for pinned keys and certificates alike
     * @param subsystem       the subsystem devices request, e.g. {@link #DEFAULT_SUBSYSTEM}
     * @param authTimeout     how long a connection may take to authenticate before it is closed
     * @param keepalives      how the NMS tests each logged-in device (RFC 8071 §4.1 style)
     * @param maxBacklogBytes unsent NETCONF output per channel before reading from the device pauses
     * @param hostX509Chain   an X.509 certificate chain of {@code hostKey} (RFC 6187), end-entity first,
     *                        presented besides the plain key; empty for none
     * @param x509Certificates how a device's X.509 user certificate chain is decided on; empty without a PEM
     *                        {@code --device-ca}, and then no {@code x509v3-*} login is taken
     */
    public record Settings(InetSocketAddress listen, KeyPair hostKey, Optional<OpenSshCertificate> hostCertificate,
                           DeviceTrust deviceAccounts, Optional<DeviceCertificateCheck> certificates,
                           RevocationWatch revocations, String subsystem, Duration authTimeout, Keepalives keepalives,
                           long maxBacklogBytes, List<X509Certificate> hostX509Chain,
                           Optional<DeviceX509Check> x509Certificates) {
        public Settings {
            hostX509Chain = List.copyOf(hostX509Chain);
            Objects.requireNonNull(x509Certificates, "x509Certificates");
            Objects.requireNonNull(listen, "listen");
            Objects.requireNonNull(hostKey, "hostKey");
            Objects.requireNonNull(hostCertificate, "hostCertificate");
            Objects.requireNonNull(deviceAccounts, "deviceAccounts");
            Objects.requireNonNull(certificates, "certificates");
            Objects.requireNonNull(revocations, "revocations");
            Objects.requireNonNull(subsystem, "subsystem");
            Objects.requireNonNull(authTimeout, "authTimeout");
            Objects.requireNonNull(keepalives, "keepalives");
            if (subsystem.isEmpty() || subsystem.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
                throw new IllegalArgumentException("subsystem name " + PeerText.quote(subsystem)
                        + " must be non-empty printable ASCII without spaces");
            }
            if (authTimeout.isNegative() || authTimeout.isZero()) {
                throw new IllegalArgumentException("authTimeout must be positive, got " + authTimeout);
            }
            if (maxBacklogBytes < 1) {
                throw new IllegalArgumentException("maxBacklogBytes must be positive, got " + maxBacklogBytes);
            }
        }

        /** Without X.509 certificates either way. */
        public Settings(InetSocketAddress listen, KeyPair hostKey, Optional<OpenSshCertificate> hostCertificate,
                        DeviceTrust deviceAccounts, Optional<DeviceCertificateCheck> certificates,
                        RevocationWatch revocations, String subsystem, Duration authTimeout, Keepalives keepalives,
                        long maxBacklogBytes) {
            this(listen, hostKey, hostCertificate, deviceAccounts, certificates, revocations, subsystem, authTimeout,
                    keepalives, maxBacklogBytes, List.of(), Optional.empty());
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(DeviceSshServer.class);

    private final Settings settings;
    private final NmsHalf.Refusals refusals;
    private final ScheduledExecutorService timers;
    private final Map<String, ServerSession> live = new ConcurrentHashMap<>();
    private final DeviceAccounts accounts;
    private final GuardedServer server;
    private boolean started;

    public DeviceSshServer(Settings settings, NmsHalf.Refusals refusals, ScheduledExecutorService timers) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.refusals = Objects.requireNonNull(refusals, "refusals");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.accounts = new DeviceAccounts(settings.deviceAccounts(), live, refusals, settings.certificates(),
                settings.revocations(), settings.x509Certificates());
        this.server = (GuardedServer) ServerBuilder.builder().factory(GuardedServer::new).build();
    }

    @Override
    public CallHomeStrategy strategy() {
        return CallHomeStrategy.DEVICE_SSH_CLIENT;
    }

    /** Limits the connections not yet authenticated; its strategy calls it before {@link #start}. */
    void limitStartups(StartupLimiter limiter) {
        server.startups = limiter;
        server.addSessionListener(limiter);
    }

    /** Tells {@code listener} of every SSH session of a device connection too (diagnostics and tests). */
    void addSessionListener(SessionListener listener) {
        server.addSessionListener(listener);
    }

    @Override
    public InetSocketAddress start(Consumer<SecuredChannel> channels) throws IOException {
        Objects.requireNonNull(channels, "channels");
        if (started) {
            throw new IllegalStateException("the device-ssh-client server is already started");
        }
        started = true;
        configure(channels);
        settings.revocations().onChange(this::dropRevoked);
        server.start();
        InetSocketAddress bound = boundAddress();
        LOG.info("listening for device-ssh-client logins on {} (subsystem {}, {} device accounts)",
                SecurityFacts.addressOf(bound), settings.subsystem(), settings.deviceAccounts().size());
        return bound;
    }

    @Override
    public void disconnect(String deviceId) {
        ServerSession session = live.get(deviceId);
        if (session != null) {
            LOG.info("disconnecting device {}", deviceId);
            session.close(true);
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    private void configure(Consumer<SecuredChannel> channels) {
        SshPolicy.applyTo(server);
        InetSocketAddress listen = settings.listen();
        server.setHost(listen.getAddress() == null ? listen.getHostString() : listen.getAddress().getHostAddress());
        server.setPort(listen.getPort());
        server.setKeyPairProvider(KeyPairProvider.wrap(settings.hostKey()));
        // MINA offers the certificate's algorithm only with its plain key in the provider above
        settings.hostCertificate().ifPresent(certificate ->
                server.setHostKeyCertificateProvider(session -> List.of(certificate)));
        if (!settings.hostX509Chain().isEmpty()) {
            // after the policy and the key pair provider, whose keys it adds the chain's to
            X509HostKeys.present(server, settings.hostKey(), settings.hostX509Chain());
        }

        server.setUserAuthFactories(List.of(CertificateFirstPublicKey.factory(accounts)));
        server.setPublickeyAuthenticator(accounts);
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setGSSAuthenticator(null);
        if (settings.x509Certificates().isPresent()) {
            // wraps the publickey method above: x509v3-* logins go to the chain check, every other key as before
            X509UserKeys.accept(server, accounts::authenticateX509);
        }
        CoreModuleProperties.AUTH_TIMEOUT.set(server, settings.authTimeout());
        // a quiet NETCONF session is normal; liveness is SshKeepalive's job, not MINA's idle timer
        CoreModuleProperties.IDLE_TIMEOUT.set(server, Duration.ZERO);
        IdleSessionMemory.applyTo(server);

        server.setChannelFactories(List.of(DeviceChannel.Factory.INSTANCE));
        server.setShellFactory(null);
        server.setCommandFactory(null);
        server.setSubsystemFactories(List.of(new DeviceNetconfSubsystem(settings.subsystem(), NMS_NETCONF_USERNAME,
                settings.maxBacklogBytes(), channels)));
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        server.setAgentFactory(null);
        server.setGlobalRequestHandlers(List.of(KeepAliveHandler.INSTANCE, NoMoreSessionsHandler.INSTANCE));

        server.addSessionListener(new Listener());
    }

    /**
     * Drops every live session whose login key or certificate the revocation list now revokes; on
     * the timer thread, after the list changed.
     */
    private void dropRevoked() {
        live.forEach((deviceId, session) -> {
            DeviceLogin login = session.getAttribute(DeviceLogin.KEY);
            if (login == null) {
                return;
            }
            Optional<String> why = login.presented() instanceof X509PublicKey chain
                    && settings.x509Certificates().isPresent()
                    ? settings.x509Certificates().get().whyRevoked(chain, X509ChainCheck.Purpose.USER)
                    : settings.revocations().whyRevoked(login.presented());
            if (why.isPresent()) {
                LOG.warn("device {} from {} is revoked ({}): dropping its session", deviceId, login.remoteAddress(),
                        why.get());
                accounts.revokedWhileLive(session, login, why.get());
                session.close(true);
            }
        });
    }

    private InetSocketAddress boundAddress() {
        for (SocketAddress address : server.getBoundAddresses()) {
            if (address instanceof InetSocketAddress inet) {
                return inet;
            }
        }
        throw new IllegalStateException("the SSH server reports no bound address");
    }

    /** MINA's SSH server with its connections admitted by the limiter, if any, before a session is made of them. */
    private static final class GuardedServer extends SshServer {
        private volatile StartupLimiter startups;

        @Override
        protected IoAcceptor createAcceptor() {
            IoHandler sessions = getSessionFactory();
            StartupLimiter limiter = startups;
            return getIoServiceFactory().createAcceptor(limiter == null ? sessions : limiter.guard(sessions));
        }
    }

    /** Records the live session of each device once MINA says it authenticated, and forgets it when it closes. */
    private final class Listener implements SessionListener {

        @Override
        public void sessionEvent(Session session, Event event) {
            if (event != Event.Authenticated) {
                return;
            }
            ServerSession serverSession = (ServerSession) session;
            DeviceLogin login = session.getAttribute(DeviceLogin.KEY);
            if (login == null || !login.deviceId().equals(session.getUsername())) {
                LOG.warn("closing a session from {} that authenticated as {} without a matching device login",
                        SecurityFacts.addressOf(session.getRemoteAddress()), PeerText.quote(session.getUsername()));
                session.close(true);
                return;
            }
            if (live.putIfAbsent(login.deviceId(), serverSession) != null) {
                // two logins of one device raced past the check in DeviceAccounts: the first one stays
                accounts.refuse(serverSession, NmsHalf.RejectionKind.ALREADY_CONNECTED, login.deviceId(),
                        login.deviceId(), login.key(), login.fingerprint(), login.remoteAddress(),
                        "a session with this device is already live");
                session.close(true);
                return;
            }
            login.markLive();
            LOG.info("device {} logged in from {} with key {}", login.deviceId(), login.remoteAddress(),
                    login.fingerprint());
            SshKeepalive.start(session, settings.keepalives().maxWait(), settings.keepalives().maxAttempts(), timers);
        }

        @Override
        public void sessionClosed(Session session) {
            DeviceLogin login = session.getAttribute(DeviceLogin.KEY);
            // MINA may signal a close more than once: only the removal from the table reports it
            if (login == null || !login.isLive() || !live.remove(login.deviceId(), (ServerSession) session)) {
                return;
            }
            if (!login.netconfStarted()) {
                String refused = login.lastRefusal();
                String reason = "logged in but left without opening subsystem " + settings.subsystem()
                        + (refused == null ? "" : " (last refused: " + refused + ")");
                LOG.warn("device {} from {} {}", login.deviceId(), login.remoteAddress(), reason);
                refusals.authFailed(CallHomeStrategy.DEVICE_SSH_CLIENT, login.deviceId(), login.fingerprint(),
                        login.remoteAddress(), reason);
            } else {
                LOG.info("device {} from {} disconnected", login.deviceId(), login.remoteAddress());
            }
        }
    }
}
