package org.callhome.compare.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * One executed zero-touch bootstrap of a factory-fresh device (IDevID and manufacturer CA, nothing
 * else): whether it ended managed with no operator step, how long it took, what the NMS conveyed
 * and what the NMS had to learn back.
 *
 * @param managed               the NMS listed the device connected and answered a get-config through it
 * @param bootstrapToManagedMs  from the bootstrap server serving its data to the get-config answer
 * @param startToManagedMs      from starting the device's process to the get-config answer
 * @param conveyedItems         leaves of the conveyed configuration, as served
 * @param conveyedBytes         bytes of the conveyed configuration
 * @param conveyedSecrets       leaves of it that are, or hold, a secret
 * @param conveyed              the leaves' names
 * @param learnedBack           what the NMS took from the device's bootstrap-complete, one line
 * @param evidence              what was observed, line by line
 */
public record ZeroTouchResult(CallHomeStrategy strategy, boolean managed, long bootstrapToManagedMs,
                              long startToManagedMs, int conveyedItems, int conveyedBytes, int conveyedSecrets,
                              List<String> conveyed, String learnedBack, List<String> evidence) {

    public ZeroTouchResult {
        Objects.requireNonNull(strategy, "strategy");
        conveyed = List.copyOf(conveyed);
        Objects.requireNonNull(learnedBack, "learnedBack");
        evidence = List.copyOf(evidence);
    }

    public JsonObject toJson() {
        return new JsonObject().put("strategy", strategy.wireName()).put("managed", managed)
                .put("bootstrapToManagedMs", bootstrapToManagedMs).put("startToManagedMs", startToManagedMs)
                .put("conveyedItems", conveyedItems).put("conveyedBytes", conveyedBytes)
                .put("conveyedSecrets", conveyedSecrets).put("conveyed", new JsonArray(List.copyOf(conveyed)))
                .put("learnedBack", learnedBack).put("evidence", new JsonArray(List.copyOf(evidence)));
    }
}
