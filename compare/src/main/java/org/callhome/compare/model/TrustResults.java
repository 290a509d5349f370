package org.callhome.compare.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * What the strategies produced under one trust model: the configuration each needed, the security
 * scenarios' results, the cost runs and the SSH algorithms each negotiated (with certificates the
 * host-key algorithm is a certificate's).
 *
 * @param algorithms the SSH algorithms negotiated per strategy, "kex / cipher / mac / host key"
 */
public record TrustResults(TrustModel trust, Map<CallHomeStrategy, ConfigBurden> config,
                           List<SecurityResult> security, Map<CallHomeStrategy, CostRuns> costs,
                           Map<CallHomeStrategy, String> algorithms) {

    public TrustResults {
        Objects.requireNonNull(trust, "trust");
        config = Map.copyOf(config);
        security = List.copyOf(security);
        costs = Map.copyOf(costs);
        algorithms = Map.copyOf(algorithms);
    }

    /**
     * {@code first}, then every other strategy this trust model has anything for, in the order of
     * {@link CallHomeStrategy}: so that nothing recorded is left out of a report.
     */
    public List<CallHomeStrategy> strategies(List<CallHomeStrategy> first) {
        List<CallHomeStrategy> order = new ArrayList<>(first);
        Set<CallHomeStrategy> mentioned = EnumSet.noneOf(CallHomeStrategy.class);
        mentioned.addAll(config.keySet());
        mentioned.addAll(costs.keySet());
        mentioned.addAll(algorithms.keySet());
        security.forEach(result -> mentioned.add(result.strategy()));
        mentioned.stream().filter(strategy -> !order.contains(strategy)).forEach(order::add);
        return order;
    }

    /** Whether {@code strategy} has a configuration burden or costs here: something to compare across trust models. */
    public boolean measured(CallHomeStrategy strategy) {
        return config.containsKey(strategy) || costs.containsKey(strategy);
    }

    /**
     * The trust model's part of results.json: {@code configuration}, {@code security}, {@code costs}
     * and {@code algorithms}, strategies in {@link #strategies(List) the order of} {@code order}.
     */
    public JsonObject toJson(List<CallHomeStrategy> order) {
        JsonObject configJson = new JsonObject();
        JsonObject costsJson = new JsonObject();
        JsonObject algorithmsJson = new JsonObject();
        for (CallHomeStrategy strategy : strategies(order)) {
            if (config.containsKey(strategy)) {
                configJson.put(strategy.wireName(), config.get(strategy).toJson());
            }
            if (costs.containsKey(strategy)) {
                costsJson.put(strategy.wireName(), costs.get(strategy).toJson());
            }
            if (algorithms.containsKey(strategy)) {
                algorithmsJson.put(strategy.wireName(), algorithms.get(strategy));
            }
        }
        JsonArray securityJson = new JsonArray();
        security.forEach(result -> securityJson.add(result.toJson()));
        return new JsonObject().put("configuration", configJson).put("security", securityJson)
                .put("costs", costsJson).put("algorithms", algorithmsJson);
    }
}
