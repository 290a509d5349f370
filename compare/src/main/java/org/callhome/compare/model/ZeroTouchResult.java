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
 * @param trust                 the trust model of the NMS's keys, which decides what trust is conveyed
 * @param managed               the NMS listed the device connected and answered a get-config through it
 * @param bootstrapToManagedMs  from the bootstrap server serving its data to the get-config answer
 * @param startToManagedMs      from starting the device's process to the get-config answer
 * @param conveyedItems         leaves of the conveyed configuration, as served
 * @param conveyedBytes         bytes of the conveyed configuration
 * @param conveyedSecrets       leaves of it that are, or hold, a secret
 * @param conveyed              the leaves' names
 * @param conveyedTrust         what the conveyed files have the device trust the NMS by (its public key,
 *                              an OpenSSH CA key, an X.509 CA certificate, or in tls the NMS's own
 *                              certificate, pinned), as found in them
 * @param learnedBack           what the NMS took from the device's bootstrap-complete, one line
 * @param evidence              what was observed, line by line
 */
public record ZeroTouchResult(CallHomeStrategy strategy, TrustModel trust, boolean managed, long bootstrapToManagedMs,
                              long startToManagedMs, int conveyedItems, int conveyedBytes, int conveyedSecrets,
                              List<String> conveyed, String conveyedTrust, String learnedBack,
                              List<String> evidence) {

    public ZeroTouchResult {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(trust, "trust");
        conveyed = List.copyOf(conveyed);
        Objects.requireNonNull(conveyedTrust, "conveyedTrust");
        Objects.requireNonNull(learnedBack, "learnedBack");
        evidence = List.copyOf(evidence);
    }

    public JsonObject toJson() {
        return new JsonObject().put("strategy", strategy.wireName()).put("trust", trust.wireName())
                .put("managed", managed)
                .put("bootstrapToManagedMs", bootstrapToManagedMs).put("startToManagedMs", startToManagedMs)
                .put("conveyedItems", conveyedItems).put("conveyedBytes", conveyedBytes)
                .put("conveyedSecrets", conveyedSecrets).put("conveyed", new JsonArray(List.copyOf(conveyed)))
                .put("conveyedTrust", conveyedTrust)
                .put("learnedBack", learnedBack).put("evidence", new JsonArray(List.copyOf(evidence)));
    }
}
