package org.callhome.device.reversessh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.io.IoConnectFuture;
import org.apache.sshd.common.io.IoConnector;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.session.ServerSession;
import org.callhome.device.accounts.AccountTable;
import org.callhome.device.callhome.Connection;
import org.callhome.device.callhome.Connector;
import org.callhome.device.strategy.SshIo;
import org.callhome.device.trust.NmsVerdict;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.ssh.SessionClock;
import org.callhome.shared.ssh.SshPolicy;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.ssh.channel.SshKeepalive;
import org.callhome.shared.ssh.x509.X509HostKeys;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.ssh.x509.X509UserKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.DeviceHalf;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.text.PeerText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device half of reverse-ssh (RFC 8071): dials the NMS and runs an SSH <em>server</em>
 * session over that outbound connection; the device never listens on a port. The NMS must
 * authenticate as one of the accounts (public key only) within {@code authTimeout}, or the
 * connection is closed (RFC 8071 §3.1 S5); then it may open the {@code netconf} subsystem and
 * nothing else (no shell, exec, forwarding). An established session is tested with
 * {@code keepalive@ietf.org} global requests.
 *
 * <p>With a host certificate the device presents it to an NMS that offers certificate algorithms
 * (MINA also keeps the plain host key, for an NMS that does not): an OpenSSH host certificate under
 * the {@code *-cert-v01@openssh.com} algorithms, or an X.509 chain (RFC 6187) under the
 * {@code x509v3-*} algorithm of its key. The NMS logs in with a key, an OpenSSH
 * user certificate or an X.509 user certificate chain (RFC 6187) that {@link AccountTable#check} accepts; the revocation list is read again, if
 * its file changed, before each call, and a new list that revokes the key or certificate a live
 * session's NMS logged in with ends that session (the dialer then calls again, and the NMS's login
 * is refused).
 */
public final class ReverseSshDevice implements Connector, DeviceHalf {

    private static final Logger LOG = LoggerFactory.getLogger(ReverseSshDevice.class);
    /** The key or certificate the NMS logged in with. */
    private static final AttributeKey<PublicKey> NMS_KEY = new AttributeKey<>();

    private final OutboundSshServer server;
    private final IoConnector connector;
    private final Duration authTimeout;
    private final Keepalives keepalives;
    private final ScheduledExecutorService scheduler;
    private final RevocationWatch revoked;
    private final AccountTable accounts;
    /** The connections not closed yet, whether the NMS has logged in or not. */
    private final Set<SshConnection> open = ConcurrentHashMap.newKeySet();

    /**
     * @param hostCertificate a host certificate for {@code hostKey} to present, checked by the caller
     *                        ({@link HostCertificate#load}); empty to present the plain key only
     * @param revoked         the revocation list {@code accounts} checks, refreshed before each call; a new
     *                        list ends the live sessions whose NMS login it revokes
     * @param sink            where the NETCONF channels the NMS opens go: the device's NETCONF server
     */
    public ReverseSshDevice(KeyPair hostKey, Optional<HostCertificate> hostCertificate, AccountTable accounts,
                            RevocationWatch revoked, Duration authTimeout, Keepalives keepalives, ChannelSink sink,
                            long maxBacklogBytes, ScheduledExecutorService scheduler) {
        this(hostKey, hostCertificate, accounts, revoked, authTimeout, keepalives, sink, maxBacklogBytes, scheduler,
                SshIo.own());
    }

    /**
     * As the constructor above, the SSH server running on {@code sshIo}'s threads (a fleet's, shared
     * by its devices) instead of its own.
     */
    public ReverseSshDevice(KeyPair hostKey, Optional<HostCertificate> hostCertificate, AccountTable accounts,
                            RevocationWatch revoked, Duration authTimeout, Keepalives keepalives, ChannelSink sink,
                            long maxBacklogBytes, ScheduledExecutorService scheduler, SshIo sshIo) {
        this.authTimeout = authTimeout;
        this.keepalives = keepalives;
        this.scheduler = scheduler;
        this.revoked = revoked;
        this.accounts = accounts;
        server = (OutboundSshServer) ServerBuilder.builder().factory(OutboundSshServer::new).build();
        SshPolicy.applyTo(server);
        sshIo.applyTo(server);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        if (hostCertificate.isPresent() && hostCertificate.get() instanceof HostCertificate.OpenSsh openSsh) {
            server.setHostKeyCertificateProvider(session -> List.of(openSsh.certificate()));
        }
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        PublickeyAuthenticator nmsLogin = (username, key, session) -> {
            NmsVerdict verdict = accounts.check(username, key);
            if (verdict instanceof NmsVerdict.Accepted accepted) {
                session.setAttribute(NetconfSubsystem.NMS_LOGIN, accepted);
                // the last key accepted is the one the login was signed with: MINA asks again with the signature
                session.setAttribute(NMS_KEY, key);
                return true;
            }
            LOG.info("refused NMS login as {} from {}: {}", PeerText.quote(username),
                    SecurityFacts.addressOf(session.getRemoteAddress()), ((NmsVerdict.Refused) verdict).detail());
            return false;
        };
        server.setPublickeyAuthenticator(nmsLogin);
        // X.509 user certificate chains (RFC 6187) too, judged by the same account table once their signature verified
        X509UserKeys.accept(server, nmsLogin);
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setShellFactory(null);
        server.setCommandFactory(null);
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        server.setAgentFactory(null);
        server.setSubsystemFactories(List.of(new NetconfSubsystem("netconf", sink, maxBacklogBytes)));
        if (hostCertificate.isPresent() && hostCertificate.get() instanceof HostCertificate.X509Chain x509) {
            // after the key pair provider is set: it adds the chain's pair beside the plain key
            X509HostKeys.present(server, hostKey, x509.chain());
        }
        server.prepare();
        connector = server.getIoServiceFactory().createConnector(server.getSessionFactory());
        revoked.onChange(this::dropRevoked);
    }

    /**
     * Opens TCP to the NMS and completes once the NMS has authenticated (a connection that ends
     * before is a failed attempt). The dialer enforces {@code maxWait} by cancelling the stage: the
     * attempt's session is then closed, whatever stage its handshake is at, so that an NMS that
     * stalled past max-wait cannot later run NETCONF on a connection the dialer gave up on.
     */
    @Override
    public CompletionStage<Connection> connect(Endpoint endpoint, Duration maxWait) {
        revoked.refresh();
        CompletableFuture<Connection> result = new CompletableFuture<>();
        IoConnectFuture connecting = connector.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), null,
                null);
        result.whenComplete((connection, failure) -> {
            if (result.isCancelled()) {
                connecting.cancel();
            }
        });
        connecting.addListener(done -> {
            if (!done.isConnected()) {
                Throwable why = done.getException();
                result.completeExceptionally(why != null ? why
                        : new IOException("connection to " + endpoint.hostPort() + " failed"));
                return;
            }
            ServerSession session = (ServerSession) AbstractSession.getSession(done.getSession());
            watch(session, endpoint, result);
        });
        return result;
    }

    private void watch(ServerSession session, Endpoint endpoint, CompletableFuture<Connection> result) {
        SshConnection connection = new SshConnection(session, endpoint);
        open.add(connection);
        session.addSessionListener(new SessionListener() {
            @Override
            public void sessionEvent(Session s, Event event) {
                if (event == Event.Authenticated && !result.complete(connection)) {
                    // the dialer gave up on this attempt: a session it does not know of must not live on
                    connection.reason.compareAndSet(null, "call-home attempt given up");
                    session.close(true);
                } else if (event == Event.Authenticated) {
                    NmsVerdict.Accepted login = s.getAttribute(NetconfSubsystem.NMS_LOGIN);
                    if (login != null && login.boundAccount().isPresent()) {
                        LOG.info("NMS at {} logged in as {}, bound to account {}: {}", endpoint.hostPort(),
                                PeerText.quote(s.getUsername()), PeerText.quote(login.boundAccount().get()),
                                login.detail());
                    } else {
                        LOG.info("NMS at {} logged in as '{}'", endpoint.hostPort(), s.getUsername());
                    }
                    SshKeepalive.start(s, keepalives.maxWait(), keepalives.maxAttempts(), scheduler);
                }
            }

            @Override
            public void sessionException(Session s, Throwable t) {
                connection.reason.compareAndSet(null, t.getMessage());
            }

            @Override
            public void sessionClosed(Session s) {
                open.remove(connection);
                String reason = connection.reason.get();
                result.completeExceptionally(new IOException("the connection to " + endpoint.hostPort()
                        + " ended before authenticating the NMS" + (reason == null ? "" : ": " + reason)));
                connection.closed.complete(reason != null ? reason : "the connection ended");
            }
        });
        if (!session.isOpen()) {
            open.remove(connection);
        }
        result.whenComplete((done, failure) -> {
            if (result.isCancelled()) {
                LOG.info("call home to {} given up by the dialer (max-wait, or closing): closing its connection",
                        endpoint.hostPort());
                connection.reason.compareAndSet(null, "call-home attempt given up");
                session.close(true);
            }
        });
        scheduler.schedule(() -> {
            if (session.isOpen() && !session.isAuthenticated()) {
                LOG.warn("NMS at {} did not authenticate within {} s: closing (RFC 8071)", endpoint.hostPort(),
                        authTimeout.toSeconds());
                connection.reason.compareAndSet(null, "no authentication within " + authTimeout.toSeconds() + " s");
                session.close(true);
            }
        }, authTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Ends every session whose NMS logged in with a key or certificate the list in force now revokes;
     * on the thread that found the list changed.
     */
    private void dropRevoked() {
        for (SshConnection connection : open) {
            PublicKey key = connection.session.getAttribute(NMS_KEY);
            if (key == null) {
                continue;
            }
            Optional<String> why = accounts.whyRevoked(key);
            if (why.isEmpty()) {
                continue;
            }
            String reason = "the NMS's login " + (key instanceof OpenSshCertificate || key instanceof X509PublicKey
                    ? "certificate" : "key")
                    + " was revoked while connected: " + why.get() + " (" + revoked.get() + ")";
            LOG.warn("NMS at {} logged in as {}: {}: closing the session", connection.endpoint.hostPort(),
                    PeerText.quote(connection.session.getUsername()), reason);
            connection.reason.compareAndSet(null, reason);
            connection.session.close(true);
        }
    }

    @Override
    public CallHomeStrategy strategy() {
        return CallHomeStrategy.REVERSE_SSH;
    }

    @Override
    public void close() throws IOException {
        connector.close(true);
        server.stop(true);
    }

    /** One call-home SSH session as the dialer sees it. */
    private static final class SshConnection implements Connection {
        private final ServerSession session;
        private final Endpoint endpoint;
        private final CompletableFuture<String> closed = new CompletableFuture<>();
        private final AtomicReference<String> reason = new AtomicReference<>();

        SshConnection(ServerSession session, Endpoint endpoint) {
            this.session = session;
            this.endpoint = endpoint;
        }

        @Override
        public CompletionStage<String> closed() {
            return closed;
        }

        @Override
        public void close() {
            session.close(false);
        }

        @Override
        public Instant lastActivity() {
            return SessionClock.lastActivity(session);
        }
    }

    /** An SSH server that is never bound: its sessions run over connections the device opens. */
    private static final class OutboundSshServer extends SshServer {
        void prepare() {
            checkConfig();
        }
    }
}
