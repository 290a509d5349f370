package org.callhome.compare.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * Every cost run of one strategy (one per --repeat), in the order they ran. Reports show each
 * figure as the median across the runs with its {@link Spread}, so that the noise of one machine
 * is visible next to the difference between strategies.
 */
public record CostRuns(CallHomeStrategy strategy, List<StrategyCosts> runs) {

    public CostRuns {
        runs = List.copyOf(runs);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no cost run for " + strategy.wireName());
        }
        for (StrategyCosts run : runs) {
            if (run.strategy() != strategy) {
                throw new IllegalArgumentException("a " + run.strategy().wireName() + " run among "
                        + strategy.wireName() + "'s");
            }
        }
    }

    /** The first run: where the methods (the same in every run) are read. */
    public StrategyCosts first() {
        return runs.get(0);
    }

    public int count() {
        return runs.size();
    }

    /** {@code figure} of every run, as a spread. */
    public Spread spread(ToDoubleFunction<StrategyCosts> figure) {
        return Spread.of(runs.stream().map(figure::applyAsDouble).toList());
    }

    public JsonObject toJson() {
        JsonObject spread = new JsonObject();
        for (String figure : first().figures().keySet()) {
            spread.put(figure, spread(run -> run.figures().get(figure)).toJson());
        }
        JsonArray each = new JsonArray();
        runs.forEach(run -> each.add(run.toJson()));
        return new JsonObject().put("strategy", strategy.wireName()).put("devices", first().devices())
                .put("repeat", runs.size()).put("spread", spread).put("runs", each);
    }
}
