package org.callhome.nms.certificates;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.io.IoConnectFuture;
import org.apache.sshd.common.io.IoConnector;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.session.ServerSessionImpl;
import org.apache.sshd.server.session.SessionFactory;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.session.NetconfServerSession;
import org.callhome.shared.netconf.session.Reply;
import org.callhome.shared.netconf.session.SerialExecutor;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.ssh.SshPolicy;
import org.callhome.shared.ssh.channel.NetconfChannelCommand;
import org.callhome.shared.ssh.x509.X509HostKeys;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The smallest reverse-ssh device (RFC 8071): it dials the NMS and runs MINA's SSH server on the
 * connection it opened, presenting its host key, and a host certificate of it when it has one. It
 * lets the NMS log in with {@code nmsKey} (or any certificate of it) and serves the {@code netconf}
 * subsystem with a NETCONF server that answers every RPC with empty data. It records the keys the
 * NMS logged in with. Given a user certificate as its host certificate, it offers it anyway, as a
 * misconfigured device would (MINA's server by itself offers host certificates only). Given an X.509
 * certificate chain of its host key, it presents it (RFC 6187) to an NMS that asks for
 * {@code x509v3-*} host keys, and its plain key to one that does not.
 */
final class CallingDevice implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "calling-device-timers");
        thread.setDaemon(true);
        return thread;
    });

    /** The keys the NMS offered and the device accepted, in order. */
    final List<PublicKey> nmsLogins = new CopyOnWriteArrayList<>();
    private final OutboundServer server;
    private final IoConnector connector;
    private final List<IoSession> connections = new CopyOnWriteArrayList<>();

    CallingDevice(KeyPair hostKey, Optional<OpenSshCertificate> hostCertificate, PublicKey nmsKey) {
        this(hostKey, hostCertificate, List.of(), nmsKey);
    }

    /** A device presenting {@code chain} (end-entity first), an X.509 host certificate of {@code hostKey}. */
    CallingDevice(KeyPair hostKey, List<X509Certificate> chain, PublicKey nmsKey) {
        this(hostKey, Optional.empty(), chain, nmsKey);
    }

    private CallingDevice(KeyPair hostKey, Optional<OpenSshCertificate> hostCertificate, List<X509Certificate> chain,
                          PublicKey nmsKey) {
        server = (OutboundServer) ServerBuilder.builder().factory(OutboundServer::new).build();
        SshPolicy.applyTo(server);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        if (!chain.isEmpty()) {
            X509HostKeys.present(server, hostKey, chain);
        }
        hostCertificate.ifPresent(certificate -> server.setHostKeyCertificateProvider(session -> List.of(certificate)));
        server.setPublickeyAuthenticator((username, key, session) -> {
            PublicKey plain = key instanceof OpenSshCertificate certificate ? certificate.getCertPubKey() : key;
            boolean accepted = plain.equals(nmsKey);
            if (accepted) {
                nmsLogins.add(key);
            }
            return accepted;
        });
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setSubsystemFactories(List.of(new NetconfService()));
        server.prepare();
        SessionFactory sessions = hostCertificate.filter(c -> c.getType() != OpenSshCertificate.Type.HOST)
                .<SessionFactory>map(certificate -> new Misconfigured(server, certificate.getKeyType()))
                .orElseGet(() -> new SessionFactory(server));
        connector = server.getIoServiceFactory().createConnector(sessions);
    }

    /** Opens TCP to the NMS; the SSH session then runs on its own. */
    void call(InetSocketAddress nms) throws IOException {
        call(nms, null);
    }

    /** Opens TCP to the NMS from {@code local} (an address of this host, port 0 for any), or from any if null. */
    void call(InetSocketAddress nms, InetSocketAddress local) throws IOException {
        IoConnectFuture connected = connector.connect(nms, null, local);
        if (!connected.await(WAIT) || !connected.isConnected()) {
            throw new IOException("could not connect to the NMS at " + nms, connected.getException());
        }
        connections.add(connected.getSession());
    }

    /** Whether the last connection is still open (the NMS has not dropped it). */
    boolean lastConnectionOpen() {
        return !connections.isEmpty() && connections.get(connections.size() - 1).isOpen();
    }

    @Override
    public void close() throws IOException {
        connections.forEach(connection -> connection.close(true));
        connector.close(true);
        server.stop(true);
    }

    /** Sessions that offer a certificate algorithm whatever the certificate's type. */
    private static final class Misconfigured extends SessionFactory {

        private final String certificateAlgorithm;

        Misconfigured(SshServer server, String certificateAlgorithm) {
            super(server);
            this.certificateAlgorithm = certificateAlgorithm;
        }

        @Override
        protected ServerSessionImpl doCreateSession(IoSession ioSession) throws Exception {
            return new ServerSessionImpl(getServer(), ioSession) {
                @Override
                protected String resolveAvailableSignaturesProposal(FactoryManager manager)
                        throws IOException, GeneralSecurityException {
                    return certificateAlgorithm + "," + super.resolveAvailableSignaturesProposal(manager);
                }
            };
        }
    }

    /** {@code <data/>}, the answer to every RPC. */
    static Element emptyData() {
        Document document = NetconfXml.newDocument();
        Element data = document.createElementNS(Netconf.BASE_NS, "data");
        document.appendChild(data);
        return data;
    }

    /** An SSH server that is never bound: its sessions run over connections the device opens. */
    private static final class OutboundServer extends SshServer {
        void prepare() {
            checkConfig();
        }
    }

    /** The device's NETCONF server: base 1.0 and 1.1, every RPC answered with empty data. */
    private static final class NetconfService implements SubsystemFactory {

        @Override
        public String getName() {
            return "netconf";
        }

        @Override
        public Command createSubsystem(ChannelSession channel) {
            return new NetconfChannelCommand(channel, 1 << 20) {
                private NetconfServerSession session;

                @Override
                public void start(ChannelSession channelSession, Environment env) {
                    session = new NetconfServerSession(7, channelSession.getSession().getUsername(),
                            List.of(Netconf.BASE_1_0, Netconf.BASE_1_1), transport(), NetconfLimits.DEFAULT,
                            (request, netconf) -> CompletableFuture.completedFuture(Reply.content(emptyData())),
                            SerialExecutor.direct(), TIMERS);
                    session.start();
                    transport().attach(session);
                    session.closed().thenAccept(this::exited);
                }

                @Override
                public void destroy(ChannelSession channelSession) {
                    if (session != null) {
                        session.transportClosed();
                    }
                }
            };
        }
    }
}
