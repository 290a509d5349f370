package org.callhome.compare.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.io.IoConnectFuture;
import org.apache.sshd.common.io.IoConnector;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.SshPolicy;
import org.callhome.shared.ssh.x509.X509HostKeys;
import org.callhome.shared.text.PeerText;
import org.callhome.testsupport.polling.Eventually;

/**
 * A reverse-ssh attacker holding a device's stolen host key: an SSH server that dials the NMS the
 * way the device does, lets the NMS log in with any key, and records what the NMS asks for. Once
 * the NMS is logged in it can ask the NMS, as SSH client, to open channels towards it
 * ({@link #open}). The NMS's netconf subsystem is accepted and left silent. A certificate of the
 * host key is presented as it is, whatever its type: MINA's own server presents host
 * certificates only, and so does the device. MINA's I/O threads run the sessions; the caller's
 * thread waits.
 */
final class OutboundProbeServer implements AutoCloseable {

    /** How one call ended: the NMS logged in, or the connection closed first and why. */
    record Call(boolean nmsLoggedIn, String ending) {
    }

    /** Something that happened to one of the server's sessions; {@code detail} is the peer's disconnect message. */
    private record Happening(Session session, Kind kind, String detail) {
    }

    private enum Kind { LOGGED_IN, DISCONNECTED, CLOSED }

    private final ProbeServer server;
    private final IoConnector connector;
    private final Observed<String> nmsActions = new Observed<>();
    private final Observed<Happening> happenings = new Observed<>();
    private final Set<String> logins = ConcurrentHashMap.newKeySet();

    /** @param certificate a certificate of {@code hostKey} to present with it, if any, of either type */
    OutboundProbeServer(KeyPair hostKey, Optional<OpenSshCertificate> certificate) {
        this(hostKey, certificate, List.of());
    }

    /**
     * @param certificate a certificate of {@code hostKey} to present with it, if any, of either type
     * @param x509Chain   an X.509 chain of {@code hostKey} to present with it (RFC 6187), whatever its
     *                    extended key usage and validity; empty for none
     */
    OutboundProbeServer(KeyPair hostKey, Optional<OpenSshCertificate> certificate, List<X509Certificate> x509Chain) {
        server = (ProbeServer) ServerBuilder.builder().factory(ProbeServer::new).build();
        SshPolicy.applyTo(server);
        server.setKeyPairProvider(certificate.isEmpty() ? KeyPairProvider.wrap(hostKey)
                : presenting(hostKey, certificate.get()));
        if (!x509Chain.isEmpty()) {
            X509HostKeys.present(server, hostKey, x509Chain);
        }
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        server.setPublickeyAuthenticator((username, key, session) -> {
            String login = "logged in as " + PeerText.quote(username) + " with key " + SshKeys.fingerprint(key);
            if (logins.add(login)) {
                nmsActions.accept(login);
            }
            return true;
        });
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setShellFactory(channel -> record("asked for a shell"));
        server.setCommandFactory((channel, command) -> record("asked to run '" + command + "'"));
        server.setSubsystemFactories(List.of(new SubsystemFactory() {
            @Override
            public String getName() {
                return "netconf";
            }

            @Override
            public Command createSubsystem(ChannelSession channel) {
                return record("opened subsystem 'netconf'");
            }
        }));
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        server.setAgentFactory(null);
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.Authenticated) {
                    happenings.accept(new Happening(session, Kind.LOGGED_IN, ""));
                }
            }

            @Override
            public void sessionDisconnect(Session session, int reason, String message, String language,
                                          boolean initiator) {
                if (!initiator) {
                    happenings.accept(new Happening(session, Kind.DISCONNECTED, "SSH_MSG_DISCONNECT "
                            + SshConstants.getDisconnectReasonName(reason) + " \"" + PeerText.shown(message) + "\""));
                }
            }

            @Override
            public void sessionClosed(Session session) {
                happenings.accept(new Happening(session, Kind.CLOSED, ""));
            }
        });
        server.prepare();
        connector = server.getIoServiceFactory().createConnector(server.getSessionFactory());
    }

    /**
     * The host key and its certificate, each under its own key type: MINA's wrapper types a pair by
     * its private key, so it would offer the certificate's pair for the plain key type.
     */
    private static KeyPairProvider presenting(KeyPair hostKey, OpenSshCertificate certificate) {
        String certificateType = KeyUtils.getKeyType(certificate);
        String plainType = KeyUtils.getKeyType(hostKey.getPublic());
        KeyPair certified = new KeyPair(certificate, hostKey.getPrivate());
        return new KeyPairProvider() {
            @Override
            public Iterable<KeyPair> loadKeys(SessionContext session) {
                return List.of(certified, hostKey);
            }

            @Override
            public KeyPair loadKey(SessionContext session, String type) {
                return certificateType.equals(type) ? certified : plainType.equals(type) ? hostKey : null;
            }

            @Override
            public Iterable<String> getKeyTypes(SessionContext session) {
                return List.of(certificateType, plainType);
            }
        };
    }

    private Command record(String action) {
        nmsActions.accept(action);
        return new CannedCommand(null);
    }

    /** Dials {@code nms}; returns the SSH session once the NMS has logged in, or throws why not. */
    ServerSession dialAndAwaitLogin(InetSocketAddress nms, Duration timeout) throws IOException,
            InterruptedException {
        Session session = dial(nms, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        if (happenings.await(happening -> happening.session() == session && happening.kind() == Kind.LOGGED_IN,
                timeout).isEmpty()) {
            throw new IOException("the NMS did not log in within " + timeout.toSeconds() + " s");
        }
        // MINA reports the login just before it starts the connection service that channels need
        Eventually.holdsWithin(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())),
                () -> hasConnectionService(session) || !session.isOpen());
        if (!hasConnectionService(session)) {
            throw new IOException("the NMS logged in but the session has no connection service");
        }
        return (ServerSession) session;
    }

    /**
     * Dials {@code nms} and waits until the NMS has logged in or the connection has closed; a call
     * the NMS logs into is closed again at once.
     */
    Call call(InetSocketAddress nms, Duration timeout) throws InterruptedException {
        Session session;
        try {
            session = dial(nms, timeout);
        } catch (IOException e) {
            return new Call(false, e.getMessage());
        }
        Optional<Happening> outcome = happenings.await(happening -> happening.session() == session
                && happening.kind() != Kind.DISCONNECTED, timeout);
        if (outcome.isEmpty()) {
            session.close(true);
            return new Call(false, "neither a login nor a close within " + timeout.toSeconds() + " s");
        }
        if (outcome.get().kind() == Kind.LOGGED_IN) {
            session.close(true);
            return new Call(true, "the NMS logged in");
        }
        Optional<String> why = happenings.first(happening -> happening.session() == session
                && happening.kind() == Kind.DISCONNECTED).map(Happening::detail);
        return new Call(false, "the NMS closed the connection before logging in"
                + why.map(message -> " (" + message + ")").orElse(", without a disconnect message"));
    }

    private Session dial(InetSocketAddress nms, Duration timeout) throws IOException {
        IoConnectFuture connecting = connector.connect(nms, null, null);
        if (!connecting.await(timeout) || !connecting.isConnected()) {
            throw new IOException("could not connect to " + nms + ": " + DialerLog.message(connecting.getException()));
        }
        return AbstractSession.getSession(connecting.getSession());
    }

    private static boolean hasConnectionService(Session session) {
        try {
            return session.getService(ConnectionService.class) != null;
        } catch (IllegalStateException notYet) {
            return false;
        }
    }

    /** Asks the NMS to open a channel of {@code type} towards this server and records its answer. */
    Probe open(ServerSession session, String what, String type, Consumer<Buffer> fields, Duration timeout) {
        ServerOpenedChannel channel = new ServerOpenedChannel(type, fields);
        try {
            session.getService(ConnectionService.class).registerChannel(channel);
            channel.open().verify(timeout);
            return new Probe(what, true, "the NMS opened the channel");
        } catch (IOException refused) {
            return new Probe(what, false, Probe.refusal(refused));
        } finally {
            channel.close(true);
        }
    }

    /** What the NMS did on this server, in order. */
    List<String> nmsActions() {
        return nmsActions.all();
    }

    @Override
    public void close() throws IOException {
        connector.close(true);
        server.stop(true);
    }

    /** An SSH server that is never bound: its sessions run over connections it dials. */
    private static final class ProbeServer extends SshServer {
        void prepare() {
            checkConfig();
        }
    }
}
