package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.List;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.ConfigBurden;
import org.callhome.compare.model.SecurityResult;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * report.txt: the comparison as plain text of at most {@value #WIDTH} characters a line, laid
 * out like an Internet-Draft (numbered sections, three-space indent) so that any part can be
 * pasted into a draft or a slide. Long text is wrapped, never cut.
 */
final class TextReport {

    static final int WIDTH = 72;
    private static final String INDENT = "   ";
    private static final String NESTED = INDENT + INDENT;

    private final ComparisonResults results;
    private final List<String> lines = new ArrayList<>();
    private int section;
    private int subsection;

    private TextReport(ComparisonResults results) {
        this.results = results;
    }

    static String render(ComparisonResults results) {
        return new TextReport(results).render();
    }

    private String render() {
        lines.add(Headings.TITLE);
        lines.add("=".repeat(Headings.TITLE.length()));
        findings();
        configuration();
        security();
        costs();
        run();
        return String.join("\n", lines) + "\n";
    }

    private void findings() {
        section(Headings.FINDINGS);
        lines.addAll(TextWrap.hanging(Findings.INTRODUCTION, WIDTH, INDENT, INDENT));
        blank();
        for (Finding.Group group : Findings.of(results)) {
            subsection(group.title());
            group.lead().forEach(lead -> lines.addAll(TextWrap.hanging(lead, WIDTH, INDENT, INDENT)));
            blank();
            for (Finding finding : group.findings()) {
                lines.addAll(finding.asText(WIDTH, INDENT));
                blank();
            }
        }
    }

    private void run() {
        section(Headings.RUN);
        facts(RunFacts.of(results));
    }

    private void configuration() {
        section(Headings.CONFIGURATION);
        Columns columns = Columns.forConfig(results);
        if (columns.strategies().isEmpty()) {
            return;
        }
        BurdenRows rows = new BurdenRows(results, columns);
        table(columns.headers(Headings.COUNT), rows.summary(), false);
        subsection(Headings.KINDS);
        for (long n : rows.byKindDevices()) {
            table(columns.headers(BurdenRows.byKindHeader(n)), rows.byKind(n), false);
        }
        subsection(Headings.GROWTH);
        table(columns.headers(Headings.DEVICES), rows.growth(), false);
        for (CallHomeStrategy strategy : columns.strategies()) {
            ConfigBurden burden = results.config().get(strategy);
            subsection(Headings.ITEMS + ": " + strategy.wireName());
            TextTable items = TextTable.text(BurdenRows.ITEM_HEADERS);
            burden.items().forEach(item -> items.add(BurdenRows.item(item)));
            indented(items.render(WIDTH - INDENT.length()));
            blank();
            facts(List.of(BurdenRows.bootstrap(burden)));
        }
    }

    private void security() {
        section(Headings.SECURITY);
        List<Scenario> scenarios = Scenario.of(results);
        if (scenarios.isEmpty()) {
            return;
        }
        Columns columns = Columns.forSecurity(results);
        subsection(Headings.VERDICTS);
        // short verdicts are words, not figures: left-aligned
        TextTable verdicts = TextTable.text(columns.headers(Headings.SCENARIO));
        scenarios.forEach(scenario -> verdicts.add(scenario.overview(columns).asCells(false)));
        indented(verdicts.render(WIDTH - INDENT.length()));
        blank();
        for (Scenario scenario : scenarios) {
            subsection(scenario.title());
            lines.addAll(TextWrap.hanging(scenario.question(), WIDTH, INDENT + "Question: ", NESTED));
            for (SecurityResult result : scenario.results()) {
                blank();
                lines.add(INDENT + result.strategy().wireName());
                lines.addAll(TextWrap.hanging(result.verdict().text() + ": " + result.summary(), WIDTH,
                        NESTED + "Verdict: ", NESTED + INDENT));
                lines.addAll(TextWrap.hanging(result.finding(), WIDTH, NESTED + "Finding: ", NESTED + INDENT));
                lines.add(NESTED + "Evidence:" + (result.evidence().isEmpty() ? " none" : ""));
                result.evidence().forEach(evidence ->
                        lines.addAll(TextWrap.hanging(evidence, WIDTH, NESTED + "- ", NESTED + "  ")));
            }
            blank();
        }
    }

    private void costs() {
        section(Headings.COSTS);
        Columns columns = Columns.forCosts(results);
        if (columns.strategies().isEmpty()) {
            return;
        }
        CostRows rows = new CostRows(results, columns);
        if (!rows.runsNote().isEmpty()) {
            facts(rows.runsNote());
        }
        for (LatencyMetric metric : LatencyMetric.values()) {
            subsection(metric.title());
            table(columns.headers(Headings.STATISTIC), rows.latency(metric), columns.ratio());
            facts(rows.methods(metric));
        }
        for (MeasuredMetric metric : MeasuredMetric.values()) {
            subsection(metric.title());
            table(columns.headers(Headings.STATISTIC), List.of(rows.measured(metric, CostRows.VALUE)), columns.ratio());
            facts(rows.methods(metric));
        }
    }

    private void section(String title) {
        section++;
        subsection = 0;
        blank();
        heading(section + ".  ", title);
    }

    private void subsection(String title) {
        subsection++;
        heading(section + "." + subsection + ".  ", title);
    }

    private void heading(String number, String title) {
        lines.addAll(TextWrap.hanging(title, WIDTH, number, " ".repeat(number.length())));
        blank();
    }

    private void table(List<String> headers, List<Row> rows, boolean withRatio) {
        TextTable table = TextTable.labelled(headers);
        rows.forEach(row -> table.add(row.asCells(withRatio)));
        indented(table.render(WIDTH - INDENT.length()));
        blank();
    }

    private void facts(List<Fact> facts) {
        TextTable table = TextTable.text(List.of("", ""));
        facts.forEach(fact -> table.add(List.of(fact.label() + ":", fact.value())));
        indented(table.renderRows(WIDTH - INDENT.length()));
        blank();
    }

    private void indented(List<String> block) {
        block.forEach(line -> lines.add(line.isEmpty() ? "" : INDENT + line));
    }

    private void blank() {
        if (!lines.isEmpty() && !lines.get(lines.size() - 1).isEmpty()) {
            lines.add("");
        }
    }
}
