package org.callhome.compare.scale;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.callhome.compare.fleet.FleetProcess;
import org.callhome.compare.lab.DeviceSpec;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.ClusterResults.StrategyFailover;
import org.callhome.compare.model.TrustModel;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.StartWith;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.threads.DaemonThreads;

/**
 * The cluster failover scenario for one strategy: three of the project's NMS nodes as one cluster
 * ({@code --cluster}, Vert.x over Hazelcast), each in a JVM of its own ({@link NmsProcess}), on
 * loopback, keys pinned and shared; a fleet of N devices in another JVM ({@link FleetProcess})
 * whose endpoint list is the three nodes, reconnect strategy random-selection. In order:
 * <ol>
 * <li>the nodes start at once; the time until each lists the three as members;</li>
 * <li>the devices dial; the time until a node's API shows all of them connected, and the spread;</li>
 * <li>RPCs at a fixed rate through the APIs of the two nodes that will survive ({@link RpcLoad});
 *     after a while the node holding the most devices is killed with SIGKILL, and a survivor's API
 *     is watched ({@link FailoverWatch}) until every device it held is shown on another node;</li>
 * <li>the load goes on for a while, then the survivors' views of the fleet are read once more.</li>
 * </ol>
 * The figures and the RPC windows are made of what was seen ({@link ClusterFigures}).
 */
public final class ClusterRun {

    /** Nodes in the cluster. */
    static final int NODES = 3;
    /** How long the nodes may take to find each other: about 60 s for three on two busy cores, doubled. */
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(120);
    /** How long one RPC of the load may wait: the NMS's own RPC timeout (30 s) and its routing margin (5 s), and more. */
    static final Duration RPC_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration MEMBERS_POLL = Duration.ofMillis(200);
    private static final int LOG_TAIL_LINES = 20;

    /**
     * @param devices      N, the fleet
     * @param rpcPerSecond the RPC load's fixed rate
     * @param before       how long the load runs before the kill
     * @param after        how long it runs on once every device is back
     * @param maxAttempts  the devices' attempts per endpoint before the next (random-selection)
     * @param nmsHeap      each node's -Xmx
     */
    public record Options(int devices, double rpcPerSecond, Duration before, Duration after, int maxAttempts,
                          String nmsHeap) {
        public Options {
            if (devices < 1) {
                throw new IllegalArgumentException("--devices must be at least 1, got " + devices);
            }
            if (!(rpcPerSecond > 0 && rpcPerSecond <= 1000)) {
                throw new IllegalArgumentException("--rpc-rate must be in (0, 1000] per second, got " + rpcPerSecond);
            }
            if (before.isNegative() || before.isZero() || after.isNegative() || after.isZero()) {
                throw new IllegalArgumentException("--before and --after must be positive");
            }
            if (maxAttempts < 1 || maxAttempts > 255) {
                throw new IllegalArgumentException("--max-attempts must be in 1..255, got " + maxAttempts);
            }
            if (!nmsHeap.matches("[1-9][0-9]*[kKmMgG]?")) {
                throw new IllegalArgumentException("--nms-heap must be a size as -Xmx takes it (e.g. 512m, 1g), got '"
                        + nmsHeap + "'");
            }
        }
    }

    /** A node of the run: its name in the cluster, its process, where devices call it and where its API listens. */
    record Node(String name, NmsProcess process, int port, int http) {
    }

    private final CallHomeStrategy strategy;
    private final Options options;
    private final Path dir;
    private final Consumer<String> progress;
    private final ClusterApi api = new ClusterApi();

    public ClusterRun(CallHomeStrategy strategy, Options options, Path dir, Consumer<String> progress) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.options = Objects.requireNonNull(options, "options");
        this.dir = dir;
        this.progress = progress;
    }

    /** Nodes in the cluster of every run. */
    public static int nodes() {
        return NODES;
    }

    /** The progress steps {@link #run()} reports. */
    public static int steps() {
        return 5;
    }

    public StrategyFailover run() throws Exception {
        int n = options.devices();
        String name = strategy.wireName();
        progress.accept(name + ": keys for " + n + " devices");
        List<String> ids = ScaleRun.deviceIds(strategy, n);
        try (Testbed testbed = new Testbed(dir, TrustModel.PINNED, strategy)) {
            // made here once, before any node reads them
            Testbed.NmsKeys keys = testbed.nmsKeys(ScaleRun.NMS_NAME);
            testbed.devicePublicKeys(ids);
            progress.accept(name + ": " + NODES + " NMS nodes joining one cluster");
            List<Node> nodes = new ArrayList<>();
            ClusterFigures figures = new ClusterFigures(strategy, options);
            try {
                long starting = System.nanoTime();
                nodes.addAll(startNodes(testbed));
                awaitMembers(nodes);
                figures.formed((System.nanoTime() - starting) / 1e9);
                List<DeviceSpec> specs = new ArrayList<>();
                List<InetSocketAddress> others = nodes.subList(1, NODES).stream()
                        .map(node -> new InetSocketAddress(Testbed.NMS_HOST, node.port())).toList();
                for (String id : ids) {
                    specs.add(testbed.deviceSpec(strategy, id, keys, new InetSocketAddress(Testbed.NMS_HOST,
                            nodes.get(0).port()), Role.ADMIN).alsoCalling(others, StartWith.RANDOM_SELECTION,
                            options.maxAttempts()));
                }
                try (FleetProcess fleet = FleetProcess.start(specs, ScaleRun.maxWait(n), dir.resolve("fleet"))) {
                    progress.accept(name + ": " + n + " devices calling the " + NODES + " nodes (random-selection)");
                    long dialing = System.nanoTime();
                    fleet.startDevices();
                    awaitConnected(nodes, fleet, n);
                    figures.connected((System.nanoTime() - dialing) / 1e9);
                    failover(nodes, fleet, ids, figures);
                }
            } finally {
                for (Node node : nodes) {
                    node.process().close();
                }
            }
            return figures.result();
        }
    }

    /** The load, the kill, the watch, the load on after it. */
    private void failover(List<Node> nodes, FleetProcess fleet, List<String> ids, ClusterFigures figures)
            throws Exception {
        String name = strategy.wireName();
        Map<String, String> before = api.connected(nodes.get(0).http());
        Map<String, Integer> spread = ClusterApi.spread(before);
        Node killed = nodes.stream().max(Comparator.comparingInt((Node node) -> spread.getOrDefault(node.name(), 0))
                .thenComparing(Node::name, Comparator.reverseOrder())).orElseThrow();
        List<Node> survivors = nodes.stream().filter(node -> node != killed).toList();
        progress.accept(name + ": RPCs at " + options.rpcPerSecond() + "/s through " + survivors.stream()
                .map(Node::name).toList() + ", then " + killed.name() + " (" + spread.getOrDefault(killed.name(), 0)
                + " devices) killed");
        try (RpcLoad load = new RpcLoad(api, survivors.stream().map(node -> new RpcLoad.Api(node.name(), node.http()))
                .toList(), ids, options.rpcPerSecond(), RPC_TIMEOUT, ids.size() * 31L + strategy.ordinal())) {
            long loadStart = System.nanoTime();
            load.start();
            Thread.sleep(options.before().toMillis());
            // where each device is just before the kill: the devices the killed node holds
            Map<String, String> atKill = api.connected(survivors.get(0).http());
            Set<String> held = new HashSet<>();
            atKill.forEach((id, node) -> {
                if (node.equals(killed.name())) {
                    held.add(id);
                }
            });
            if (held.isEmpty()) {
                throw new IllegalStateException("just before the kill " + survivors.get(0).name() + " showed no device "
                        + "connected on " + killed.name() + ", which held " + spread.getOrDefault(killed.name(), 0)
                        + " when the load started: " + ClusterApi.spread(atKill));
            }
            long killedAt = System.nanoTime();
            killed.process().kill();
            double killTook = (System.nanoTime() - killedAt) / 1e9;
            FailoverWatch.Seen seen;
            try {
                seen = new FailoverWatch(api, survivors.get(0).http(), killed.name(), NODES, killedAt, held)
                        .watch(failoverTimeout(held.size()));
            } catch (IllegalStateException e) {
                throw new IllegalStateException(e.getMessage() + " (the fleet's dialers: " + fleet.dialing() + ")"
                        + logTails(survivors) + fleet.logTail(LOG_TAIL_LINES), e);
            }
            long backAt = killedAt + Math.round(seen.allBack() * 1e9);
            progress.accept(name + ": all " + held.size() + " devices of " + killed.name() + " back after "
                    + String.format(Locale.ROOT, "%.1f", seen.allBack()) + " s; RPCs go on for "
                    + options.after().toSeconds() + " s");
            Thread.sleep(Math.max(0, backAt + options.after().toNanos() - System.nanoTime()) / 1_000_000);
            long loadEnd = System.nanoTime();
            List<RpcLoad.Rpc> rpcs = load.stop();
            List<Map<String, String>> views = new ArrayList<>();
            for (Node survivor : survivors) {
                views.add(api.connected(survivor.http()));
            }
            figures.failover(new ClusterFigures.Failover(killed.name(), killed.process().pid(), atKill, held, killTook,
                    seen, survivors.stream().map(Node::name).toList(), views), rpcs,
                    new ClusterFigures.Times(loadStart, killedAt, backAt, loadEnd));
        }
    }

    /** Starts the nodes at once, each on a cluster port of its own, every one listing all of them. */
    private List<Node> startNodes(Testbed testbed) throws Exception {
        List<Integer> clusterPorts = freePorts(NODES);
        List<String> members = clusterPorts.stream().map(port -> Testbed.NMS_HOST + ":" + port).toList();
        ExecutorService starters = Executors.newFixedThreadPool(NODES, DaemonThreads.named("cluster-start"));
        List<Future<NmsProcess>> starting = new ArrayList<>();
        try {
            for (int i = 0; i < NODES; i++) {
                String node = nodeName(i);
                int clusterPort = clusterPorts.get(i);
                starting.add(starters.submit(() -> NmsProcess.startNode(testbed.dir(), strategy, options.devices(),
                        node, clusterPort, members, options.nmsHeap(), dir.resolve(node + ".log"))));
            }
            List<Node> nodes = new ArrayList<>();
            Exception failure = null;
            for (int i = 0; i < NODES; i++) {
                try {
                    NmsProcess process = starting.get(i).get();
                    nodes.add(new Node(nodeName(i), process, process.port(), process.httpPort()));
                } catch (ExecutionException e) {
                    failure = failure != null ? failure : new IOException("NMS node " + nodeName(i)
                            + " did not start: " + e.getCause().getMessage(), e.getCause());
                }
            }
            if (failure != null) {
                for (Node node : nodes) {
                    node.process().close();
                }
                throw failure;
            }
            return nodes;
        } finally {
            starters.shutdownNow();
        }
    }

    static String nodeName(int index) {
        return "nms-" + (index + 1);
    }

    /** Until every node lists all of them as members. */
    private void awaitMembers(List<Node> nodes) throws Exception {
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        for (Node node : nodes) {
            Set<String> seen = Set.of();
            while (seen.size() != NODES) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the " + NODES + " NMS nodes did not form one cluster within "
                            + JOIN_TIMEOUT.toSeconds() + " s: " + node.name() + " sees " + seen + logTails(nodes));
                }
                try {
                    seen = api.members(node.http());
                } catch (IOException e) {
                    seen = Set.of();
                }
                if (seen.size() != NODES) {
                    Thread.sleep(MEMBERS_POLL.toMillis());
                }
            }
        }
    }

    /** Until the first node's API shows all {@code n} devices connected. */
    private void awaitConnected(List<Node> nodes, FleetProcess fleet, int n) throws Exception {
        Duration timeout = Duration.ofSeconds(120).plusMillis(100L * n);
        long deadline = System.nanoTime() + timeout.toNanos();
        int connected = 0;
        while (connected < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + connected + " of " + n + " devices connected within "
                        + timeout.toSeconds() + " s (the fleet's dialers: " + fleet.dialing() + ")" + logTails(nodes)
                        + fleet.logTail(LOG_TAIL_LINES));
            }
            Thread.sleep(FailoverWatch.POLL.toMillis());
            try {
                connected = api.connected(nodes.get(0).http()).size();
            } catch (IOException e) {
                connected = 0;
            }
        }
    }

    /**
     * How long the devices of the killed node may take to be back: each sees its session end at once
     * (the kernel closes the killed node's sockets), waits its initial backoff, and may try the dead
     * endpoint max-attempts times with a doubling backoff before it moves on.
     */
    private Duration failoverTimeout(int held) {
        long backoff = 0;
        for (int attempt = 0, wait = 1; attempt <= options.maxAttempts(); attempt++, wait = Math.min(60, wait * 2)) {
            backoff += wait;
        }
        return Duration.ofSeconds(60 + 2 * backoff).plusMillis(100L * held);
    }

    private static String logTails(List<Node> nodes) {
        StringBuilder tails = new StringBuilder();
        nodes.forEach(node -> tails.append(node.process().logTail(LOG_TAIL_LINES)));
        return tails.toString();
    }

    /** {@code count} distinct ports free on loopback now, for the nodes' cluster members. */
    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                socket.bind(new InetSocketAddress(Testbed.NMS_HOST, 0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
