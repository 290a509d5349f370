package org.callhome.compare.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.callhome.compare.model.ScaleResults.Figure;
import org.callhome.shared.cli.BuildInfo;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * What one run of the cluster failover scenario ({@code compare cluster}) measured: the run, then
 * per strategy how the fleet spread over the nodes, which node was killed, every figure with its
 * method, and the RPCs' outcomes in each window of the run. Written as the run's results.json.
 *
 * @param strategies one entry per strategy, in the order the report shows them
 */
public record ClusterResults(ClusterRunInfo run, List<StrategyFailover> strategies) {

    /** The outcome of an RPC that the API answered with 200: the device's reply passed on. */
    public static final String OK = "200";

    public ClusterResults {
        Objects.requireNonNull(run, "run");
        strategies = List.copyOf(strategies);
    }

    /**
     * The run: when, on what, with which options.
     *
     * @param devices        devices in the fleet (N)
     * @param nodes          NMS nodes in the cluster
     * @param rpcPerSecond   the RPC load's fixed rate
     * @param beforeSeconds  how long the load ran before the kill
     * @param afterSeconds   how long it ran on once every device was back
     * @param maxAttempts    the devices' max-attempts per endpoint (reconnect strategy random-selection)
     * @param nmsHeap        each node's maximum heap (-Xmx)
     */
    public record ClusterRunInfo(BuildInfo build, String startedAt, double durationSeconds, int devices, int nodes,
                                 double rpcPerSecond, double beforeSeconds, double afterSeconds, int maxAttempts,
                                 String nmsHeap, String java, String os, int cpus) {
        public ClusterRunInfo {
            Objects.requireNonNull(build, "build");
        }

        public JsonObject toJson() {
            return new JsonObject().put("version", build.version()).put("commit", build.commit())
                    .put("modified", build.dirty()).put("build", build.describe()).put("startedAt", startedAt)
                    .put("durationSeconds", durationSeconds).put("devices", devices).put("nodes", nodes)
                    .put("rpcPerSecond", rpcPerSecond).put("beforeSeconds", beforeSeconds)
                    .put("afterSeconds", afterSeconds).put("maxAttempts", maxAttempts).put("nmsHeap", nmsHeap)
                    .put("java", java).put("os", os).put("cpus", cpus);
        }
    }

    /**
     * The RPCs sent in one window of the run, counted by outcome: the HTTP status ("200", "409",
     * "502", "504"...) or "no answer".
     *
     * @param id            its key in results.json: before, failover, after
     * @param label         how the report names it
     * @param seconds       how long the window lasted
     * @param outcomes      every RPC sent in the window, by outcome
     * @param killedDevices of those, the RPCs to devices the killed node held at the kill, by outcome
     * @param examples      for each outcome but 200, the first such RPC of the window: through which node,
     *                      to which device, after how long, and what the API said
     */
    public record RpcWindow(String id, String label, double seconds, Map<String, Integer> outcomes,
                            Map<String, Integer> killedDevices, Map<String, String> examples) {
        public RpcWindow {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(label, "label");
            outcomes = Map.copyOf(outcomes);
            killedDevices = Map.copyOf(killedDevices);
            examples = Map.copyOf(examples);
        }

        /** RPCs sent in the window. */
        public int total() {
            return outcomes.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** RPCs answered 200. */
        public int ok() {
            return outcomes.getOrDefault(OK, 0);
        }

        /** The share answered 200, 0..1; 1 for a window without RPCs (none failed). */
        public double successRatio() {
            return total() == 0 ? 1 : ok() / (double) total();
        }

        public JsonObject toJson() {
            return new JsonObject().put("label", label).put("seconds", seconds).put("sent", total()).put("ok", ok())
                    .put("successRatio", successRatio()).put("outcomes", new JsonObject(new TreeMap<>(outcomes)))
                    .put("toKilledNodesDevices", new JsonObject(new TreeMap<>(killedDevices)))
                    .put("examples", new JsonObject(new TreeMap<>(examples)));
        }
    }

    /**
     * What one strategy measured.
     *
     * @param killed       the name of the node killed (the one holding the most devices)
     * @param spreadBefore devices held by each node before the kill, by node name
     * @param spreadAfter  devices held by each node once every device was back, by node name
     * @param figures      every figure, in the order the report shows them
     * @param rpcs         the RPC windows: before the kill, the failover, after it
     */
    public record StrategyFailover(CallHomeStrategy strategy, String killed, Map<String, Integer> spreadBefore,
                                   Map<String, Integer> spreadAfter, List<Figure> figures, List<RpcWindow> rpcs) {
        public StrategyFailover {
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(killed, "killed");
            spreadBefore = Map.copyOf(spreadBefore);
            spreadAfter = Map.copyOf(spreadAfter);
            figures = List.copyOf(figures);
            rpcs = List.copyOf(rpcs);
        }

        public JsonObject toJson() {
            JsonObject byId = new JsonObject();
            figures.forEach(figure -> byId.put(figure.id(), figure.measured().toJson().put("label", figure.label())));
            JsonObject windows = new JsonObject();
            rpcs.forEach(window -> windows.put(window.id(), window.toJson()));
            return new JsonObject().put("strategy", strategy.wireName()).put("killed", killed)
                    .put("spreadBefore", new JsonObject(new TreeMap<>(spreadBefore)))
                    .put("spreadAfter", new JsonObject(new TreeMap<>(spreadAfter))).put("figures", byId)
                    .put("rpcs", windows);
        }
    }

    public JsonObject toJson() {
        JsonArray array = new JsonArray();
        strategies.forEach(strategy -> array.add(strategy.toJson()));
        return new JsonObject().put("run", run.toJson()).put("strategies", array);
    }
}
