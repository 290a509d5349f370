package org.callhome.compare.scale;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.callhome.compare.model.ClusterResults;
import org.callhome.compare.model.ClusterResults.RpcWindow;
import org.callhome.compare.model.ClusterResults.StrategyFailover;
import org.callhome.compare.model.Latency;
import org.callhome.compare.model.Measured;
import org.callhome.compare.model.ScaleResults.Figure;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The figures of one strategy's cluster failover, each with how it was measured, made of what
 * {@link ClusterRun} saw: the cluster forming, the fleet connecting, the watch after the kill
 * ({@link FailoverWatch.Seen}), the RPCs of the load put into windows by their send time, and the
 * survivors' views of the fleet at the end.
 */
final class ClusterFigures {

    /**
     * What the failover left to count.
     *
     * @param killed    the killed node's name
     * @param pid       its process id
     * @param atKill    where each device was shown connected just before the kill, by id
     * @param held      the devices the killed node held then
     * @param killTook  seconds from sending SIGKILL to the process having ended
     * @param survivors the survivors' names; the first is the one watched
     * @param views     each survivor's GET /api/devices at the end, in the same order
     */
    record Failover(String killed, long pid, Map<String, String> atKill, Set<String> held, double killTook,
                    FailoverWatch.Seen seen, List<String> survivors, List<Map<String, String>> views) {
    }

    /** The run's moments, {@link System#nanoTime()} each: load started, kill, all back, load stopped. */
    record Times(long loadStart, long killedAt, long backAt, long loadEnd) {
    }

    private final CallHomeStrategy strategy;
    private final ClusterRun.Options options;
    private final List<Figure> figures = new ArrayList<>();
    private final List<RpcWindow> windows = new ArrayList<>();
    private String killed = "";
    private Map<String, Integer> spreadBefore = Map.of();
    private Map<String, Integer> spreadAfter = Map.of();

    ClusterFigures(CallHomeStrategy strategy, ClusterRun.Options options) {
        this.strategy = strategy;
        this.options = options;
    }

    void formed(double seconds) {
        add("clusterFormed", ClusterRun.NODES + " nodes joined as one cluster", seconds, "s", "from starting the "
                + ClusterRun.NODES + " NMS JVMs at once (-Xmx" + options.nmsHeap() + " each, Hazelcast static "
                + "discovery on loopback, each listing all three) to every node's GET /api/cluster listing "
                + ClusterRun.NODES + " members, polled every 200 ms");
    }

    void connected(double seconds) {
        add("fleetConnected", "all " + options.devices() + " devices connected", seconds, "s", "from the fleet's "
                + "order to start its " + options.devices() + " devices (one JVM; endpoint list the three nodes, "
                + "reconnect strategy random-selection) to GET /api/devices on " + ClusterRun.nodeName(0)
                + " showing all of them connected, polled every " + FailoverWatch.POLL.toMillis() + " ms");
    }

    void failover(Failover failover, List<RpcLoad.Rpc> rpcs, Times times) {
        killed = failover.killed();
        FailoverWatch.Seen seen = failover.seen();
        String watched = failover.survivors().get(0);
        spreadBefore = ClusterApi.spread(failover.atKill());
        spreadAfter = ClusterApi.spread(failover.views().get(0));
        String fromKill = "from sending SIGKILL to node " + killed + " (its process ended " + oneDecimal(failover.killTook()
                * 1000) + " ms later) to the arrival of the first GET /api/devices on " + watched + " (one sent every "
                + FailoverWatch.POLL.toMillis() + " ms whether or not the earlier ones were answered, at most "
                + FailoverWatch.MAX_OUTSTANDING + " unanswered at once) that showed ";
        add("killedHeld", "devices the killed node held", failover.held().size(), "devices", "devices GET "
                + "/api/devices on " + watched + " showed connected on " + killed + " just before the kill; "
                + killed + " was the node holding the most (spread " + spreadBefore + ")");
        add("memberGone", "survivor no longer lists the killed node", seen.memberGone(), "s", "from sending "
                + "SIGKILL to GET /api/cluster on " + watched + " listing " + (ClusterRun.NODES - 1) + " members "
                + "without " + killed + ", one sent every " + FailoverWatch.POLL.toMillis() + " ms (Hazelcast sees a "
                + "killed member's connections close; its heartbeat limit is 5 s)");
        add("noneOnKilled", "no device shown on the killed node", seen.noneOnKilled(), "s", fromKill
                + "no device connected on " + killed);
        add("halfBack", "half of its devices back on a survivor", seen.backAt(0.5), "s", fromKill
                + "the median device of the " + failover.held().size() + " connected on another node");
        add("p90Back", "90% of its devices back on a survivor", seen.backAt(0.9), "s", fromKill
                + "90% of them connected on another node, each counted from its first such answer");
        add("allBack", "all its devices back on a survivor", seen.allBack(), "s", fromKill + "every one of the "
                + failover.held().size() + " connected on another node at once; each device sees its session end "
                + "when the kernel closes the killed node's sockets, waits its initial backoff (1 s, jittered "
                + "20%), then calls an endpoint picked at random (random-selection), trying a dead one "
                + options.maxAttempts() + " time(s) with a doubling backoff before the next");
        add("slowestPoll", "slowest GET /api/devices during the failover", seen.slowestPollMillis(), "ms",
                "the longest any of the " + seen.polls() + " GET /api/devices on " + watched + " answered during the "
                        + "failover took from sending to its answer (a node asks every member for its devices and "
                        + "waits 3 s at most for each); " + seen.failedPolls() + " failed");
        windows(failover.held(), rpcs, times);
        int connectedAtEnd = failover.views().stream().mapToInt(Map::size).min().orElse(0);
        long onKilledAtEnd = failover.views().stream().mapToLong(view -> view.values().stream()
                .filter(killed::equals).count()).max().orElse(0);
        add("connectedAtEnd", "devices connected at the end", connectedAtEnd, "devices", "of the "
                + options.devices() + ", the fewest GET /api/devices on either survivor (" + failover.survivors()
                + ") showed connected once the load had stopped");
        add("onKilledAtEnd", "devices shown on the killed node at the end", onKilledAtEnd, "devices", "the most "
                + "GET /api/devices on either survivor showed connected on " + killed + " once the load had stopped");
    }

    /** The RPCs put into the windows their send times fall in, and the figures made of them. */
    private void windows(Set<String> held, List<RpcLoad.Rpc> rpcs, Times times) {
        Sorter sorter = new Sorter(rpcs, held, times.killedAt());
        windows.add(sorter.window("before", "before the kill", Long.MIN_VALUE, times.killedAt(),
                times.killedAt() - times.loadStart()));
        windows.add(sorter.window("failover", "failover (kill to all back)", times.killedAt(), times.backAt(),
                times.backAt() - times.killedAt()));
        windows.add(sorter.window("after", "after all were back", times.backAt(), Long.MAX_VALUE,
                times.loadEnd() - times.backAt()));
        RpcWindow failover = windows.get(1);
        int others = failover.total() - failover.killedDevices().values().stream().mapToInt(Integer::intValue).sum();
        int othersOk = failover.ok() - failover.killedDevices().getOrDefault(ClusterResults.OK, 0);
        for (RpcWindow window : windows) {
            add("rpcOk." + window.id(), "RPCs answered 200, " + window.label(), window.successRatio() * 100, "%",
                    "of the RPCs of the load sent " + window.label() + " (" + oneDecimal(window.seconds())
                            + " s; each counted in the window its send time falls in), the share the API answered "
                            + "200: " + window.ok() + " of " + window.total());
        }
        add("rpcOk.failoverOthers", "RPCs to the survivors' devices answered 200, failover",
                others == 0 ? 100 : othersOk * 100.0 / others, "%", "of the RPCs of the load sent in the failover to "
                        + "devices the killed node did not hold, the share the API answered 200: " + othersOk + " of "
                        + others);
        for (String id : List.of("before", "after")) {
            Latency latency = Latency.of(rpcs.stream().filter(rpc -> rpc.outcome().equals(ClusterResults.OK))
                    .filter(rpc -> id.equals("before") ? rpc.sentNanos() < times.killedAt()
                            : rpc.sentNanos() >= times.backAt()).map(RpcLoad.Rpc::millis).toList(),
                    "from sending the POST to its answer, in the harness");
            String label = id.equals("before") ? "before the kill" : "after all were back";
            add("rpcP50." + id, "RPC p50, " + label, latency.p50(), "ms", "from sending the POST to its answer, in "
                    + "the harness, of the RPCs of the load sent " + label + " that the API answered 200 ("
                    + latency.count() + ")");
            add("rpcP99." + id, "RPC p99, " + label, latency.p99(), "ms", "as the p50, its 99th percentile");
        }
    }

    /** Puts RPCs into a window by their send time. */
    private record Sorter(List<RpcLoad.Rpc> rpcs, Set<String> held, long killedAt) {

        /** The RPCs sent in [{@code from}, {@code to}), counted by outcome, in a window lasting {@code nanos}. */
        RpcWindow window(String id, String label, long from, long to, long nanos) {
            Map<String, Integer> outcomes = new HashMap<>();
            Map<String, Integer> toHeld = new HashMap<>();
            Map<String, String> examples = new HashMap<>();
            for (RpcLoad.Rpc rpc : rpcs) {
                if (rpc.sentNanos() < from || rpc.sentNanos() >= to) {
                    continue;
                }
                outcomes.merge(rpc.outcome(), 1, Integer::sum);
                if (held.contains(rpc.device())) {
                    toHeld.merge(rpc.outcome(), 1, Integer::sum);
                }
                if (!rpc.outcome().equals(ClusterResults.OK)) {
                    examples.putIfAbsent(rpc.outcome(), "through " + rpc.node() + " to " + rpc.device()
                            + (held.contains(rpc.device()) ? " (held by the killed node)" : "") + ", sent at t="
                            + String.format(Locale.ROOT, "%.2f", (rpc.sentNanos() - killedAt) / 1e9) + " s (the kill at t=0), answered after "
                            + Math.round(rpc.millis()) + " ms: " + rpc.detail());
                }
            }
            return new RpcWindow(id, label, Math.max(0, nanos) / 1e9, outcomes, toHeld, examples);
        }
    }

    private String rate() {
        return String.format(Locale.ROOT, "%.0f", options.rpcPerSecond());
    }

    private static String oneDecimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private void add(String id, String label, double value, String unit, String method) {
        figures.add(new Figure(id, label, new Measured(value, unit, method)));
    }

    StrategyFailover result() {
        return new StrategyFailover(strategy, killed, spreadBefore, spreadAfter, figures, windows);
    }
}
