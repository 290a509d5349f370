package org.callhome.compare.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * What the run was: when, on what, with which options; read from the running JVM and machine.
 *
 * @param strategies    the strategies compared, in the order the report shows them
 * @param measuredOrder the order they were measured in (decided by the seed)
 * @param algorithms    the SSH algorithms negotiated in the run, per strategy ("kex / cipher / mac / host key")
 */
public record RunInfo(String startedAt, double durationSeconds, long seed, int devices, boolean quick,
                      List<CallHomeStrategy> strategies, List<CallHomeStrategy> measuredOrder, String java, String os,
                      int cpus, String sshLibrary, Map<String, String> cryptoProviders,
                      Map<CallHomeStrategy, String> algorithms) {

    public RunInfo {
        strategies = List.copyOf(strategies);
        measuredOrder = List.copyOf(measuredOrder);
        cryptoProviders = Map.copyOf(cryptoProviders);
        algorithms = Map.copyOf(algorithms);
    }

    public JsonObject toJson() {
        JsonArray names = new JsonArray();
        strategies.forEach(strategy -> names.add(strategy.wireName()));
        JsonArray measured = new JsonArray();
        measuredOrder.forEach(strategy -> measured.add(strategy.wireName()));
        JsonObject negotiated = new JsonObject();
        algorithms.forEach((strategy, text) -> negotiated.put(strategy.wireName(), text));
        return new JsonObject().put("startedAt", startedAt).put("durationSeconds", durationSeconds).put("seed", seed)
                .put("devices", devices).put("quick", quick).put("strategies", names).put("measuredOrder", measured).put("java", java)
                .put("os", os).put("cpus", cpus).put("sshLibrary", sshLibrary)
                .put("cryptoProviders", new JsonObject(Map.copyOf(cryptoProviders)))
                .put("algorithms", negotiated);
    }
}
