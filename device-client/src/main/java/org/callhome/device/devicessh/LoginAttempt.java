package org.callhome.device.devicessh;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.channel.StreamingChannel.Streaming;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.callhome.device.callhome.Connection;
import org.callhome.device.devicessh.DeviceSshClientDevice.Settings;
import org.callhome.device.trust.NmsVerdict;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.netconf.session.NetconfServerSession;
import org.callhome.shared.ssh.SessionClock;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.channel.ClientChannelTransport;
import org.callhome.shared.ssh.channel.SshKeepalive;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.DeviceHalf.ChannelSink;
import org.callhome.shared.strategy.NegotiatedAlgorithms;
import org.callhome.shared.strategy.SecuredChannel;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.strategy.SecurityFacts.UsernameSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call to the NMS, step by step, each step continued in a MINA listener (never waiting on a
 * MINA future): TCP connect and key exchange (the host key verifier refuses unpinned keys), login
 * with the device's key, the subsystem channel, then the NETCONF server on it. Any failure closes
 * the SSH session and fails the attempt with what went wrong; so does cancelling the attempt.
 */
final class LoginAttempt {

    /** Set by the host key verifier on a session whose NMS key it refused: why. */
    static final AttributeRepository.AttributeKey<String> REFUSED_HOST_KEY = new AttributeRepository.AttributeKey<>();
    /**
     * In the attempt's connection context: the host key verifier's refusal, kept beside the session's
     * attribute because a refusal during key exchange can close the session before MINA hands it to
     * the connect future, which then fails with a message of MINA's instead.
     */
    static final AttributeRepository.AttributeKey<AtomicReference<String>> ATTEMPT_REFUSAL =
            new AttributeRepository.AttributeKey<>();
    /** Set by the host key verifier on a session whose NMS key it accepted: how the NMS proved it. */
    static final AttributeRepository.AttributeKey<NmsVerdict.Accepted> NMS_HOST_KEY =
            new AttributeRepository.AttributeKey<>();

    private static final Logger LOG = LoggerFactory.getLogger(LoginAttempt.class);

    private final SshClient client;
    private final Settings settings;
    private final BindAccount bindAccount;
    private final ChannelSink sink;
    private final ScheduledExecutorService scheduler;
    private final Endpoint endpoint;
    private final Consumer<DeviceSshConnection> onConnected;
    private final Set<DeviceSshConnection> open;
    private final CompletableFuture<Connection> result = new CompletableFuture<>();
    private final AtomicReference<String> refusal = new AtomicReference<>();

    /** @param open where the attempt's connection is kept from TCP connect until its session closes */
    LoginAttempt(SshClient client, Settings settings, BindAccount bindAccount, ChannelSink sink,
                 ScheduledExecutorService scheduler, Endpoint endpoint, Consumer<DeviceSshConnection> onConnected,
                 Set<DeviceSshConnection> open) {
        this.client = client;
        this.settings = settings;
        this.bindAccount = bindAccount;
        this.sink = sink;
        this.scheduler = scheduler;
        this.endpoint = endpoint;
        this.onConnected = onConnected;
        this.open = open;
    }

    CompletionStage<Connection> start() {
        ConnectFuture connecting;
        try {
            connecting = client.connect(settings.login(), endpoint.host(), endpoint.port(),
                    AttributeRepository.ofAttributesMap(Map.of(DeviceSshClientDevice.ENDPOINT, endpoint,
                            ATTEMPT_REFUSAL, refusal)), null);
        } catch (IOException | RuntimeException e) {
            result.completeExceptionally(e);
            return result;
        }
        result.whenComplete((connection, failure) -> {
            if (result.isCancelled()) {
                connecting.cancel();
            }
        });
        connecting.addListener(this::connected);
        return result;
    }

    private void connected(ConnectFuture connecting) {
        if (!connecting.isConnected()) {
            Throwable why = connecting.getException();
            String refused = refusal.get();
            fail(null, refused != null ? refusedDuringKeyExchange(refused) : "connection to " + endpoint.hostPort()
                    + " failed" + (why != null ? ": " + why.getMessage() : ""), why);
            return;
        }
        ClientSession session = connecting.getClientSession();
        DeviceSshConnection connection = new DeviceSshConnection(session);
        open.add(connection);
        session.addSessionListener(new SessionListener() {
            @Override
            public void sessionException(Session s, Throwable t) {
                connection.failed(t.getMessage());
            }

            @Override
            public void sessionClosed(Session s) {
                open.remove(connection);
                String reason = connection.sessionClosed();
                if (result.completeExceptionally(new IOException(endedEarly(session, connection)))) {
                    return;
                }
                if (!result.isCancelled()) {
                    LOG.info("connection to NMS at {} ended: {}", endpoint.hostPort(), reason);
                }
            }
        });
        if (!session.isOpen()) {
            open.remove(connection);
        }
        result.whenComplete((done, failure) -> {
            if (result.isCancelled()) {
                connection.failed("attempt given up (max-wait)");
                session.close(true);
            }
        });
        ScheduledFuture<?> authTimer = scheduler.schedule(() -> {
            if (session.isOpen() && !session.isAuthenticated()) {
                LOG.warn("login to NMS at {} not done within {} ms: closing", endpoint.hostPort(),
                        settings.authTimeout().toMillis());
                connection.failed("login not done within " + settings.authTimeout().toMillis() + " ms");
                session.close(true);
            }
        }, settings.authTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            session.addPublicKeyIdentity(settings.loginIdentity());
            session.auth().addListener(auth -> {
                authTimer.cancel(false);
                authenticated(session, connection, auth);
            });
        } catch (IOException | RuntimeException e) {
            authTimer.cancel(false);
            fail(session, "login to " + endpoint.hostPort() + " could not start: " + e.getMessage(), e);
        }
    }

    private void authenticated(ClientSession session, DeviceSshConnection connection, AuthFuture auth) {
        if (!auth.isSuccess()) {
            String refused = session.getAttribute(REFUSED_HOST_KEY);
            if (refused != null) {
                fail(session, refusedDuringKeyExchange(refused), null);
            } else if (session.isOpen() && session.getServerKey() == null) {
                Throwable why = auth.getException();
                fail(session, "the SSH key exchange with " + endpoint.hostPort() + " did not complete"
                        + (why == null || why.getMessage() == null ? "" : ": " + why.getMessage())
                        + "; no credential sent", why);
            } else if (session.isOpen() && !identityValidNow()) {
                // MINA never offers a user certificate outside its validity: nothing reached the NMS
                fail(session, "login '" + settings.login() + "' to NMS at " + endpoint.hostPort() + " not tried: "
                        + credential() + " is not valid now (expired or not yet valid); no credential sent",
                        auth.getException());
            } else if (session.isOpen()) {
                fail(session, "NMS at " + endpoint.hostPort() + " refused login '" + settings.login() + "' with "
                        + credential(), auth.getException());
            } else {
                fail(session, endedEarly(session, connection), auth.getException());
            }
            return;
        }
        LOG.info("logged into NMS at {} as '{}' with {} (NMS host key {})", endpoint.hostPort(), settings.login(),
                credential(), nmsHostKey(session).keyFingerprint());
        SshKeepalive.start(session, settings.keepalives().maxWait(), settings.keepalives().maxAttempts(), scheduler);
        try {
            // what session.createSubsystemChannel does, with a channel that reports the subsystem reply
            SubsystemChannel channel = new SubsystemChannel(settings.subsystem());
            session.getService(ConnectionService.class).registerChannel(channel);
            channel.setStreaming(Streaming.Async);
            channel.open().addListener(open -> opened(session, connection, channel, open));
        } catch (IOException | RuntimeException e) {
            fail(session, "could not open a channel to " + endpoint.hostPort() + ": " + e.getMessage(), e);
        }
    }

    private void opened(ClientSession session, DeviceSshConnection connection, SubsystemChannel channel,
                        OpenFuture open) {
        if (!open.isOpened()) {
            Throwable why = open.getException();
            fail(session, "NMS at " + endpoint.hostPort() + " refused the session channel"
                    + (why != null ? ": " + why.getMessage() : ""), why);
            return;
        }
        channel.accepted().thenAccept(accepted -> {
            if (accepted) {
                subsystemAccepted(session, connection, channel);
            } else {
                fail(session, "NMS at " + endpoint.hostPort() + " refused subsystem '" + settings.subsystem() + "'",
                        null);
            }
        });
    }

    private void subsystemAccepted(ClientSession session, DeviceSshConnection connection, SubsystemChannel channel) {
        // one NETCONF channel per connection: when it closes, whoever closed it, the connection ends
        channel.addCloseFutureListener(closedChannel -> session.close(false));
        ClientChannelTransport transport = new ClientChannelTransport(channel, settings.maxBacklogBytes());
        SecuredChannel secured = new SecuredChannel(transport, transport::attach, facts(session),
                SessionClock.openedNanos(session));
        NetconfServerSession netconfSession;
        try {
            netconfSession = sink.accept(secured);
        } catch (IOException | RuntimeException e) {
            fail(session, "could not start the NETCONF session: " + e.getMessage(), e);
            return;
        }
        netconfSession.closed().thenAccept(connection::netconfEnded);
        connection.established(secured.facts());
        // known to the device before the dialer hears of it, so currentFacts() is there at once
        onConnected.accept(connection);
        if (result.complete(connection)) {
            LOG.info("NETCONF running on subsystem '{}' to NMS at {}: {}", settings.subsystem(),
                    endpoint.hostPort(), secured.facts());
        } else {
            netconfSession.terminate("call-home attempt given up");
            connection.close();
        }
    }

    private SecurityFacts facts(ClientSession session) {
        NmsVerdict.Accepted nms = nmsHostKey(session);
        return new SecurityFacts(CallHomeStrategy.DEVICE_SSH_CLIENT, endpoint.hostPort(), nms.keyFingerprint(),
                nms.verification(), SshKeys.fingerprint(settings.identity().getPublic()), bindAccount.name(),
                UsernameSource.BIND_ACCOUNT, NegotiatedAlgorithms.of(session),
                SecurityFacts.addressOf(session.getRemoteAddress()));
    }

    private String endedEarly(ClientSession session, DeviceSshConnection connection) {
        String refusedKey = session.getAttribute(REFUSED_HOST_KEY);
        if (refusedKey != null) {
            return "NMS at " + endpoint.hostPort() + " presented host key " + refusedKey + ", which is not pinned in "
                    + settings.nmsHostKeys().source() + "; closed during key exchange, no credential sent";
        }
        return "the connection to " + endpoint.hostPort() + " ended before the NETCONF channel was open: "
                + connection.failureReason();
    }

    private String refusedDuringKeyExchange(String why) {
        return "NMS at " + endpoint.hostPort() + " refused during key exchange: " + why + "; no credential sent";
    }

    /**
     * Whether MINA offers the device's login credential now: a plain key and an X.509 chain always
     * (the NMS judges the chain's validity), an OpenSSH certificate only within its validity.
     */
    private boolean identityValidNow() {
        return settings.identityCertificate().map(certificate -> !(certificate instanceof OpenSshCertificate openSsh)
                || OpenSshCertificate.isValidNow(openSsh)).orElse(true);
    }

    private String credential() {
        return settings.credential();
    }

    /** How the NMS proved its host key: recorded by the verifier, which let the session this far only if it did. */
    private static NmsVerdict.Accepted nmsHostKey(ClientSession session) {
        NmsVerdict.Accepted accepted = session.getAttribute(NMS_HOST_KEY);
        if (accepted == null) {
            throw new IllegalStateException("a session past key exchange without the NMS host key verdict");
        }
        return accepted;
    }

    private void fail(ClientSession session, String message, Throwable cause) {
        if (result.completeExceptionally(new IOException(message, cause))) {
            LOG.warn("call home to {} failed: {}", endpoint.hostPort(), message);
        }
        if (session != null) {
            session.close(true);
        }
    }
}
