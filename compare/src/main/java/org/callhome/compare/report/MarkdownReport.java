package org.callhome.compare.report;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.ConfigBurden;
import org.callhome.compare.model.RunInfo;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.TrustComparison;
import org.callhome.compare.model.TrustResults;
import org.callhome.compare.model.ZeroTouchResult;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * report.md: the comparison in Markdown for slides and working-group mail. Text from the results
 * is escaped so that no renderer reads it as markup; evidence goes into fenced code blocks. Each
 * section after the trust models holds one part per trust model, under its own heading.
 */
final class MarkdownReport {

    private static final Pattern SPECIAL = Pattern.compile("[\\\\`*_\\[\\]<>|&~#]");
    private static final Pattern BACKTICKS = Pattern.compile("`+");

    private final ComparisonResults results;
    private final RunInfo run;
    private final StringBuilder md = new StringBuilder();

    private MarkdownReport(ComparisonResults results) {
        this.results = results;
        this.run = results.run();
    }

    static String render(ComparisonResults results) {
        return new MarkdownReport(results).render();
    }

    private String render() {
        md.append("# ").append(Headings.TITLE).append("\n\n");
        findings();
        trustModels();
        configuration();
        security();
        bootstrap();
        liveness();
        move();
        costs();
        run();
        return md.toString();
    }

    private void findings() {
        heading(2, Headings.FINDINGS);
        md.append(inline(Findings.INTRODUCTION)).append("\n\n");
        for (Finding.Group group : Findings.of(results)) {
            heading(3, inline(group.title()));
            group.lead().forEach(lead -> md.append(inline(lead)).append("\n\n"));
            for (Finding finding : group.findings()) {
                md.append("- **").append(inline(finding.subject())).append("**\n");
                finding.lines().forEach(line -> md.append("  - ").append(inline(line)).append('\n'));
                md.append("  - *").append(Headings.WHY).append(":* ").append(inline(finding.matters())).append('\n');
            }
            md.append('\n');
        }
    }

    /** One table per strategy that ran under several trust models; no section when none did. */
    private void trustModels() {
        List<TrustComparison> comparisons = results.trustComparisons();
        if (comparisons.isEmpty()) {
            return;
        }
        heading(2, Headings.TRUST_MODELS);
        for (TrustComparison comparison : comparisons) {
            heading(3, comparison.strategy().wireName());
            notes(NotApplicable.of(results, comparison.strategy()));
            TrustRows rows = new TrustRows(run, comparison);
            table(rows.headers(), rows.rows(), false);
        }
    }

    private void run() {
        heading(2, Headings.RUN);
        facts(RunFacts.of(results));
    }

    private void configuration() {
        heading(2, Headings.CONFIGURATION);
        for (TrustResults trust : results.trustModels()) {
            Columns columns = Columns.forConfig(run, trust);
            if (!part(trust, !columns.strategies().isEmpty())) {
                continue;
            }
            BurdenRows rows = new BurdenRows(run, trust, columns);
            table(columns.headers(Headings.COUNT), rows.summary(), false);
            heading(4, Headings.KINDS);
            for (long n : rows.byKindDevices()) {
                table(columns.headers(BurdenRows.byKindHeader(n)), rows.byKind(n), false);
            }
            heading(4, Headings.GROWTH);
            table(columns.headers(Headings.DEVICES), rows.growth(), false);
            for (CallHomeStrategy strategy : columns.strategies()) {
                ConfigBurden burden = trust.config().get(strategy);
                heading(4, Headings.ITEMS + ": " + strategy.wireName());
                tableOfText(BurdenRows.ITEM_HEADERS, burden.items().stream().map(BurdenRows::item).toList());
                facts(List.of(BurdenRows.bootstrap(burden)));
            }
        }
    }

    private void security() {
        heading(2, Headings.SECURITY);
        for (TrustResults trust : results.trustModels()) {
            List<Scenario> scenarios = Scenario.of(run, trust);
            if (!part(trust, !scenarios.isEmpty())) {
                continue;
            }
            Columns columns = Columns.forSecurity(run, trust);
            heading(4, Headings.VERDICTS);
            tableOfText(columns.headers(Headings.SCENARIO),
                    scenarios.stream().map(scenario -> scenario.overview(columns).asCells(false)).toList());
            for (Scenario scenario : scenarios) {
                heading(4, inline(scenario.title()));
                md.append("**Question:** ").append(inline(scenario.question())).append("\n\n");
                for (SecurityResult result : scenario.results()) {
                    heading(5, result.strategy().wireName());
                    md.append("**Verdict:** ").append(result.verdict().text()).append(": ")
                            .append(inline(result.summary())).append("\n\n");
                    md.append("**Finding:** ").append(inline(result.finding())).append("\n\n");
                    evidence(result.evidence());
                }
            }
        }
    }

    /** The zero-touch bootstrap: no section when the run skipped it. */
    private void bootstrap() {
        BootstrapSection.of(results).ifPresent(section -> {
            heading(2, Headings.BOOTSTRAP);
            md.append(inline(section.introduction())).append("\n\n");
            tableOfText(BootstrapSection.overviewHeaders(), section.overview());
            for (ZeroTouchResult result : section.zeroTouch()) {
                heading(3, inline(BootstrapSection.title(result)));
                facts(BootstrapSection.facts(result));
            }
            if (!section.scenarios().isEmpty()) {
                heading(3, Headings.VERDICTS);
                tableOfText(section.headers(), section.verdicts());
            }
        });
    }

    /** tls's liveness against RFC 8071 section 7: no section when the run did not probe it. */
    private void liveness() {
        LivenessSection.of(results).ifPresent(section -> {
            heading(2, inline(Headings.LIVENESS));
            md.append(inline(section.introduction())).append("\n\n");
            facts(section.facts());
            evidence(section.evidence());
        });
    }

    /** Moving a device to another NMS over NETCONF: no section when the run moved none. */
    private void move() {
        MoveSection.of(results).ifPresent(section -> {
            heading(2, inline(Headings.MOVE));
            md.append(inline(MoveSection.METHOD)).append("\n\n");
            tableOfText(section.headers(), section.rows());
            evidence(section.evidence());
        });
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
        heading(3, inline(Headings.under(trust.trust())));
        notes(gaps);
        return content;
    }

    /** Each strategy a trust model did not run because it does not apply to it, and why: one paragraph each. */
    private void notes(List<NotApplicable> gaps) {
        gaps.forEach(gap -> md.append(inline(gap.sentence())).append("\n\n"));
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
        for (TrustResults trust : results.trustModels()) {
            Columns columns = Columns.forCosts(run, trust);
            if (!part(trust, !columns.strategies().isEmpty())) {
                continue;
            }
            CostRows rows = new CostRows(trust, columns);
            facts(rows.runsNote());
            for (LatencyMetric metric : LatencyMetric.values()) {
                heading(4, metric.title());
                table(columns.headers(Headings.STATISTIC), rows.latency(metric), columns.hasRatios());
                facts(rows.methods(metric));
            }
            for (MeasuredMetric metric : MeasuredMetric.values()) {
                heading(4, metric.title());
                table(columns.headers(Headings.STATISTIC), List.of(rows.measured(metric, CostRows.VALUE)),
                        columns.hasRatios());
                facts(rows.methods(metric));
            }
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
