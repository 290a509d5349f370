package org.callhome.nms.strategy;

import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.callhome.nms.config.ListenFailedException.Listener;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.session.DeviceSession;
import org.callhome.nms.session.StartupLimiter;
import org.callhome.nms.trust.DeviceTrust;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NmsHalf;

/**
 * The NMS's side of one call-home strategy, as the NMS starts it: which strategy and listener it
 * is, what of the settings serves it (its own part, and the device certificates every strategy
 * takes, {@link NmsSettings#deviceCertificates()}), and how its {@link NmsHalf} is built. Each strategy package
 * implements it once, stateless; the NMS starts every strategy the settings serve in one loop, so
 * a new strategy is a new package and one entry in that loop's list.
 */
public interface NmsStrategy {

    CallHomeStrategy strategy();

    /** The listener its half binds, as a failure to bind names it. */
    Listener listener();

    /** Where the settings have this strategy listen; empty when they do not serve it. */
    Optional<InetSocketAddress> listenAddress(NmsSettings settings);

    /** The devices this strategy's trust file names, which seed the trust store; empty when not served. */
    Optional<KnownDevices> trustFile(NmsSettings settings);

    /**
     * Whether a session that reached NETCONF may stay although the trust store does not trust its
     * device with that key; none may, unless a strategy says otherwise. Asked on the registry's
     * context for the sessions of this strategy only.
     */
    default boolean admitsUntrusted(NmsSettings settings, DeviceSession session) {
        return false;
    }

    /**
     * Builds the half for settings that serve this strategy, ready to {@link NmsHalf#start start}.
     *
     * @param trust    the devices trusted for this strategy, asked at every connection
     * @param refusals told of every device the half refuses or fails to authenticate
     * @param timers   for the half's keepalives
     * @param startups the admission control the half applies to every connection before key exchange
     * @param revocations the revocation list in force, asked at every connection; on a change the half
     *                    drops the live sessions whose key or certificate it revokes
     * @param vertx    the NMS's Vert.x, whose event loops a half not built on MINA runs its connections on
     */
    NmsHalf createHalf(NmsSettings settings, DeviceTrust trust, NmsHalf.Refusals refusals,
                       ScheduledExecutorService timers, StartupLimiter startups, RevocationWatch revocations,
                       Vertx vertx);
}
