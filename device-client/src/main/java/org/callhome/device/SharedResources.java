package org.callhome.device;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.callhome.device.strategy.NettyIo;
import org.callhome.device.strategy.SshIo;
import org.callhome.device.yang.DeviceSchema;
import org.callhome.shared.threads.DaemonThreads;

/**
 * The threads of a fleet of devices in one JVM ({@link DeviceAgent#start(DeviceAgent.Settings,
 * org.callhome.device.callhome.DialerListener, SharedResources)}): one pool for every device's
 * NETCONF sessions ({@code device-netconf}), one call-home scheduler ({@code device-callhome}),
 * one MINA I/O group and timer ({@link SshIo#shared}), and one Netty event loop group for TLS
 * devices ({@link NettyIo#shared}). Whatever the number of devices, the fleet has
 * {@code workerThreads + 2 * ioThreads + 3} threads (the 3: the two timers, and the thread the
 * JDK gives the channel group), and up to {@code ioThreads} more once TLS devices run (Netty
 * starts a loop's thread at its first channel). Each device still has its own key, data folder, accounts and SSH server
 * or client object; their threads are these. Closing a device leaves them running; {@link #close}
 * stops them, after the fleet's devices are closed.
 */
public final class SharedResources implements AutoCloseable {

    /** The most threads of either pool: a fleet is sized to the machine, not to its devices. */
    public static final int MAX_THREADS = 256;
    /** The longest wait after a session: the dialer's longest backoff. */
    public static final Duration MAX_AFTER_SESSION = Duration.ofSeconds(60);

    /**
     * @param workerThreads the NETCONF sessions' pool (datastore reads and writes run there)
     * @param ioThreads     MINA's I/O threads (key exchanges, channel reads)
     * @param afterSession  how long each device waits before calling again once its session ended (zero:
     *                      at once, for a sustained-rate test); empty for the devices' own initial backoff
     */
    public record Options(int workerThreads, int ioThreads, Optional<Duration> afterSession) {
        public Options {
            checkThreads("worker", workerThreads);
            checkThreads("I/O", ioThreads);
            Objects.requireNonNull(afterSession, "afterSession");
            if (afterSession.isPresent() && (afterSession.get().isNegative()
                    || afterSession.get().compareTo(MAX_AFTER_SESSION) > 0)) {
                throw new IllegalArgumentException("the wait after a session must be between 0 and "
                        + MAX_AFTER_SESSION.toSeconds() + " s, got " + afterSession.get());
            }
        }

        /** Pools as large as the machine's processors, and the devices' own reconnect delay. */
        public static Options forThisMachine() {
            int cores = Math.max(2, Runtime.getRuntime().availableProcessors());
            return new Options(cores, cores, Optional.empty());
        }

        /** The same pools, devices calling again {@code wait} after a session ended. */
        public Options withAfterSession(Duration wait) {
            return new Options(workerThreads, ioThreads, Optional.of(wait));
        }

        private static void checkThreads(String pool, int threads) {
            if (threads < 1 || threads > MAX_THREADS) {
                throw new IllegalArgumentException(pool + " threads must be between 1 and " + MAX_THREADS
                        + ", got " + threads);
            }
        }
    }

    private final Options options;
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;
    private final SshIo sshIo;
    private final NettyIo nettyIo;

    private SharedResources(Options options, ExecutorService workers, ScheduledExecutorService scheduler,
                            SshIo sshIo, NettyIo nettyIo) {
        this.options = options;
        this.workers = workers;
        this.scheduler = scheduler;
        this.sshIo = sshIo;
        this.nettyIo = nettyIo;
    }

    /** Starts the pools, every thread at once: the fleet has as many for one device as for N. */
    public static SharedResources start(Options options) {
        Objects.requireNonNull(options, "options");
        // the devices' schema parses (about 2 s in a fresh JVM) while the pools start
        DeviceSchema.prefetch(List.of());
        SshIo sshIo = SshIo.shared(options.ioThreads());
        ThreadPoolExecutor workers = new ThreadPoolExecutor(options.workerThreads(), options.workerThreads(), 0,
                TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), DaemonThreads.named("device-netconf"));
        workers.prestartAllCoreThreads();
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                DaemonThreads.named("device-callhome"));
        scheduler.prestartAllCoreThreads();
        return new SharedResources(options, workers, scheduler, sshIo, NettyIo.shared(options.ioThreads()));
    }

    public Options options() {
        return options;
    }

    ExecutorService workers() {
        return workers;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    SshIo sshIo() {
        return sshIo;
    }

    NettyIo nettyIo() {
        return nettyIo;
    }

    /** Stops every thread of the fleet; close its devices first (their sessions would end abruptly). */
    @Override
    public void close() {
        scheduler.shutdownNow();
        sshIo.close();
        nettyIo.close();
        DaemonThreads.shutdown(workers, Duration.ofSeconds(5));
    }
}
