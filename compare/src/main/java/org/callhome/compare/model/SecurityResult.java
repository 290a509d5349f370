package org.callhome.compare.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The outcome of one security scenario run against one strategy: a verdict decided by what the
 * scenario observed, a one-line finding, and the evidence (errors returned, log lines, events).
 *
 * @param scenario a stable id, e.g. "rogue-nms"
 * @param question what the scenario asks, e.g. "Does the device reveal a credential or data to an
 *                 endpoint without the NMS's keys?"
 */
public record SecurityResult(String scenario, String title, String question, CallHomeStrategy strategy,
                             Verdict verdict, String finding, List<String> evidence) {

    /** What the scenario found. */
    public enum Verdict {
        /** The attack failed: the property holds. */
        HOLDS("holds"),
        /** The attack succeeded, or the property does not hold. */
        FAILS("fails"),
        /** A difference in kind rather than pass/fail; the finding says what. */
        DIFFERS("see finding"),
        /** The scenario could not run here (a peer is missing); the finding says why. */
        NOT_RUN("not run");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public SecurityResult {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(finding, "finding");
        evidence = List.copyOf(evidence);
    }

    public JsonObject toJson() {
        return new JsonObject().put("scenario", scenario).put("title", title).put("question", question)
                .put("strategy", strategy.wireName()).put("verdict", verdict.name()).put("verdictText", verdict.text())
                .put("finding", finding).put("evidence", new JsonArray(List.copyOf(evidence)));
    }
}
