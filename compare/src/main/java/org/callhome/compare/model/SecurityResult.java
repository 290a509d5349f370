package org.callhome.compare.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The outcome of one security scenario run against one strategy: a verdict decided by what the
 * scenario observed, a short verdict and a one-line finding saying what it observed, and the
 * evidence (errors returned, log lines, events).
 *
 * @param scenario a stable id, e.g. "rogue-nms"
 * @param question what the scenario asks, e.g. "Does the device reveal a credential or data to an
 *                 endpoint without the NMS's keys?"
 * @param matters  why the answer matters to an operator, one sentence (the same for every strategy)
 * @param summary  the short verdict, a few words computed from what the run observed, e.g. "NMS
 *                 gives each device a login"; it changes whenever the outcome does
 */
public record SecurityResult(String scenario, String title, String question, String matters,
                             CallHomeStrategy strategy, Verdict verdict, String summary, String finding,
                             List<String> evidence) {

    /** What the scenario found. */
    public enum Verdict {
        /** The attack failed: the property holds. */
        HOLDS("holds"),
        /** The attack succeeded, or the property does not hold. */
        FAILS("fails"),
        /** A difference in kind rather than pass/fail; the summary says what. */
        DIFFERS("differs"),
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
        Objects.requireNonNull(matters, "matters");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(finding, "finding");
        evidence = List.copyOf(evidence);
    }

    /**
     * The verdict as a table cell: the short verdict alone for a difference in kind, else the
     * verdict and then the short verdict, e.g. "holds: device refused the rogue, sent it nothing".
     */
    public String shortVerdict() {
        return verdict == Verdict.DIFFERS ? summary : verdict.text() + ": " + summary;
    }

    public JsonObject toJson() {
        return new JsonObject().put("scenario", scenario).put("title", title).put("question", question)
                .put("matters", matters).put("strategy", strategy.wireName()).put("verdict", verdict.name())
                .put("verdictText", verdict.text()).put("summary", summary).put("finding", finding)
                .put("evidence", new JsonArray(List.copyOf(evidence)));
    }
}
