package org.callhome.compare.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.callhome.shared.strategy.CallHomeStrategy;

/** Everything one run of the comparison produced; {@link #toJson} is results.json. */
public record ComparisonResults(RunInfo run, Map<CallHomeStrategy, ConfigBurden> config,
                                List<SecurityResult> security, Map<CallHomeStrategy, CostRuns> costs) {

    public ComparisonResults {
        config = Map.copyOf(config);
        security = List.copyOf(security);
        costs = Map.copyOf(costs);
    }

    public JsonObject toJson() {
        JsonObject configJson = new JsonObject();
        JsonObject costsJson = new JsonObject();
        for (CallHomeStrategy strategy : run.strategies()) {
            if (config.containsKey(strategy)) {
                configJson.put(strategy.wireName(), config.get(strategy).toJson());
            }
            if (costs.containsKey(strategy)) {
                costsJson.put(strategy.wireName(), costs.get(strategy).toJson());
            }
        }
        JsonArray securityJson = new JsonArray();
        security.forEach(result -> securityJson.add(result.toJson()));
        return new JsonObject().put("format", "callhome-compare/1").put("run", run.toJson())
                .put("configuration", configJson).put("security", securityJson).put("costs", costsJson);
    }
}
