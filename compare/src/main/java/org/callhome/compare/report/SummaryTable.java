package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.List;
import org.callhome.compare.model.ComparisonResults;

/**
 * What a comparison run prints on the terminal when it ends, at most {@value #WIDTH} characters
 * wide: the findings, as in the reports, then the key figures with one column per strategy (and
 * their ratio when both ran), the configuration counts and the short verdict per scenario.
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
            lines.add(Headings.FINDINGS);
            lines.add("=".repeat(Headings.FINDINGS.length()));
            for (Finding.Group group : groups) {
                lines.add("");
                lines.add(group.title());
                group.lead().forEach(lead -> lines.addAll(TextWrap.lines(lead, WIDTH)));
                group.findings().forEach(finding -> lines.addAll(finding.asText(WIDTH, "  ")));
            }
            lines.add("");
        }
        Columns costColumns = Columns.forCosts(results);
        if (!costColumns.strategies().isEmpty()) {
            TextTable costs = TextTable.labelled(costColumns.headers(Headings.COSTS));
            costRows(results, costColumns).forEach(row -> costs.add(row.asCells(costColumns.ratio())));
            lines.addAll(costs.render(WIDTH));
            lines.add("");
        }
        Columns configColumns = Columns.forConfig(results);
        if (!configColumns.strategies().isEmpty()) {
            TextTable burden = TextTable.labelled(configColumns.headers(Headings.CONFIGURATION));
            new BurdenRows(results, configColumns).summary().forEach(row -> burden.add(row.asCells(false)));
            lines.addAll(burden.render(WIDTH));
            lines.add("");
        }
        List<Scenario> scenarios = Scenario.of(results);
        if (!scenarios.isEmpty()) {
            Columns securityColumns = Columns.forSecurity(results);
            TextTable verdicts = TextTable.text(securityColumns.headers(Headings.SECURITY));
            scenarios.forEach(scenario -> verdicts.add(scenario.overview(securityColumns).asCells(false)));
            lines.addAll(verdicts.render(WIDTH));
            lines.add("");
        }
        return String.join("\n", lines);
    }

    private static List<Row> costRows(ComparisonResults results, Columns columns) {
        CostRows rows = new CostRows(results, columns);
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
