package org.callhome.compare.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import org.callhome.compare.model.ConfigItem.Side;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * One strategy under every trust model that configured or measured it (at least two), each
 * against a baseline: pinned keys when they ran, else the first of them. What results.json
 * calls {@code trustComparison.<strategy>}.
 *
 * @param trustModels the trust models' results, in the run's order
 */
public record TrustComparison(CallHomeStrategy strategy, List<TrustResults> trustModels) {

    /**
     * The cost figures compared across trust models, by their names in {@link StrategyCosts#figures}:
     * what a change of trust model can change in a handshake and in an idle session.
     */
    public static final List<String> COST_FIGURES = List.of("bytesToNetconf", "roundTrips", "setup.p50Ms",
            "handshake.p50Ms", "nmsCpuPerSession", "deviceCpuPerSession", "nmsHeapPerIdleSession");

    public TrustComparison {
        Objects.requireNonNull(strategy, "strategy");
        trustModels = List.copyOf(trustModels);
        if (trustModels.size() < 2) {
            throw new IllegalArgumentException("comparing trust models takes two, got " + trustModels.size());
        }
        for (TrustResults trust : trustModels) {
            if (!trust.measured(strategy)) {
                throw new IllegalArgumentException(trust.trust().wireName() + " has nothing for "
                        + strategy.wireName());
            }
        }
    }

    /** What the others are compared against: pinned keys when they ran, else the first trust model. */
    public TrustResults baseline() {
        return trustModels.stream().filter(trust -> trust.trust() == TrustModel.PINNED).findFirst()
                .orElse(trustModels.get(0));
    }

    /** Every trust model but the baseline, in order. */
    public List<TrustResults> others() {
        TrustResults baseline = baseline();
        return trustModels.stream().filter(trust -> trust != baseline).toList();
    }

    /** The median of {@code figure} (one of {@link #COST_FIGURES}) across {@code runs}. */
    public static double median(CostRuns runs, String figure) {
        if (!runs.first().figures().containsKey(figure)) {
            throw new IllegalArgumentException("no cost figure " + figure);
        }
        return runs.spread(costs -> costs.figures().get(figure)).median();
    }

    public JsonObject toJson() {
        JsonArray names = new JsonArray();
        JsonObject configuration = new JsonObject();
        for (TrustResults trust : trustModels) {
            names.add(trust.trust().wireName());
            ConfigBurden burden = trust.config().get(strategy);
            if (burden != null) {
                configuration.put(trust.trust().wireName(), configJson(burden));
            }
        }
        TrustResults baseline = baseline();
        String baselineName = baseline.trust().wireName();
        CostRuns baselineCosts = baseline.costs().get(strategy);
        JsonObject costs = new JsonObject();
        for (TrustResults other : others()) {
            CostRuns otherCosts = other.costs().get(strategy);
            if (baselineCosts == null || otherCosts == null) {
                continue;
            }
            String name = other.trust().wireName();
            JsonObject figures = new JsonObject();
            for (String figure : COST_FIGURES) {
                double value = median(otherCosts, figure);
                double against = median(baselineCosts, figure);
                figures.put(figure, new JsonObject().put(name, value).put(baselineName, against)
                        .put("ratio", against > 0 ? value / against : null));
            }
            costs.put(name, figures);
        }
        return new JsonObject().put("strategy", strategy.wireName()).put("trustModels", names)
                .put("baseline", baselineName).put("configuration", configuration).put("costs", costs);
    }

    private static JsonObject configJson(ConfigBurden burden) {
        return new JsonObject().put("devices", burden.devices())
                .put("nmsValuesForDevices", burden.nmsValuesFor(burden.devices()))
                .put("nmsValuesFor1000", burden.nmsValuesFor(1000))
                .put("nmsPerDeviceParameters", burden.uniquePerDevice(Side.NMS))
                .put("nmsPerDeviceValuesFor1000", burden.nmsPerDeviceValuesFor(1000))
                .put("nmsGrowsWithDevices", burden.nmsGrowsWithDevices())
                .put("nmsOptionalValuesFor1000", burden.nmsOptionalValuesFor(1000))
                .put("nmsLearnedFromEachDevice", burden.nmsLearnedFromEachDevice())
                .put("bootstrapItems", burden.bootstrap().size())
                .put("bootstrapSecrets", burden.bootstrapSecrets());
    }
}
