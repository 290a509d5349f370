package org.callhome.compare.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.callhome.shared.cli.BuildInfo;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * What the run was: when, on what, with which options; read from the running JVM and machine.
 *
 * @param build         the version and git commit of the comparison that ran
 * @param repeat        cost runs per strategy (--repeat)
 * @param strategies    the strategies compared, in the order the report shows them
 * @param measuredOrder the order they were measured in, one list per cost run (decided by the seed)
 * @param algorithms    the SSH algorithms negotiated in the run, per strategy ("kex / cipher / mac / host key")
 */
public record RunInfo(BuildInfo build, String startedAt, double durationSeconds, long seed, int devices,
                      boolean quick, int repeat, List<CallHomeStrategy> strategies,
                      List<List<CallHomeStrategy>> measuredOrder, String java, String os,
                      int cpus, String sshLibrary, Map<String, String> cryptoProviders,
                      Map<CallHomeStrategy, String> algorithms) {

    public RunInfo {
        Objects.requireNonNull(build, "build");
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be at least 1, got " + repeat);
        }
        strategies = List.copyOf(strategies);
        measuredOrder = measuredOrder.stream().map(List::copyOf).toList();
        cryptoProviders = Map.copyOf(cryptoProviders);
        algorithms = Map.copyOf(algorithms);
    }

    public JsonObject toJson() {
        JsonArray names = new JsonArray();
        strategies.forEach(strategy -> names.add(strategy.wireName()));
        JsonArray measured = new JsonArray();
        measuredOrder.forEach(order -> measured.add(new JsonArray(order.stream().map(CallHomeStrategy::wireName)
                .toList())));
        JsonObject negotiated = new JsonObject();
        algorithms.forEach((strategy, text) -> negotiated.put(strategy.wireName(), text));
        return new JsonObject().put("version", build.version()).put("commit", build.commit())
                .put("modified", build.dirty()).put("build", build.describe())
                .put("startedAt", startedAt).put("durationSeconds", durationSeconds).put("seed", seed)
                .put("devices", devices).put("quick", quick).put("repeat", repeat).put("strategies", names)
                .put("measuredOrder", measured).put("java", java)
                .put("os", os).put("cpus", cpus).put("sshLibrary", sshLibrary)
                .put("cryptoProviders", new JsonObject(Map.copyOf(cryptoProviders)))
                .put("algorithms", negotiated);
    }
}
