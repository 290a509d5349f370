package org.callhome.compare.scale;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.callhome.shared.threads.DaemonThreads;

/**
 * RPCs at a fixed rate through the APIs of some nodes of a cluster, each to a device drawn at
 * random from the whole fleet: a get-config of running, the nodes taken in turn. Each RPC's send
 * time, target, node, outcome ({@link ClusterApi#rpc}) and time to its answer are kept for the
 * report, which puts each in the window its send time falls in. The sends come from one
 * scheduler thread; answers arrive on the HTTP client's threads.
 */
final class RpcLoad implements AutoCloseable {

    /** What each RPC asks: the running configuration, as an operator's tool would read it. */
    static final String GET_CONFIG = NodeSessions.GET_CONFIG;

    /**
     * One RPC: sent {@code sentNanos} ({@link System#nanoTime()}), to {@code device} through the
     * API of {@code node}, answered with {@code outcome} (and for anything but 200 what the API said,
     * {@code detail}) after {@code millis}.
     */
    record Rpc(long sentNanos, String device, String node, String outcome, String detail, double millis) {
    }

    /** One node's API: its name, for the report, and its port. */
    record Api(String node, int port) {
    }

    private final ClusterApi api;
    private final List<Api> nodes;
    private final List<String> devices;
    private final Duration period;
    private final Duration timeout;
    private final Random random;
    private final List<CompletableFuture<Rpc>> sent = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("rpc-load"));
    private ScheduledFuture<?> ticking;
    private int turn;

    /**
     * @param perSecond RPCs sent per second, whatever the answers (they are not waited for)
     * @param timeout   how long one RPC may wait for its answer before it counts as no answer
     * @param seed      of the random choice of devices, so that a run can be repeated
     */
    RpcLoad(ClusterApi api, List<Api> nodes, List<String> devices, double perSecond, Duration timeout, long seed) {
        if (!(perSecond > 0 && perSecond <= 1000)) {
            throw new IllegalArgumentException("the RPC rate must be in (0, 1000] per second, got " + perSecond);
        }
        if (nodes.isEmpty() || devices.isEmpty()) {
            throw new IllegalArgumentException("the RPC load needs at least one node and one device");
        }
        this.api = Objects.requireNonNull(api, "api");
        this.nodes = List.copyOf(nodes);
        this.devices = List.copyOf(devices);
        this.period = Duration.ofNanos(Math.round(1e9 / perSecond));
        this.timeout = timeout;
        this.random = new Random(seed);
    }

    /** Starts sending. */
    synchronized void start() {
        if (ticking != null) {
            throw new IllegalStateException("the RPC load is already running");
        }
        ticking = scheduler.scheduleAtFixedRate(this::send, 0, period.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void send() {
        Api node;
        String device;
        synchronized (this) {
            node = nodes.get(turn++ % nodes.size());
            device = devices.get(random.nextInt(devices.size()));
        }
        long start = System.nanoTime();
        CompletableFuture<Rpc> rpc = api.rpc(node.port(), device, GET_CONFIG, timeout)
                .thenApply(outcome -> new Rpc(start, device, node.node(), outcome.status(), outcome.detail(),
                        (System.nanoTime() - start) / 1e6));
        synchronized (this) {
            sent.add(rpc);
        }
    }

    /**
     * Stops sending, waits for the answers still due (each bounded by the RPC timeout) and returns
     * every RPC in the order sent.
     */
    List<Rpc> stop() throws InterruptedException {
        synchronized (this) {
            if (ticking != null) {
                ticking.cancel(false);
            }
        }
        scheduler.shutdown();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
        List<CompletableFuture<Rpc>> all;
        synchronized (this) {
            all = List.copyOf(sent);
        }
        try {
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
                    .get(timeout.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("RPCs of the load still unanswered " + timeout.plusSeconds(10).toSeconds()
                    + " s after it stopped, past their own timeout: " + e, e);
        }
        return all.stream().map(CompletableFuture::join).toList();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
