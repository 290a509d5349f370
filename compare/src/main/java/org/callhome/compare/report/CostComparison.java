package org.callhome.compare.report;

import java.util.Locale;
import java.util.Optional;
import org.callhome.compare.model.Spread;

/**
 * Whether two strategies differ on one cost figure, by the rule every report states
 * ({@link #RULE}): they differ only when the ratio of their medians is more than
 * {@value #SAME_WITHIN_PERCENT}% away from 1 and, with several runs, their min-max ranges do not
 * overlap. A ratio needs a positive denominator and a numerator of at least zero; otherwise the
 * two medians are only compared.
 */
record CostComparison(Spread numerator, Spread denominator) {

    static final int SAME_WITHIN_PERCENT = 10;
    static final String RULE = "Two figures count as about the same when their ratio is within "
            + SAME_WITHIN_PERCENT + "% of 1 or, with several runs (--repeat), when the ranges of their runs overlap.";

    /** How the numerator's figure compares with the denominator's; lower is cheaper for every cost. */
    enum Outcome { LOWER, HIGHER, ABOUT_THE_SAME }

    boolean hasRatio() {
        return denominator.median() > 0 && numerator.median() >= 0;
    }

    double ratio() {
        return numerator.median() / denominator.median();
    }

    Outcome outcome() {
        if (sameBecause().isPresent()) {
            return Outcome.ABOUT_THE_SAME;
        }
        return numerator.median() < denominator.median() ? Outcome.LOWER : Outcome.HIGHER;
    }

    /** E.g. "device-ssh-client 19% lower", "about the same (within 10%)". */
    String describe(String numeratorName) {
        Optional<String> same = sameBecause();
        if (same.isPresent()) {
            return same.get();
        }
        return numeratorName + " " + difference();
    }

    /** The outcome in a few words, without naming the numerator: "the same", "about the same", "19% lower". */
    String brief() {
        if (numerator.median() == denominator.median()) {
            return "the same";
        }
        return sameBecause().isPresent() ? "about the same" : difference();
    }

    /** "19% lower", or "lower" without a ratio: for two figures that differ. */
    private String difference() {
        String direction = outcome() == Outcome.LOWER ? "lower" : "higher";
        if (!hasRatio()) {
            return direction;
        }
        double percent = Math.abs(ratio() - 1) * 100;
        // near the limit a whole percent could round down to it and read as "within"
        String shown = Math.round(percent) <= SAME_WITHIN_PERCENT ? String.format(Locale.ROOT, "%.1f", percent)
                : Long.toString(Math.round(percent));
        return shown + "% " + direction;
    }

    /** Why the two count as about the same, or empty when they differ. */
    private Optional<String> sameBecause() {
        if (numerator.median() == denominator.median()) {
            return Optional.of("the same");
        }
        // the tolerance keeps a ratio of exactly 1.10, as printed, from failing on a rounding error
        if (hasRatio() && Math.abs(ratio() - 1) <= SAME_WITHIN_PERCENT / 100.0 + 1e-9) {
            return Optional.of("about the same (within " + SAME_WITHIN_PERCENT + "%)");
        }
        if (numerator.runs() > 1 && numerator.overlaps(denominator)) {
            return Optional.of("about the same (the ranges of their runs overlap)");
        }
        return Optional.empty();
    }
}
