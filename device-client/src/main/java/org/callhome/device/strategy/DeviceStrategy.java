package org.callhome.device.strategy;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.callhome.device.accounts.AccountTable;
import org.callhome.device.callhome.Connector;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.KeyFile;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.DeviceHalf;
import org.callhome.shared.strategy.DeviceHalf.ChannelSink;

/**
 * The device's side of one call-home strategy, as the agent builds it. Each strategy package
 * implements it once, stateless; the agent runs the one its settings name, so a new strategy is a
 * new package and one entry in the agent's list ({@code DeviceAgent.STRATEGIES}). Building takes
 * two steps so that a mistake in any file leaves nothing behind: {@link #prepare} reads and checks
 * what the strategy needs and creates nothing; {@link Prepared#start} builds the half once the
 * agent has saved the key and started the NETCONF server.
 */
public interface DeviceStrategy {

    /** The strategy whose device half this builds. */
    CallHomeStrategy strategy();

    /** What the device's key is to the NMS, for the log: {@code host} or {@code login}. */
    String keyRole();

    /**
     * Reads and checks every file the settings name for this strategy; writes nothing.
     *
     * @throws IOException              when a file is missing, unreadable or not what it should be
     * @throws IllegalArgumentException when the settings cannot work on this system
     */
    Prepared prepare(Settings settings) throws IOException;

    /** The device's settings as a strategy reads them; the agent's settings implement this. */
    interface Settings {

        /** The data folder of the device's NETCONF server. */
        Path datastore();

        CallHomeSettings callHome();

        /**
         * The accounts and revocation list, and the host key file and certificate of reverse-ssh (in
         * tls, the device's TLS key and its X.509 chain).
         */
        DeviceSshSettings ssh();

        /** How long the login may take: the NMS's in reverse-ssh (RFC 8071 S5), the device's own otherwise. */
        Duration authTimeout();

        NetconfLimits limits();

        /** reverse-ssh: whether stock OpenSSH ({@code sshd -i}) serves the connection, not the built-in server. */
        boolean stockOpenSsh();

        /** reverse-ssh: the OpenSSH host certificate of the host key, presented to the NMS; empty for none. */
        default Optional<Path> hostCertificateFile() {
            return ssh().hostCertificateFile();
        }

        /** The NMS keys and certificates no longer accepted (an OpenSSH KRL or key list); empty for none. */
        default Optional<Path> revokedKeysFile() {
            return ssh().revokedKeysFile();
        }

        /** device-ssh-client: the device's login on the NMS; null for reverse-ssh. */
        Login clientLogin();
    }

    /** The device's login on the NMS's SSH server, device-ssh-client only. */
    interface Login {

        String login();

        Path identityFile();

        /** The OpenSSH user certificate of the identity key; when given, the device logs in with it only. */
        Optional<Path> identityCertificateFile();

        Path nmsHostKeyFile();

        String subsystem();

        /** The account of {@link Settings#ssh()} the NETCONF sessions run as. */
        String bindAccount();
    }

    /** A strategy's files, read and checked; nothing created yet. */
    interface Prepared {

        /** The key the NMS identifies the device by; the agent saves it (creating it if missing) before start. */
        KeyFile key();

        /** Builds the half; it connects only when the dialer asks. */
        Started start(Pieces pieces) throws IOException;
    }

    /**
     * What the agent has built for every strategy alike.
     *
     * @param key             the saved {@link Prepared#key()}
     * @param accounts        the accounts, checking NMS logins against {@code revoked} too
     * @param revoked         the NMS keys and certificates no longer accepted; a half refreshes it before it dials,
     *                        and drops a live session a new list revokes ({@link RevocationWatch#onChange})
     * @param sink            where secured NETCONF channels go: the device's NETCONF server
     * @param scheduler       the call-home thread, for timeouts and keepalives
     * @param maxBacklogBytes unsent NETCONF output beyond which a session stops reading its channel
     * @param sshIo           the threads the half's SSH server or client runs on: its own, or a fleet's
     * @param nettyIo         the event loops the half's Netty channels (TLS) run on: its own, or a fleet's
     */
    record Pieces(KeyPair key, AccountTable accounts, RevocationWatch revoked, ChannelSink sink,
                  ScheduledExecutorService scheduler, long maxBacklogBytes, SshIo sshIo, NettyIo nettyIo) {
        public Pieces {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(accounts, "accounts");
            Objects.requireNonNull(revoked, "revoked");
            Objects.requireNonNull(sink, "sink");
            Objects.requireNonNull(scheduler, "scheduler");
            Objects.requireNonNull(sshIo, "sshIo");
            Objects.requireNonNull(nettyIo, "nettyIo");
        }
    }

    /** A built half: what the dialer connects with, and what the agent closes. */
    record Started(Connector connector, DeviceHalf half) {
        public Started {
            Objects.requireNonNull(connector, "connector");
            Objects.requireNonNull(half, "half");
        }
    }
}
