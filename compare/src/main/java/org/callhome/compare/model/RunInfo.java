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
 * @param trustModels   the trust models every strategy was run under, in the order the report shows them
 * @param measuredOrder the order they were measured in, one list per cost run (decided by the seed)
 */
public record RunInfo(BuildInfo build, String startedAt, double durationSeconds, long seed, int devices,
                      boolean quick, int repeat, List<CallHomeStrategy> strategies, List<TrustModel> trustModels,
                      List<List<CallHomeStrategy>> measuredOrder, String java, String os,
                      int cpus, String sshLibrary, Map<String, String> cryptoProviders) {

    public RunInfo {
        Objects.requireNonNull(build, "build");
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be at least 1, got " + repeat);
        }
        strategies = List.copyOf(strategies);
        trustModels = List.copyOf(trustModels);
        measuredOrder = measuredOrder.stream().map(List::copyOf).toList();
        cryptoProviders = Map.copyOf(cryptoProviders);
    }

    public JsonObject toJson() {
        JsonArray names = new JsonArray();
        strategies.forEach(strategy -> names.add(strategy.wireName()));
        JsonArray measured = new JsonArray();
        measuredOrder.forEach(order -> measured.add(new JsonArray(order.stream().map(CallHomeStrategy::wireName)
                .toList())));
        JsonArray trust = new JsonArray();
        trustModels.forEach(model -> trust.add(model.wireName()));
        return new JsonObject().put("version", build.version()).put("commit", build.commit())
                .put("modified", build.dirty()).put("build", build.describe())
                .put("startedAt", startedAt).put("durationSeconds", durationSeconds).put("seed", seed)
                .put("devices", devices).put("quick", quick).put("repeat", repeat).put("strategies", names)
                .put("trustModels", trust).put("measuredOrder", measured).put("java", java)
                .put("os", os).put("cpus", cpus).put("sshLibrary", sshLibrary)
                .put("cryptoProviders", new JsonObject(Map.copyOf(cryptoProviders)));
    }
}
