package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.List;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.ConfigBurden;
import org.callhome.compare.model.RunInfo;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.TrustComparison;
import org.callhome.compare.model.TrustResults;
import org.callhome.compare.model.ZeroTouchResult;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * report.txt: the comparison as plain text of at most {@value #WIDTH} characters a line, laid
 * out like an Internet-Draft (numbered sections, three-space indent) so that any part can be
 * pasted into a draft or a slide. Long text is wrapped, never cut. Each section after the trust
 * models holds one numbered part per trust model.
 */
final class TextReport {

    static final int WIDTH = 72;
    private static final String INDENT = "   ";
    private static final String NESTED = INDENT + INDENT;

    private final ComparisonResults results;
    private final RunInfo run;
    private final List<String> lines = new ArrayList<>();
    /** The number of the current heading at each level: section, subsection, sub-subsection. */
    private final int[] numbers = new int[3];

    private TextReport(ComparisonResults results) {
        this.results = results;
        this.run = results.run();
    }

    static String render(ComparisonResults results) {
        return new TextReport(results).render();
    }

    private String render() {
        lines.add(Headings.TITLE);
        lines.add("=".repeat(Headings.TITLE.length()));
        findings();
        trustModels();
        configuration();
        security();
        bootstrap();
        liveness();
        move();
        costs();
        run();
        return String.join("\n", lines) + "\n";
    }

    private void findings() {
        heading(1, Headings.FINDINGS);
        lines.addAll(TextWrap.hanging(Findings.INTRODUCTION, WIDTH, INDENT, INDENT));
        blank();
        for (Finding.Group group : Findings.of(results)) {
            heading(2, group.title());
            group.lead().forEach(lead -> lines.addAll(TextWrap.hanging(lead, WIDTH, INDENT, INDENT)));
            blank();
            for (Finding finding : group.findings()) {
                lines.addAll(finding.asText(WIDTH, INDENT));
                blank();
            }
        }
    }

    /** One table per strategy that ran under several trust models; no section when none did. */
    private void trustModels() {
        List<TrustComparison> comparisons = results.trustComparisons();
        if (comparisons.isEmpty()) {
            return;
        }
        heading(1, Headings.TRUST_MODELS);
        for (TrustComparison comparison : comparisons) {
            heading(2, comparison.strategy().wireName());
            notes(NotApplicable.of(results, comparison.strategy()));
            TrustRows rows = new TrustRows(run, comparison);
            table(rows.headers(), rows.rows(), false);
        }
    }

    private void run() {
        heading(1, Headings.RUN);
        facts(RunFacts.of(results));
    }

    private void configuration() {
        heading(1, Headings.CONFIGURATION);
        for (TrustResults trust : results.trustModels()) {
            Columns columns = Columns.forConfig(run, trust);
            if (!part(trust, !columns.strategies().isEmpty())) {
                continue;
            }
            BurdenRows rows = new BurdenRows(run, trust, columns);
            table(columns.headers(Headings.COUNT), rows.summary(), false);
            heading(3, Headings.KINDS);
            for (long n : rows.byKindDevices()) {
                table(columns.headers(BurdenRows.byKindHeader(n)), rows.byKind(n), false);
            }
            heading(3, Headings.GROWTH);
            table(columns.headers(Headings.DEVICES), rows.growth(), false);
            for (CallHomeStrategy strategy : columns.strategies()) {
                ConfigBurden burden = trust.config().get(strategy);
                heading(3, Headings.ITEMS + ": " + strategy.wireName());
                TextTable items = TextTable.text(BurdenRows.ITEM_HEADERS);
                burden.items().forEach(item -> items.add(BurdenRows.item(item)));
                indented(items.render(WIDTH - INDENT.length()));
                blank();
                facts(List.of(BurdenRows.bootstrap(burden)));
            }
        }
    }

    private void security() {
        heading(1, Headings.SECURITY);
        for (TrustResults trust : results.trustModels()) {
            List<Scenario> scenarios = Scenario.of(run, trust);
            if (!part(trust, !scenarios.isEmpty())) {
                continue;
            }
            Columns columns = Columns.forSecurity(run, trust);
            heading(3, Headings.VERDICTS);
            // short verdicts are words, not figures: left-aligned
            TextTable verdicts = TextTable.text(columns.headers(Headings.SCENARIO));
            scenarios.forEach(scenario -> verdicts.add(scenario.overview(columns).asCells(false)));
            indented(verdicts.render(WIDTH - INDENT.length()));
            blank();
            scenarios.forEach(this::scenario);
        }
    }

    private void scenario(Scenario scenario) {
        heading(3, scenario.title());
        lines.addAll(TextWrap.hanging(scenario.question(), WIDTH, INDENT + "Question: ", NESTED));
        for (SecurityResult result : scenario.results()) {
            blank();
            lines.add(INDENT + result.strategy().wireName());
            lines.addAll(TextWrap.hanging(result.verdict().text() + ": " + result.summary(), WIDTH,
                    NESTED + "Verdict: ", NESTED + INDENT));
            lines.addAll(TextWrap.hanging(result.finding(), WIDTH, NESTED + "Finding: ", NESTED + INDENT));
            evidence(result.evidence(), NESTED);
        }
        blank();
    }

    /** The zero-touch bootstrap: no section when the run skipped it. */
    private void bootstrap() {
        BootstrapSection.of(results).ifPresent(section -> {
            heading(1, Headings.BOOTSTRAP);
            lines.addAll(TextWrap.hanging(section.introduction(), WIDTH, INDENT, INDENT));
            blank();
            TextTable overview = TextTable.text(BootstrapSection.overviewHeaders());
            section.overview().forEach(overview::add);
            indented(overview.render(WIDTH - INDENT.length()));
            blank();
            for (ZeroTouchResult result : section.zeroTouch()) {
                heading(2, BootstrapSection.title(result));
                facts(BootstrapSection.facts(result));
            }
            if (!section.scenarios().isEmpty()) {
                heading(2, Headings.VERDICTS);
                TextTable verdicts = TextTable.text(section.headers());
                section.verdicts().forEach(verdicts::add);
                indented(verdicts.render(WIDTH - INDENT.length()));
                blank();
            }
        });
    }

    /** tls's liveness against RFC 8071 section 7: no section when the run did not probe it. */
    private void liveness() {
        LivenessSection.of(results).ifPresent(section -> {
            heading(1, Headings.LIVENESS);
            lines.addAll(TextWrap.hanging(section.introduction(), WIDTH, INDENT, INDENT));
            blank();
            facts(section.facts());
            evidence(section.evidence(), INDENT);
            blank();
        });
    }

    /** Moving a device to another NMS over NETCONF: no section when the run moved none. */
    private void move() {
        MoveSection.of(results).ifPresent(section -> {
            heading(1, Headings.MOVE);
            lines.addAll(TextWrap.hanging(MoveSection.METHOD, WIDTH, INDENT, INDENT));
            blank();
            TextTable table = TextTable.text(section.headers());
            section.rows().forEach(table::add);
            indented(table.render(WIDTH - INDENT.length()));
            blank();
            evidence(section.evidence(), INDENT);
            blank();
        });
    }

    /** "Evidence:" after {@code indent}, then each line as an item, or " none". */
    private void evidence(List<String> evidence, String indent) {
        lines.add(indent + Headings.EVIDENCE + ":" + (evidence.isEmpty() ? " none" : ""));
        evidence.forEach(line -> lines.addAll(TextWrap.hanging(line, WIDTH, indent + "- ", indent + "  ")));
    }

    /**
     * Opens {@code trust}'s part of a section when it has {@code content} or strategies it did not
     * run because it does not apply to them: its heading, then a note on each; whether content follows.
     */
    private boolean part(TrustResults trust, boolean content) {
        List<NotApplicable> gaps = NotApplicable.under(results, trust.trust());
        if (!content && gaps.isEmpty()) {
            return false;
        }
        heading(2, Headings.under(trust.trust()));
        notes(gaps);
        return content;
    }

    /** Each strategy a trust model did not run because it does not apply to it, and why: one paragraph each. */
    private void notes(List<NotApplicable> gaps) {
        for (NotApplicable gap : gaps) {
            lines.addAll(TextWrap.hanging(gap.sentence(), WIDTH, INDENT, INDENT));
            blank();
        }
    }

    private void costs() {
        heading(1, Headings.COSTS);
        for (TrustResults trust : results.trustModels()) {
            Columns columns = Columns.forCosts(run, trust);
            if (!part(trust, !columns.strategies().isEmpty())) {
                continue;
            }
            CostRows rows = new CostRows(trust, columns);
            if (!rows.runsNote().isEmpty()) {
                facts(rows.runsNote());
            }
            for (LatencyMetric metric : LatencyMetric.values()) {
                heading(3, metric.title());
                table(columns.headers(Headings.STATISTIC), rows.latency(metric), columns.hasRatios());
                facts(rows.methods(metric));
            }
            for (MeasuredMetric metric : MeasuredMetric.values()) {
                heading(3, metric.title());
                table(columns.headers(Headings.STATISTIC), List.of(rows.measured(metric, CostRows.VALUE)),
                        columns.hasRatios());
                facts(rows.methods(metric));
            }
        }
    }

    /** A numbered heading at {@code level} (1 for a section), e.g. "3.2.1.  Setup latency". */
    private void heading(int level, String title) {
        numbers[level - 1]++;
        for (int deeper = level; deeper < numbers.length; deeper++) {
            numbers[deeper] = 0;
        }
        if (level == 1) {
            blank();
        }
        StringBuilder number = new StringBuilder();
        for (int i = 0; i < level; i++) {
            number.append(numbers[i]).append('.');
        }
        number.append("  ");
        lines.addAll(TextWrap.hanging(title, WIDTH, number.toString(), " ".repeat(number.length())));
        blank();
    }

    private void table(List<String> headers, List<Row> rows, boolean withRatio) {
        TextTable table = TextTable.labelled(headers);
        rows.forEach(row -> table.add(row.asCells(withRatio)));
        indented(table.render(WIDTH - INDENT.length()));
        blank();
    }

    private void facts(List<Fact> facts) {
        TextTable table = TextTable.facts();
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
