package org.callhome.device.devicessh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.io.IoInputStream;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.UserAuth;
import org.apache.sshd.server.auth.UserAuthFactory;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.AsyncCommandStreamsAware;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.session.NetconfClientSession;
import org.callhome.shared.netconf.session.SerialExecutor;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.SshPolicy;
import org.callhome.shared.ssh.channel.ServerChannelTransport;

/**
 * A stand-in for the NMS side of device-ssh-client on 127.0.0.1: a MINA SSH server that accepts
 * one login name with one public key, and a subsystem that runs our NETCONF <em>client</em> engine
 * on the channel the device opens. It records what it saw, so tests can prove that an unverified
 * NMS never receives a credential. It may present a host certificate, and accepts a user
 * certificate of the accepted key as well as the key itself (tests check {@link #offered}).
 */
final class FakeNms implements AutoCloseable {

    final KeyPair hostKey;
    final BlockingQueue<NetconfClientSession> sessions = new LinkedBlockingQueue<>();
    final BlockingQueue<ServerSession> sshSessions = new LinkedBlockingQueue<>();
    /** TCP connections that reached the SSH layer. */
    final AtomicInteger sessionsCreated = new AtomicInteger();
    /** Key exchanges that finished (the client accepted our host key and sent NEWKEYS). */
    final AtomicInteger keyExchangesDone = new AtomicInteger();
    /** ssh-userauth requests of any kind (publickey with or without signature). */
    final AtomicInteger userAuthRequests = new AtomicInteger();
    /** Calls of the public key authenticator: a credential offered. */
    final AtomicInteger keysOffered = new AtomicInteger();
    final BlockingQueue<String> logins = new LinkedBlockingQueue<>();
    /** Every key or certificate the device offered, in order. */
    final BlockingQueue<PublicKey> offered = new LinkedBlockingQueue<>();

    private final SshServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    FakeNms(KeyPair hostKey, String login, PublicKey acceptedKey, String subsystem) throws IOException {
        this("127.0.0.1", hostKey, null, login, acceptedKey, subsystem);
    }

    /**
     * @param bindHost        where to listen (port picked by the system), such as {@code localhost}
     * @param hostCertificate a host certificate of {@code hostKey} to present; null for none
     */
    FakeNms(String bindHost, KeyPair hostKey, OpenSshCertificate hostCertificate, String login, PublicKey acceptedKey,
            String subsystem) throws IOException {
        this.hostKey = hostKey;
        server = ServerBuilder.builder().build();
        SshPolicy.applyTo(server);
        server.setHost(bindHost);
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        if (hostCertificate != null) {
            server.setHostKeyCertificateProvider(session -> List.of(hostCertificate));
        }
        server.setUserAuthFactories(List.of(new CountingPublicKeyAuth()));
        server.setPublickeyAuthenticator((username, key, session) -> {
            keysOffered.incrementAndGet();
            offered.add(key);
            PublicKey plain = key instanceof OpenSshCertificate certificate ? certificate.getCertPubKey() : key;
            boolean accepted = login.equals(username) && sameKey(acceptedKey, plain);
            if (accepted) {
                logins.add(username);
            }
            return accepted;
        });
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setSubsystemFactories(List.of(new NetconfClientSubsystem(subsystem)));
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                sessionsCreated.incrementAndGet();
                sshSessions.add((ServerSession) session);
            }

            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.KeyEstablished) {
                    keyExchangesDone.incrementAndGet();
                }
            }
        });
        server.start();
    }

    int port() {
        return ((InetSocketAddress) server.getBoundAddresses().iterator().next()).getPort();
    }

    NetconfClientSession nextSession() throws InterruptedException {
        NetconfClientSession session = sessions.poll(30, TimeUnit.SECONDS);
        if (session == null) {
            throw new AssertionError("the device opened no NETCONF channel within 30 s");
        }
        return session;
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
        workers.shutdownNow();
        timers.shutdownNow();
    }

    private static boolean sameKey(PublicKey a, PublicKey b) {
        return SshKeys.toOpenSsh(a).equals(SshKeys.toOpenSsh(b));
    }

    /** Counts every publickey request before MINA's own handling. */
    private final class CountingPublicKeyAuth implements UserAuthFactory {
        @Override
        public String getName() {
            return UserAuthPublicKeyFactory.NAME;
        }

        @Override
        public UserAuth createUserAuth(ServerSession session) throws IOException {
            userAuthRequests.incrementAndGet();
            return UserAuthPublicKeyFactory.INSTANCE.createUserAuth(session);
        }
    }

    /** The NMS's end of the device's channel: our NETCONF client over the server end of the channel. */
    private final class NetconfClientSubsystem implements SubsystemFactory {
        private final String name;

        NetconfClientSubsystem(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Command createSubsystem(ChannelSession channel) {
            return new NetconfClientCommand(channel);
        }
    }

    private final class NetconfClientCommand implements Command, AsyncCommandStreamsAware {
        private final ChannelSession channel;
        private ServerChannelTransport transport;
        private volatile NetconfClientSession session;

        NetconfClientCommand(ChannelSession channel) {
            this.channel = channel;
        }

        @Override
        public void setIoOutputStream(IoOutputStream out) {
            transport = new ServerChannelTransport(channel, out, NetconfLimits.DEFAULT.maxWriteBacklogBytes());
            channel.setDataReceiver(transport.dataReceiver());
        }

        @Override
        public void setIoInputStream(IoInputStream in) {
        }

        @Override
        public void setIoErrorStream(IoOutputStream err) {
        }

        @Override
        public void start(ChannelSession channelSession, Environment env) {
            NetconfClientSession opened = new NetconfClientSession(List.of(Netconf.BASE_1_0, Netconf.BASE_1_1),
                    transport, NetconfLimits.DEFAULT, new SerialExecutor(workers), timers);
            session = opened;
            opened.start();
            transport.attach(opened);
            sessions.add(opened);
        }

        @Override
        public void destroy(ChannelSession channelSession) {
            NetconfClientSession current = session;
            if (current != null) {
                current.transportClosed();
            }
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
        }

        @Override
        public void setInputStream(InputStream in) {
        }

        @Override
        public void setOutputStream(OutputStream out) {
        }

        @Override
        public void setErrorStream(OutputStream err) {
        }
    }
}
