package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.List;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.RunInfo;
import org.callhome.compare.model.TrustComparison;
import org.callhome.compare.model.TrustResults;

/**
 * What a comparison run prints on the terminal when it ends, at most {@value #WIDTH} characters
 * wide: the findings, as in the reports; with several trust models, each strategy's table across
 * them; then under each trust model the key figures with one column per strategy (and the ratios
 * of {@link Columns#RATIOS} whose strategies both ran), the configuration counts and the short
 * verdict per scenario.
 */
public final class SummaryTable {

    static final int WIDTH = 100;

    private SummaryTable() {
    }

    /** The table as lines joined by newlines, ending with one. */
    public static String render(ComparisonResults results) {
        List<String> lines = new ArrayList<>();
        List<Finding.Group> groups = Findings.of(results);
        if (!groups.isEmpty()) {
            underlined(lines, Headings.FINDINGS, "=");
            for (Finding.Group group : groups) {
                lines.add("");
                lines.add(group.title());
                group.lead().forEach(lead -> lines.addAll(TextWrap.lines(lead, WIDTH)));
                group.findings().forEach(finding -> lines.addAll(finding.asText(WIDTH, "  ")));
            }
            lines.add("");
        }
        RunInfo run = results.run();
        List<TrustComparison> comparisons = results.trustComparisons();
        if (!comparisons.isEmpty()) {
            underlined(lines, Headings.TRUST_MODELS, "-");
            for (TrustComparison comparison : comparisons) {
                TrustRows rows = new TrustRows(run, comparison);
                TextTable table = TextTable.labelled(rows.headers());
                rows.rows().forEach(row -> table.add(row.asCells(false)));
                lines.addAll(table.render(WIDTH));
                lines.add("");
            }
        }
        for (TrustResults trust : results.trustModels()) {
            List<String> tables = tables(run, trust);
            List<NotApplicable> gaps = NotApplicable.under(results, trust.trust());
            if (!tables.isEmpty() || !gaps.isEmpty()) {
                underlined(lines, Headings.under(trust.trust()), "-");
                for (NotApplicable gap : gaps) {
                    lines.addAll(TextWrap.lines(gap.sentence(), WIDTH));
                    lines.add("");
                }
                lines.addAll(tables);
            }
        }
        return String.join("\n", lines);
    }

    /** The costs, configuration and verdict tables of one trust model, each followed by an empty line. */
    private static List<String> tables(RunInfo run, TrustResults trust) {
        List<String> lines = new ArrayList<>();
        Columns costColumns = Columns.forCosts(run, trust);
        if (!costColumns.strategies().isEmpty()) {
            TextTable costs = TextTable.labelled(costColumns.headers(Headings.COSTS));
            costRows(trust, costColumns).forEach(row -> costs.add(row.asCells(costColumns.hasRatios())));
            lines.addAll(costs.render(WIDTH));
            lines.add("");
        }
        Columns configColumns = Columns.forConfig(run, trust);
        if (!configColumns.strategies().isEmpty()) {
            TextTable burden = TextTable.labelled(configColumns.headers(Headings.CONFIGURATION));
            new BurdenRows(run, trust, configColumns).summary().forEach(row -> burden.add(row.asCells(false)));
            lines.addAll(burden.render(WIDTH));
            lines.add("");
        }
        List<Scenario> scenarios = Scenario.of(run, trust);
        if (!scenarios.isEmpty()) {
            Columns securityColumns = Columns.forSecurity(run, trust);
            TextTable verdicts = TextTable.text(securityColumns.headers(Headings.SECURITY));
            scenarios.forEach(scenario -> verdicts.add(scenario.overview(securityColumns).asCells(false)));
            lines.addAll(verdicts.render(WIDTH));
            lines.add("");
        }
        return lines;
    }

    private static void underlined(List<String> lines, String title, String rule) {
        lines.add(title);
        lines.add(rule.repeat(title.length()));
    }

    private static List<Row> costRows(TrustResults trust, Columns columns) {
        CostRows rows = new CostRows(trust, columns);
        List<Row> out = new ArrayList<>();
        for (LatencyMetric metric : LatencyMetric.values()) {
            for (CostRows.Statistic statistic : CostRows.PERCENTILES) {
                out.add(rows.latency(metric, statistic, metric.title() + " " + statistic.label()));
            }
        }
        for (MeasuredMetric metric : MeasuredMetric.values()) {
            out.add(rows.measured(metric, metric.title()));
        }
        return out;
    }
}
