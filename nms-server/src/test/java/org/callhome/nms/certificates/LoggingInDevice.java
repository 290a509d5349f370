package org.callhome.nms.certificates;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.PublicKeyAuthenticationReporter;
import org.apache.sshd.client.auth.pubkey.PublicKeyIdentity;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKey;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.StreamingChannel;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.callhome.nms.devicessh.DeviceSshServer;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.session.NetconfServerSession;
import org.callhome.shared.netconf.session.Reply;
import org.callhome.shared.netconf.session.SerialExecutor;
import org.callhome.shared.ssh.SshPolicy;
import org.callhome.shared.ssh.cert.VerifierJudgedKeyExchange;
import org.callhome.shared.ssh.channel.ClientChannelTransport;
import org.callhome.shared.ssh.x509.X509HostKeys;
import org.callhome.shared.ssh.x509.X509UserKeys;

/**
 * The smallest device-ssh-client device: a MINA SSH client that logs into the NMS under its device
 * id with the key pair it is given (a certificate in the public half, or a plain key), opens the
 * NMS's subsystem and is the NETCONF server inside it. It takes any NMS host key and records the
 * ones it was shown. It offers whatever it holds, also a certificate MINA's client would skip (an
 * expired one, a host certificate), as a careless device might: the NMS must refuse those itself.
 */
public final class LoggingInDevice implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "logging-in-device-timers");
        thread.setDaemon(true);
        return thread;
    });

    /** The host keys (or certificates) the NMS presented. */
    final List<PublicKey> nmsHostKeys = new CopyOnWriteArrayList<>();
    private final SshClient client;

    public LoggingInDevice() {
        this(false);
    }

    /**
     * @param x509 whether it logs in with X.509 identities too ({@code X509UserKeys.offer}) and takes
     *             X.509 host chains first ({@code X509HostKeys.accept}), recorded as any host key
     */
    LoggingInDevice(boolean x509) {
        client = SshClient.setUpDefaultClient();
        if (x509) {
            SshPolicy.applyTo(client, VerifierJudgedKeyExchange.FACTORY);
            X509HostKeys.accept(client);
        } else {
            SshPolicy.applyTo(client);
        }
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setServerKeyVerifier((session, remote, key) -> nmsHostKeys.add(key));
        client.setUserAuthFactories(List.of(new UserAuthPublicKeyFactory() {
            @Override
            public UserAuthPublicKey createUserAuth(ClientSession session) {
                return new UserAuthPublicKey(getSignatureFactories()) {
                    @Override
                    protected PublicKeyIdentity resolveAttemptedPublicKeyIdentity(ClientSession session,
                            String service, PublicKeyAuthenticationReporter reporter) {
                        return keys != null && keys.hasNext() ? keys.next() : null;
                    }
                };
            }
        }));
        if (x509) {
            X509UserKeys.offer(client);
        }
        client.start();
    }

    /** Logs in as {@code deviceId} with {@code identity}; throws if the NMS refuses the login. */
    ClientSession login(InetSocketAddress nms, String deviceId, KeyPair identity) throws IOException {
        return login(nms, deviceId, identity, null);
    }

    /** As {@link #login(InetSocketAddress, String, KeyPair)}, connecting from {@code local} unless it is null. */
    ClientSession login(InetSocketAddress nms, String deviceId, KeyPair identity, InetSocketAddress local)
            throws IOException {
        ClientSession session = client.connect(deviceId, nms.getHostString(), nms.getPort(), null, local).verify(WAIT)
                .getClientSession();
        try {
            session.addPublicKeyIdentity(identity);
            session.auth().verify(WAIT);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    /** Logs in and serves NETCONF in the NMS's subsystem, until the NMS or the test ends it. */
    public ClientSession connect(InetSocketAddress nms, String deviceId, KeyPair identity) throws IOException {
        return connect(nms, deviceId, identity, null);
    }

    /** As {@link #connect(InetSocketAddress, String, KeyPair)}, connecting from {@code local} unless it is null. */
    ClientSession connect(InetSocketAddress nms, String deviceId, KeyPair identity, InetSocketAddress local)
            throws IOException {
        ClientSession session = login(nms, deviceId, identity, local);
        ChannelSubsystem channel = session.createSubsystemChannel(DeviceSshServer.DEFAULT_SUBSYSTEM);
        channel.setStreaming(StreamingChannel.Streaming.Async);
        channel.open().verify(WAIT);
        ClientChannelTransport transport = new ClientChannelTransport(channel, 1 << 20);
        NetconfServerSession netconf = new NetconfServerSession(11, "bind-admin",
                List.of(Netconf.BASE_1_0, Netconf.BASE_1_1), transport, NetconfLimits.DEFAULT,
                (request, ignored) -> CompletableFuture.completedFuture(Reply.content(CallingDevice.emptyData())),
                SerialExecutor.direct(), TIMERS);
        netconf.start();
        transport.attach(netconf);
        return session;
    }

    @Override
    public void close() {
        client.stop();
    }
}
