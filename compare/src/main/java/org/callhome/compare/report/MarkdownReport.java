package org.callhome.compare.report;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.ConfigBurden;
import org.callhome.compare.model.SecurityResult;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * report.md: the comparison in Markdown for slides and working-group mail. Text from the results
 * is escaped so that no renderer reads it as markup; evidence goes into fenced code blocks.
 */
final class MarkdownReport {

    private static final Pattern SPECIAL = Pattern.compile("[\\\\`*_\\[\\]<>|&~#]");
    private static final Pattern BACKTICKS = Pattern.compile("`+");

    private final ComparisonResults results;
    private final StringBuilder md = new StringBuilder();

    private MarkdownReport(ComparisonResults results) {
        this.results = results;
    }

    static String render(ComparisonResults results) {
        return new MarkdownReport(results).render();
    }

    private String render() {
        md.append("# ").append(Headings.TITLE).append("\n\n");
        findings();
        configuration();
        security();
        costs();
        run();
        return md.toString();
    }

    private void findings() {
        heading(2, Headings.FINDINGS);
        md.append(inline(Findings.INTRODUCTION)).append("\n\n");
        for (Finding.Group group : Findings.of(results)) {
            heading(3, group.title());
            group.lead().forEach(lead -> md.append(inline(lead)).append("\n\n"));
            for (Finding finding : group.findings()) {
                md.append("- **").append(inline(finding.subject())).append("**\n");
                finding.lines().forEach(line -> md.append("  - ").append(inline(line)).append('\n'));
                md.append("  - *").append(Headings.WHY).append(":* ").append(inline(finding.matters())).append('\n');
            }
            md.append('\n');
        }
    }

    private void run() {
        heading(2, Headings.RUN);
        facts(RunFacts.of(results));
    }

    private void configuration() {
        heading(2, Headings.CONFIGURATION);
        Columns columns = Columns.forConfig(results);
        if (columns.strategies().isEmpty()) {
            return;
        }
        BurdenRows rows = new BurdenRows(results, columns);
        table(columns.headers(Headings.COUNT), rows.summary(), false);
        heading(3, Headings.KINDS);
        for (long n : rows.byKindDevices()) {
            table(columns.headers(BurdenRows.byKindHeader(n)), rows.byKind(n), false);
        }
        heading(3, Headings.GROWTH);
        table(columns.headers(Headings.DEVICES), rows.growth(), false);
        for (CallHomeStrategy strategy : columns.strategies()) {
            ConfigBurden burden = results.config().get(strategy);
            heading(3, Headings.ITEMS + ": " + strategy.wireName());
            tableOfText(BurdenRows.ITEM_HEADERS, burden.items().stream().map(BurdenRows::item).toList());
            facts(List.of(BurdenRows.bootstrap(burden)));
        }
    }

    private void security() {
        heading(2, Headings.SECURITY);
        List<Scenario> scenarios = Scenario.of(results);
        if (scenarios.isEmpty()) {
            return;
        }
        Columns columns = Columns.forSecurity(results);
        heading(3, Headings.VERDICTS);
        tableOfText(columns.headers(Headings.SCENARIO),
                scenarios.stream().map(scenario -> scenario.overview(columns).asCells(false)).toList());
        for (Scenario scenario : scenarios) {
            heading(3, inline(scenario.title()));
            md.append("**Question:** ").append(inline(scenario.question())).append("\n\n");
            for (SecurityResult result : scenario.results()) {
                heading(4, result.strategy().wireName());
                md.append("**Verdict:** ").append(result.verdict().text()).append(": ")
                        .append(inline(result.summary())).append("\n\n");
                md.append("**Finding:** ").append(inline(result.finding())).append("\n\n");
                evidence(result.evidence());
            }
        }
    }

    private void evidence(List<String> lines) {
        md.append("**Evidence:**");
        if (lines.isEmpty()) {
            md.append(" none\n\n");
            return;
        }
        int longestRun = 0;
        for (String line : lines) {
            Matcher run = BACKTICKS.matcher(line);
            while (run.find()) {
                longestRun = Math.max(longestRun, run.group().length());
            }
        }
        String fence = "`".repeat(Math.max(3, longestRun + 1));
        md.append("\n\n").append(fence).append("text\n");
        lines.forEach(line -> md.append(line).append('\n'));
        md.append(fence).append("\n\n");
    }

    private void costs() {
        heading(2, Headings.COSTS);
        Columns columns = Columns.forCosts(results);
        if (columns.strategies().isEmpty()) {
            return;
        }
        CostRows rows = new CostRows(results, columns);
        facts(rows.runsNote());
        for (LatencyMetric metric : LatencyMetric.values()) {
            heading(3, metric.title());
            table(columns.headers(Headings.STATISTIC), rows.latency(metric), columns.ratio());
            facts(rows.methods(metric));
        }
        for (MeasuredMetric metric : MeasuredMetric.values()) {
            heading(3, metric.title());
            table(columns.headers(Headings.STATISTIC), List.of(rows.measured(metric, CostRows.VALUE)), columns.ratio());
            facts(rows.methods(metric));
        }
    }

    private void heading(int level, String text) {
        md.append("#".repeat(level)).append(' ').append(text).append("\n\n");
    }

    private void facts(List<Fact> facts) {
        if (facts.isEmpty()) {
            return;
        }
        facts.forEach(fact -> md.append("- **").append(inline(fact.label())).append(":** ")
                .append(inline(fact.value())).append('\n'));
        md.append('\n');
    }

    private void table(List<String> headers, List<Row> rows, boolean withRatio) {
        StringBuilder alignment = new StringBuilder("|---|");
        alignment.append("---:|".repeat(headers.size() - 1));
        line(headers);
        md.append(alignment).append('\n');
        rows.forEach(row -> line(row.asCells(withRatio)));
        md.append('\n');
    }

    private void tableOfText(List<String> headers, List<List<String>> rows) {
        line(headers);
        md.append("|---".repeat(headers.size())).append("|\n");
        rows.forEach(this::line);
        md.append('\n');
    }

    private void line(List<String> cells) {
        md.append('|');
        cells.forEach(cell -> md.append(' ').append(inline(cell)).append(" |"));
        md.append('\n');
    }

    /** {@code text} on one line with every character Markdown could read as markup escaped. */
    static String inline(String text) {
        String oneLine = text.strip().replaceAll("\\s*\\R\\s*", " ");
        return SPECIAL.matcher(oneLine).replaceAll(match -> Matcher.quoteReplacement("\\" + match.group()));
    }
}
