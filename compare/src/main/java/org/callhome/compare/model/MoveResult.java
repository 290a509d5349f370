package org.callhome.compare.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * One strategy's device moved from NMS A to NMS B over NETCONF, as the run did it: a candidate edit
 * and a confirmed commit with a persist token sent through A's HTTP API, the device's arrival at B
 * timed, the commit confirmed through B's API with the persist id, and a cancel-commit through B that
 * must find nothing pending.
 *
 * @param strategy         the strategy the device and both NMS ran
 * @param trust            the trust model of the keys (the dimension runs under pinned keys)
 * @param repliedBeforeLeaving whether A got {@code <ok/>} to every RPC it sent before the device left it
 * @param arrivalMillis    from sending the confirmed commit to B's {@code connected} event of the device, in
 *                         milliseconds; negative when the device never arrived
 * @param confirmed        whether B's commit with the persist id was answered {@code <ok/>}
 * @param nothingPending   whether B's cancel-commit then answered that no confirmed commit was pending
 * @param rpcs             the RPCs the NMS sent for the move (A's edit and commit, B's confirming commit)
 * @param bytes            the UTF-8 bytes of those RPCs' operation elements, as sent through the APIs
 * @param changedPath      the element path of what the edit changed, read from the edit sent
 * @param evidence         what was sent and observed, line by line
 */
public record MoveResult(CallHomeStrategy strategy, TrustModel trust, boolean repliedBeforeLeaving,
                         double arrivalMillis, boolean confirmed, boolean nothingPending, int rpcs, long bytes,
                         String changedPath, List<String> evidence) {

    public MoveResult {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(changedPath, "changedPath");
        evidence = List.copyOf(evidence);
    }

    /** Whether the device arrived at B. */
    public boolean arrived() {
        return arrivalMillis >= 0;
    }

    /** Whether the move went through end to end: answered, arrived, confirmed, nothing left pending. */
    public boolean moved() {
        return repliedBeforeLeaving && arrived() && confirmed && nothingPending;
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("strategy", strategy.wireName()).put("trust", trust.wireName())
                .put("repliedBeforeLeaving", repliedBeforeLeaving).put("arrived", arrived());
        if (arrived()) {
            json.put("arrivalMillis", arrivalMillis);
        }
        return json.put("confirmed", confirmed).put("nothingPending", nothingPending).put("moved", moved())
                .put("rpcs", rpcs).put("bytes", bytes).put("changedPath", changedPath)
                .put("evidence", new JsonArray(List.copyOf(evidence)));
    }
}
