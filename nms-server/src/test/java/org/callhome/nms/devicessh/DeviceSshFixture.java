package org.callhome.nms.devicessh;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.callhome.nms.trust.DeviceTrust;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.SshPolicy;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NmsHalf;
import org.callhome.shared.strategy.SecuredChannel;

/**
 * A started {@link DeviceSshServer} on 127.0.0.1 (port chosen by the system) with accounts for
 * dev-1 and dev-2, recording the channels it hands over and the refusals it reports, plus a MINA
 * client playing the devices: it pins the NMS host key, reads no ~/.ssh, and offers only the
 * identity a test adds.
 */
final class DeviceSshFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "device-ssh-test-timers");
        thread.setDaemon(true);
        return thread;
    });

    /** One report of {@link NmsHalf.Refusals}. */
    record Refusal(String kind, CallHomeStrategy strategy, String deviceId, String fingerprint, String remoteAddress,
                   String reason) {
    }

    final KeyPair hostKey = SshKeys.generateEd25519();
    final KeyPair dev1Key = SshKeys.generateEd25519();
    final KeyPair dev2Key = SshKeys.generateEd25519();
    final KnownDevices accounts;
    final BlockingQueue<SecuredChannel> channels = new LinkedBlockingQueue<>();
    final BlockingQueue<Refusal> refusals = new LinkedBlockingQueue<>();
    final DeviceSshServer server;
    final InetSocketAddress address;
    final SshClient client;

    private DeviceSshFixture(Duration authTimeout) throws IOException {
        Map<String, java.security.PublicKey> devices = new LinkedHashMap<>();
        devices.put("dev-1", dev1Key.getPublic());
        devices.put("dev-2", dev2Key.getPublic());
        accounts = KnownDevices.of(devices);
        DeviceSshServer.Settings settings = new DeviceSshServer.Settings(new InetSocketAddress("127.0.0.1", 0),
                hostKey, Optional.empty(), DeviceTrust.of(accounts), Optional.empty(), RevocationWatch.none(),
                DeviceSshServer.DEFAULT_SUBSYSTEM, authTimeout, Keepalives.DEFAULT, 1 << 20);
        server = new DeviceSshServer(settings, new Recorder(), TIMERS);
        address = server.start(channels::add);

        client = SshClient.setUpDefaultClient();
        SshPolicy.applyTo(client);
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setServerKeyVerifier((session, remote, key) -> KeyUtils.compareKeys(key, hostKey.getPublic()));
        client.start();
    }

    static DeviceSshFixture start() throws IOException {
        return new DeviceSshFixture(WAIT);
    }

    static DeviceSshFixture start(Duration authTimeout) throws IOException {
        return new DeviceSshFixture(authTimeout);
    }

    /** Connected (key exchange done, host key pinned) but not authenticated. */
    ClientSession connect(String username) throws IOException {
        return client.connect(username, address.getHostString(), address.getPort()).verify(WAIT).getClientSession();
    }

    /** Connected and authenticated with {@code key}; throws if the NMS refuses. */
    ClientSession login(String username, KeyPair key) throws IOException {
        ClientSession session = connect(username);
        session.addPublicKeyIdentity(key);
        session.auth().verify(WAIT);
        return session;
    }

    SecuredChannel nextChannel() throws InterruptedException {
        SecuredChannel channel = channels.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(channel, "no channel handed to the NMS within " + WAIT);
        return channel;
    }

    Refusal nextRefusal() throws InterruptedException {
        Refusal refusal = refusals.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(refusal, "no refusal reported within " + WAIT);
        return refusal;
    }

    @Override
    public void close() throws IOException {
        client.stop();
        server.close();
    }

    private final class Recorder implements NmsHalf.Refusals {
        @Override
        public void rejected(NmsHalf.Rejection rejection) {
            refusals.add(new Refusal("rejected", rejection.strategy(), rejection.deviceId(), rejection.fingerprint(),
                    rejection.remoteAddress(), rejection.reason()));
        }

        @Override
        public void authFailed(CallHomeStrategy strategy, String deviceId, String fingerprint, String remoteAddress,
                               String reason) {
            refusals.add(new Refusal("authFailed", strategy, deviceId, fingerprint, remoteAddress, reason));
        }
    }
}
