package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.callhome.compare.model.Spread;
import org.callhome.compare.model.TrustResults;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The cost findings under one trust model: for each latency's median and each single figure, how the strategies
 * compare by {@link CostComparison}'s rule (one line per ratio column of {@link Columns#forCosts}: the ratio and
 * both figures), or each strategy's figure when no ratio applies. With several runs the figures are medians and
 * their ranges are shown too.
 */
final class CostFindings {

    private final TrustResults trust;
    private final Columns columns;
    private final CostRows rows;
    /** Per ratio column, how many figures came out lower, higher or about the same. */
    private final Map<Columns.Ratio, Map<CostComparison.Outcome, Integer>> tally = new LinkedHashMap<>();

    private CostFindings(TrustResults trust, Columns columns) {
        this.trust = trust;
        this.columns = columns;
        this.rows = new CostRows(trust, columns);
    }

    static Finding.Group of(TrustResults trust, Columns columns) {
        return new CostFindings(trust, columns).group();
    }

    private Finding.Group group() {
        List<Finding> findings = new ArrayList<>();
        for (LatencyMetric metric : LatencyMetric.values()) {
            findings.add(finding(metric.title() + " (median, p50)",
                    rows.latencyFigure(metric, CostRows.P50, "ms"), metric.matters(columns.strategies())));
        }
        for (MeasuredMetric metric : MeasuredMetric.values()) {
            findings.add(finding(metric.title(), rows.measuredFigure(metric), metric.matters()));
        }
        List<String> lead = new ArrayList<>();
        for (Columns.Ratio ratio : columns.ratios()) {
            Map<CostComparison.Outcome, Integer> outcomes = tally.getOrDefault(ratio, Map.of());
            lead.add(ratio.numerator().wireName() + " against " + ratio.denominator().wireName() + ": "
                    + outcomes.getOrDefault(CostComparison.Outcome.LOWER, 0) + " lower, "
                    + outcomes.getOrDefault(CostComparison.Outcome.HIGHER, 0) + " higher, "
                    + outcomes.getOrDefault(CostComparison.Outcome.ABOUT_THE_SAME, 0) + " about the same, of "
                    + findings.size() + " figures (lower is cheaper for all of them).");
        }
        if (columns.hasRatios()) {
            lead.add(CostComparison.RULE);
        }
        int runs = columns.strategies().stream().mapToInt(strategy -> trust.costs().get(strategy).count())
                .max().orElse(1);
        lead.add(runs == 1 ? "One cost run per strategy: run with --repeat N to see the spread."
                : "Figures are medians of " + runs + " cost runs per strategy; the ranges are min-max across them.");
        return new Finding.Group(Headings.under(Headings.FINDINGS_COSTS, trust.trust()), lead, findings);
    }

    private Finding finding(String subject, CostRows.Figure figure, String matters) {
        List<String> lines = new ArrayList<>();
        if (columns.hasRatios()) {
            columns.ratios().forEach(ratio -> lines.add(comparison(figure, ratio)));
        } else {
            for (CallHomeStrategy strategy : columns.strategies()) {
                lines.add(strategy.wireName() + ": " + figure.shown(trust.costs().get(strategy)));
            }
        }
        return new Finding(subject, lines, matters);
    }

    /**
     * E.g. "device-ssh-client 0.81x reverse-ssh (32.50 vs 40.00 ms CPU): device-ssh-client 19%
     * lower", with the runs' ranges after the figures when there are several.
     */
    private String comparison(CostRows.Figure figure, Columns.Ratio ratio) {
        CallHomeStrategy numerator = ratio.numerator();
        CallHomeStrategy denominator = ratio.denominator();
        Spread top = rows.spread(figure, numerator);
        Spread bottom = rows.spread(figure, denominator);
        CostComparison comparison = new CostComparison(top, bottom);
        tally.computeIfAbsent(ratio, each -> new EnumMap<>(CostComparison.Outcome.class))
                .merge(comparison.outcome(), 1, Integer::sum);
        String figures = figure.number().apply(top.median()) + " vs " + figure.withUnit(bottom.median());
        if (top.runs() > 1 || bottom.runs() > 1) {
            figures += "; runs " + range(figure, top) + " vs " + range(figure, bottom);
        }
        String times = comparison.hasRatio() ? Numbers.ratio(top.median(), bottom.median()) + "x " : "against ";
        return numerator.wireName() + " " + times + denominator.wireName() + " (" + figures + "): "
                + comparison.describe(numerator.wireName());
    }

    private static String range(CostRows.Figure figure, Spread spread) {
        return figure.number().apply(spread.min()) + "-" + figure.number().apply(spread.max());
    }
}
