package org.callhome.compare.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.callhome.shared.cli.BuildInfo;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * What one run of the scale harness ({@code compare scale}) measured: the run, then per strategy
 * every figure with its method, and the goals each figure is held against. Written as the scale
 * run's results.json.
 *
 * @param strategies one entry per strategy, in the order the report shows them
 */
public record ScaleResults(ScaleRunInfo run, List<StrategyScale> strategies) {

    public ScaleResults {
        Objects.requireNonNull(run, "run");
        strategies = List.copyOf(strategies);
    }

    /**
     * The run: when, on what, with which options.
     *
     * @param devices      devices held idle and restarted in the storms (N)
     * @param dialers      concurrent dialers of the sustained run (C)
     * @param seconds      how long the sustained run was measured
     * @param sequential   sequential sessions timed for the single-session latency
     * @param maxStartups  the NMS's --max-startups of each storm
     * @param nmsHeap      the NMS JVM's maximum heap (-Xmx)
     */
    public record ScaleRunInfo(BuildInfo build, String startedAt, double durationSeconds, int devices, int dialers,
                               double seconds, int sequential, List<String> maxStartups, String nmsHeap, String java,
                               String os, int cpus, String sshLibrary, Map<String, String> cryptoProviders) {
        public ScaleRunInfo {
            Objects.requireNonNull(build, "build");
            maxStartups = List.copyOf(maxStartups);
            cryptoProviders = Map.copyOf(cryptoProviders);
        }

        public JsonObject toJson() {
            return new JsonObject().put("version", build.version()).put("commit", build.commit())
                    .put("modified", build.dirty()).put("build", build.describe()).put("startedAt", startedAt)
                    .put("durationSeconds", durationSeconds).put("devices", devices).put("dialers", dialers)
                    .put("sustainedSeconds", seconds).put("sequentialSessions", sequential)
                    .put("maxStartups", new JsonArray(List.copyOf(maxStartups))).put("nmsHeap", nmsHeap)
                    .put("java", java).put("os", os).put("cpus", cpus).put("sshLibrary", sshLibrary)
                    .put("cryptoProviders", new JsonObject(Map.copyOf(cryptoProviders)));
        }
    }

    /**
     * One figure of a strategy: a stable id (its key in results.json), the label the report shows,
     * the value with its unit and method.
     */
    public record Figure(String id, String label, Measured measured) {
        public Figure {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(measured, "measured");
        }
    }

    /**
     * A goal of the issue held against a figure of the run: met when the figure is at most {@code limit}.
     *
     * @param figure the id of the figure it is held against
     */
    public record Goal(String text, String figure, double value, double limit) {
        public Goal {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(figure, "figure");
        }

        public boolean met() {
            return value <= limit;
        }

        public JsonObject toJson() {
            return new JsonObject().put("goal", text).put("figure", figure).put("value", value).put("limit", limit)
                    .put("met", met());
        }
    }

    /**
     * What one strategy measured.
     *
     * @param algorithms the negotiated key exchange, cipher, MAC and host key algorithm
     * @param figures    every figure, in the order the report shows them
     * @param sequentialSetup the single-session setup latency distribution, with its samples
     * @param goals      the goals, each against one of the figures
     */
    public record StrategyScale(CallHomeStrategy strategy, String algorithms, List<Figure> figures,
                                Latency sequentialSetup, List<Goal> goals) {
        public StrategyScale {
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(algorithms, "algorithms");
            figures = List.copyOf(figures);
            Objects.requireNonNull(sequentialSetup, "sequentialSetup");
            goals = List.copyOf(goals);
        }

        public JsonObject toJson() {
            JsonObject byId = new JsonObject();
            figures.forEach(figure -> byId.put(figure.id(), figure.measured().toJson().put("label", figure.label())));
            JsonArray goalArray = new JsonArray();
            goals.forEach(goal -> goalArray.add(goal.toJson()));
            return new JsonObject().put("strategy", strategy.wireName()).put("algorithms", algorithms)
                    .put("figures", byId).put("sequentialSetup", sequentialSetup.toJson()).put("goals", goalArray);
        }
    }

    public JsonObject toJson() {
        JsonArray array = new JsonArray();
        strategies.forEach(strategy -> array.add(strategy.toJson()));
        return new JsonObject().put("run", run.toJson()).put("strategies", array);
    }
}
