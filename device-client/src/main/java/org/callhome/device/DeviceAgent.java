package org.callhome.device;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.callhome.device.callhome.CallHomeDialer;
import org.callhome.device.callhome.Connector;
import org.callhome.device.callhome.DialerListener;
import org.callhome.device.netconf.DeviceNetconfServer;
import org.callhome.device.openssh.OpenSshDevice;
import org.callhome.device.ssh.AccountTable;
import org.callhome.device.ssh.ReverseSshDevice;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.SshKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running device: its NETCONF server on the data folder, the call-home strategy that turns
 * an outbound connection into authenticated NETCONF sessions, and the dialer that keeps calling
 * home. Used by the command line and by tests alike.
 */
public final class DeviceAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceAgent.class);

    /** Which SSH server runs on the dialed connection. */
    public enum SshServerKind { MINA, OPENSSH }

    /**
     * @param authTimeout how long the NMS has to authenticate on a new connection (RFC 8071 S5)
     */
    public record Settings(Path datastore, CallHomeSettings callHome, DeviceSshSettings ssh, Duration authTimeout,
                           SshServerKind sshServer, NetconfLimits limits) {
        public Settings {
            Objects.requireNonNull(datastore, "datastore");
            Objects.requireNonNull(callHome, "callHome");
            Objects.requireNonNull(ssh, "ssh");
            Objects.requireNonNull(authTimeout, "authTimeout");
            Objects.requireNonNull(sshServer, "sshServer");
            Objects.requireNonNull(limits, "limits");
        }
    }

    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;
    private final DeviceNetconfServer netconf;
    private final AutoCloseable strategy;
    private final CallHomeDialer dialer;
    private final String hostKeyFingerprint;

    private DeviceAgent(ExecutorService workers, ScheduledExecutorService scheduler, DeviceNetconfServer netconf,
                        AutoCloseable strategy, CallHomeDialer dialer, String hostKeyFingerprint) {
        this.workers = workers;
        this.scheduler = scheduler;
        this.netconf = netconf;
        this.strategy = strategy;
        this.dialer = dialer;
        this.hostKeyFingerprint = hostKeyFingerprint;
    }

    public static DeviceAgent start(Settings settings, DialerListener listener) throws IOException {
        KeyPair hostKey = SshKeys.loadOrCreateHostKey(settings.ssh().hostKeyFile());
        AccountTable accounts = AccountTable.load(settings.ssh().accounts());
        if (accounts.isEmpty()) {
            LOG.warn("no --account is configured: no NMS can log in");
        }
        ExecutorService workers = Executors.newFixedThreadPool(2, daemon("device-netconf"));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("device-callhome"));
        DeviceNetconfServer netconf = new DeviceNetconfServer(settings.datastore(), settings.limits(), workers);
        Connector connector;
        AutoCloseable strategy;
        if (settings.sshServer() == SshServerKind.MINA) {
            ReverseSshDevice device = new ReverseSshDevice(hostKey, accounts, settings.authTimeout(),
                    settings.callHome().keepalives(), netconf, 4L * settings.limits().maxMessageBytes(), scheduler);
            connector = device;
            strategy = device;
        } else {
            // stock sshd -i runs each NETCONF session as a `device-client stdio` process on the same data folder
            OpenSshDevice device;
            try {
                device = OpenSshDevice.start(new OpenSshDevice.Settings(settings.datastore(), settings.ssh(),
                        settings.authTimeout(), settings.callHome().keepalives(), settings.limits().maxMessageBytes()));
            } catch (IOException | RuntimeException e) {
                netconf.close();
                scheduler.shutdownNow();
                workers.shutdownNow();
                throw e;
            }
            connector = device;
            strategy = device;
        }
        CallHomeDialer dialer = new CallHomeDialer(settings.callHome(), connector, scheduler, listener,
                RandomGenerator.getDefault());
        String fingerprint = SshKeys.fingerprint(hostKey.getPublic());
        LOG.info("device host key fingerprint {} ({})", fingerprint, settings.ssh().hostKeyFile());
        dialer.start();
        return new DeviceAgent(workers, scheduler, netconf, strategy, dialer, fingerprint);
    }

    public String hostKeyFingerprint() {
        return hostKeyFingerprint;
    }

    @Override
    public void close() throws Exception {
        dialer.close();
        strategy.close();
        netconf.close();
        scheduler.shutdownNow();
        workers.shutdown();
        workers.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
