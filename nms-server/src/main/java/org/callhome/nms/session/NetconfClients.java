package org.callhome.nms.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.session.NetconfClientSession;
import org.callhome.shared.netconf.session.SerialExecutor;
import org.callhome.shared.strategy.SecuredChannel;
import org.callhome.shared.strategy.SecurityFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NMS's NETCONF layer, the same for every strategy: runs the NETCONF client engine on each
 * channel an NMS half hands over and reports the session to the registry once the device's
 * hello arrived. It never looks at the strategy except to pass the facts on.
 */
public final class NetconfClients {

    private static final Logger LOG = LoggerFactory.getLogger(NetconfClients.class);
    private static final List<String> CAPABILITIES = List.of(Netconf.BASE_1_0, Netconf.BASE_1_1);

    private final CallHomeEvents events;
    private final NetconfLimits limits;
    private final Executor workers;
    private final ScheduledExecutorService timers;
    private final List<Consumer<DeviceSession>> listeners = new CopyOnWriteArrayList<>();

    public NetconfClients(CallHomeEvents events, NetconfLimits limits, Executor workers,
                          ScheduledExecutorService timers) {
        this.events = events;
        this.limits = limits;
        this.workers = workers;
        this.timers = timers;
    }

    /**
     * Adds a listener told of every NETCONF session once it is up (after the registry), on the
     * session's thread: for programs that embed the NMS (the comparison), which must not block it.
     */
    public void addSessionListener(Consumer<DeviceSession> listener) {
        listeners.add(listener);
    }

    /** Starts NETCONF on a channel an NMS half authenticated; called on an I/O thread. */
    public void accept(SecuredChannel channel) {
        SecurityFacts facts = channel.facts();
        NetconfClientSession netconf = new NetconfClientSession(CAPABILITIES, channel.transport(), limits,
                new SerialExecutor(workers), timers);
        netconf.start();
        channel.attach(netconf);
        netconf.serverHello().whenComplete((hello, failure) -> {
            if (failure != null) {
                LOG.warn("device {} from {}: no NETCONF hello: {}", facts.peerIdentity(), facts.remoteAddress(),
                        failure.getMessage());
                events.authFailed(facts.strategy(), facts.peerIdentity(), facts.peerKeyFingerprint(),
                        facts.remoteAddress(), "no NETCONF hello from the device: " + failure.getMessage());
                channel.transport().close();
                return;
            }
            DeviceSession device = new DeviceSession(facts, hello.sessionId().orElseThrow(), hello.capabilities(),
                    Instant.now(), channel.openedNanos(), Duration.ofNanos(System.nanoTime() - channel.openedNanos()),
                    netconf);
            LOG.info("device {} connected over {} from {} (NETCONF session {}, {})", device.deviceId(),
                    facts.strategy(), facts.remoteAddress(), device.sessionId(), facts.algorithms().keyExchange());
            events.connected(device);
            for (Consumer<DeviceSession> listener : listeners) {
                listener.accept(device);
            }
            netconf.closed().thenAccept(reason -> events.disconnected(device, reason));
        });
    }
}
