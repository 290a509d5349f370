package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.ConfigBurden;
import org.callhome.compare.model.RunInfo;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.TrustComparison;
import org.callhome.compare.model.TrustResults;
import org.callhome.compare.model.ZeroTouchResult;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched) with a
 * chart beside every table of figures of a trust model. Every piece of text from the results is
 * escaped. Each section after the trust models holds one part per trust model, under its own
 * heading.
 */
final class HtmlReport {

    private static final String STYLE = """
            body { font: 15px/1.45 system-ui, sans-serif; max-width: 980px; margin: 2em auto; padding: 0 1em;
                   color: #1d2327; }
            h1 { font-size: 1.6em; } h2 { border-bottom: 2px solid #ccd; padding-bottom: .2em; margin-top: 2em; }
            table { border-collapse: collapse; margin: .8em 0; }
            th, td { border: 1px solid #ccd; padding: .25em .6em; vertical-align: top; }
            th { background: #eef0f4; text-align: left; }
            td.figure { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            table.facts th { width: 16em; }
            .method { color: #444; font-size: .92em; }
            .question { font-style: italic; }
            .result { border-left: 4px solid #ccd; padding: .1em 0 .1em 1em; margin: 1em 0; }
            .verdict { font-weight: 600; padding: .05em .5em; border-radius: .3em; }
            .verdict-holds { background: #d7f0d2; } .verdict-fails { background: #f7d4d0; }
            .verdict-differs { background: #fbeac4; } .verdict-not-run { background: #e4e4e4; }
            ul.evidence code { white-space: pre-wrap; word-break: break-word; font-size: .88em; }
            ul.findings > li { margin: .6em 0; } ul.findings ul { margin: .2em 0; }
            .matters { color: #444; font-style: italic; }
            .not-applicable { color: #444; border-left: 4px solid #e4e4e4; padding-left: .6em; }
            svg.chart { max-width: 100%; height: auto; display: block; margin: .8em 0; }
            svg .chart-title { font: 600 14px system-ui, sans-serif; }
            svg .legend, svg .group { font: 12px system-ui, sans-serif; }
            svg .tick, svg .value { font: 10px system-ui, sans-serif; fill: #333; }
            svg .grid { stroke: #e2e4ea; } svg .axis { stroke: #555; }
            """;

    private final ComparisonResults results;
    private final RunInfo run;
    private final StringBuilder html = new StringBuilder();

    private HtmlReport(ComparisonResults results) {
        this.results = results;
        this.run = results.run();
    }

    static String render(ComparisonResults results) {
        return new HtmlReport(results).render();
    }

    private String render() {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(Headings.TITLE)).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(Html.escape(Headings.TITLE)).append("</h1>\n");
        findings();
        trustModels();
        configuration();
        security();
        bootstrap();
        liveness();
        move();
        costs();
        run();
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private void findings() {
        open("findings", Headings.FINDINGS);
        html.append("<p>").append(Html.escape(Findings.INTRODUCTION)).append("</p>\n");
        for (Finding.Group group : Findings.of(results)) {
            heading(3, group.title());
            group.lead().forEach(lead -> html.append("<p>").append(Html.escape(lead)).append("</p>\n"));
            html.append("<ul class=\"findings\">\n");
            for (Finding finding : group.findings()) {
                html.append("<li><strong>").append(Html.escape(finding.subject())).append("</strong>\n<ul>\n");
                finding.lines().forEach(line -> html.append("<li>").append(Html.escape(line)).append("</li>\n"));
                html.append("<li class=\"matters\">").append(Html.escape(Headings.WHY + ": " + finding.matters()))
                        .append("</li>\n</ul></li>\n");
            }
            html.append("</ul>\n");
        }
        html.append("</section>\n");
    }

    /** One table per strategy that ran under several trust models; no section when none did. */
    private void trustModels() {
        List<TrustComparison> comparisons = results.trustComparisons();
        if (comparisons.isEmpty()) {
            return;
        }
        open("trust-models", Headings.TRUST_MODELS);
        for (TrustComparison comparison : comparisons) {
            heading(3, comparison.strategy().wireName());
            notes(NotApplicable.of(results, comparison.strategy()));
            TrustRows rows = new TrustRows(run, comparison);
            table(rows.headers(), rows.rows(), false);
        }
        html.append("</section>\n");
    }

    private void run() {
        open("run", Headings.RUN);
        facts(RunFacts.of(results));
        html.append("</section>\n");
    }

    private void configuration() {
        open("configuration", Headings.CONFIGURATION);
        for (TrustResults trust : results.trustModels()) {
            Columns columns = Columns.forConfig(run, trust);
            if (part(trust, !columns.strategies().isEmpty())) {
                configuration(trust, columns);
            }
        }
        html.append("</section>\n");
    }

    private void configuration(TrustResults trust, Columns columns) {
        BurdenRows rows = new BurdenRows(run, trust, columns);
        table(columns.headers(Headings.COUNT), rows.summary(), false);
        heading(4, Headings.KINDS);
        for (long n : rows.byKindDevices()) {
            table(columns.headers(BurdenRows.byKindHeader(n)), rows.byKind(n), false);
        }
        heading(4, Headings.GROWTH);
        List<String> groups = BurdenRows.GROWTH_DEVICES.stream().map(n -> "N = " + Numbers.count(n)).toList();
        List<SvgBarChart.Series> series = columns.strategies().stream().map(strategy -> {
            List<Double> values = BurdenRows.GROWTH_DEVICES.stream()
                    .map(n -> (double) trust.config().get(strategy).nmsValuesFor(n)).toList();
            return new SvgBarChart.Series(strategy, values,
                    values.stream().map(value -> Numbers.count(value.longValue())).toList());
        }).toList();
        html.append(SvgBarChart.render(chartTitle(Headings.GROWTH + " (log scale)", trust), groups, series, true));
        table(columns.headers(Headings.DEVICES), rows.growth(), false);
        for (CallHomeStrategy strategy : columns.strategies()) {
            ConfigBurden burden = trust.config().get(strategy);
            heading(4, Headings.ITEMS + ": " + strategy.wireName());
            textTable(BurdenRows.ITEM_HEADERS, burden.items().stream().map(BurdenRows::item).toList());
            facts(List.of(BurdenRows.bootstrap(burden)));
        }
    }

    private void security() {
        open("security", Headings.SECURITY);
        for (TrustResults trust : results.trustModels()) {
            List<Scenario> scenarios = Scenario.of(run, trust);
            if (part(trust, !scenarios.isEmpty())) {
                Columns columns = Columns.forSecurity(run, trust);
                heading(4, Headings.VERDICTS);
                table(columns.headers(Headings.SCENARIO), scenarios.stream().map(s -> s.overview(columns)).toList(),
                        false);
                scenarios.forEach(scenario -> scenario(trust, scenario));
            }
        }
        html.append("</section>\n");
    }

    private void scenario(TrustResults trust, Scenario scenario) {
        html.append("<h4 id=\"scenario-").append(Html.escape(trust.trust().wireName())).append('-')
                .append(Html.escape(scenario.id())).append("\">")
                .append(Html.escape(scenario.title())).append("</h4>\n")
                .append("<p class=\"question\">").append(Html.escape(scenario.question())).append("</p>\n");
        for (SecurityResult result : scenario.results()) {
            String verdictClass = "verdict-" + result.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-');
            html.append("<div class=\"result\">\n<h5>").append(Html.escape(result.strategy().wireName()))
                    .append(" <span class=\"verdict ").append(verdictClass).append("\">")
                    .append(Html.escape(result.verdict().text())).append("</span> ")
                    .append(Html.escape(result.summary())).append("</h5>\n")
                    .append("<p>").append(Html.escape(result.finding())).append("</p>\n");
            evidence(result.evidence());
            html.append("</div>\n");
        }
    }

    /** The zero-touch bootstrap: no section when the run skipped it. */
    private void bootstrap() {
        BootstrapSection.of(results).ifPresent(section -> {
            open("bootstrap", Headings.BOOTSTRAP);
            html.append("<p>").append(Html.escape(section.introduction())).append("</p>\n");
            textTable(BootstrapSection.overviewHeaders(), section.overview());
            for (ZeroTouchResult result : section.zeroTouch()) {
                heading(3, BootstrapSection.title(result));
                facts(BootstrapSection.facts(result));
            }
            if (!section.scenarios().isEmpty()) {
                heading(3, Headings.VERDICTS);
                textTable(section.headers(), section.verdicts());
            }
            html.append("</section>\n");
        });
    }

    /** tls's liveness against RFC 8071 section 7: no section when the run did not probe it. */
    private void liveness() {
        LivenessSection.of(results).ifPresent(section -> {
            open("liveness", Headings.LIVENESS);
            html.append("<p>").append(Html.escape(section.introduction())).append("</p>\n");
            facts(section.facts());
            heading(3, Headings.EVIDENCE);
            if (section.evidence().isEmpty()) {
                html.append("<p>none</p>\n");
            }
            evidence(section.evidence());
            html.append("</section>\n");
        });
    }

    /** Moving a device to another NMS over NETCONF: no section when the run moved none. */
    private void move() {
        MoveSection.of(results).ifPresent(section -> {
            open("move", Headings.MOVE);
            html.append("<p>").append(Html.escape(MoveSection.METHOD)).append("</p>\n");
            textTable(section.headers(), section.rows());
            heading(3, Headings.EVIDENCE);
            evidence(section.evidence());
            html.append("</section>\n");
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
        heading(3, Headings.under(trust.trust()));
        notes(gaps);
        return content;
    }

    /** Each strategy a trust model did not run because it does not apply to it, and why: one paragraph each. */
    private void notes(List<NotApplicable> gaps) {
        gaps.forEach(gap -> html.append("<p class=\"not-applicable\">").append(Html.escape(gap.sentence()))
                .append("</p>\n"));
    }

    /** Evidence lines as a list of code, nothing when there are none. */
    private void evidence(List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        html.append("<ul class=\"evidence\">\n");
        lines.forEach(line -> html.append("<li><code>").append(Html.escape(line)).append("</code></li>\n"));
        html.append("</ul>\n");
    }

    private void costs() {
        open("costs", Headings.COSTS);
        for (TrustResults trust : results.trustModels()) {
            Columns columns = Columns.forCosts(run, trust);
            if (part(trust, !columns.strategies().isEmpty())) {
                costs(trust, columns);
            }
        }
        html.append("</section>\n");
    }

    private void costs(TrustResults trust, Columns columns) {
        CostRows rows = new CostRows(trust, columns);
        if (!rows.runsNote().isEmpty()) {
            facts(rows.runsNote());
        }
        for (LatencyMetric metric : LatencyMetric.values()) {
            heading(4, metric.title());
            List<String> groups = CostRows.PERCENTILES.stream().map(CostRows.Statistic::label).toList();
            List<CostRows.Figure> figures = CostRows.PERCENTILES.stream()
                    .map(statistic -> rows.latencyFigure(metric, statistic, "")).toList();
            html.append(SvgBarChart.render(chartTitle(metric.title() + " (ms)", trust), groups,
                    series(columns, rows, figures), false));
            table(columns.headers(Headings.STATISTIC), rows.latency(metric), columns.hasRatios());
            facts(rows.methods(metric));
        }
        for (MeasuredMetric metric : MeasuredMetric.values()) {
            heading(4, metric.title());
            CostRows.Figure figure = rows.measuredFigure(metric);
            html.append(SvgBarChart.render(chartTitle(metric.title(), trust), List.of(figure.unit()),
                    series(columns, rows, List.of(figure)), false));
            table(columns.headers(Headings.STATISTIC), List.of(rows.measured(metric, CostRows.VALUE)),
                    columns.hasRatios());
            facts(rows.methods(metric));
        }
    }

    /** A chart's title naming its trust model, e.g. "Setup latency (ms), openssh-cert". */
    private static String chartTitle(String title, TrustResults trust) {
        return title + ", " + trust.trust().wireName();
    }

    /** One bar per figure and strategy: the median across the strategy's runs, labelled with its unit. */
    private static List<SvgBarChart.Series> series(Columns columns, CostRows rows, List<CostRows.Figure> figures) {
        List<SvgBarChart.Series> series = new ArrayList<>();
        for (CallHomeStrategy strategy : columns.strategies()) {
            List<Double> medians = figures.stream().map(figure -> rows.spread(figure, strategy).median()).toList();
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < figures.size(); i++) {
                labels.add(figures.get(i).withUnit(medians.get(i)));
            }
            series.add(new SvgBarChart.Series(strategy, medians, labels));
        }
        return series;
    }

    private void open(String id, String title) {
        html.append("<section id=\"").append(id).append("\">\n");
        heading(2, title);
    }

    private void heading(int level, String text) {
        html.append("<h").append(level).append('>').append(Html.escape(text)).append("</h").append(level).append(">\n");
    }

    private void facts(List<Fact> facts) {
        html.append("<table class=\"facts\">\n");
        facts.forEach(fact -> html.append("<tr><th>").append(Html.escape(fact.label())).append("</th><td>")
                .append(Html.escape(fact.value())).append("</td></tr>\n"));
        html.append("</table>\n");
    }

    private void table(List<String> headers, List<Row> rows, boolean withRatio) {
        html.append("<table>\n<tr>");
        headers.forEach(header -> html.append("<th>").append(Html.escape(header)).append("</th>"));
        html.append("</tr>\n");
        for (Row row : rows) {
            List<String> cells = row.asCells(withRatio);
            html.append("<tr><th>").append(Html.escape(cells.get(0))).append("</th>");
            cells.stream().skip(1).forEach(cell ->
                    html.append("<td class=\"figure\">").append(Html.escape(cell)).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private void textTable(List<String> headers, List<List<String>> rows) {
        html.append("<table>\n<tr>");
        headers.forEach(header -> html.append("<th>").append(Html.escape(header)).append("</th>"));
        html.append("</tr>\n");
        for (List<String> row : rows) {
            html.append("<tr>");
            row.forEach(cell -> html.append("<td>").append(Html.escape(cell)).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }
}
