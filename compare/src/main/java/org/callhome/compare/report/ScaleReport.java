package org.callhome.compare.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.callhome.compare.model.Latency;
import org.callhome.compare.model.ScaleResults;
import org.callhome.compare.model.ScaleResults.Figure;
import org.callhome.compare.model.ScaleResults.Goal;
import org.callhome.compare.model.ScaleResults.StrategyScale;

/**
 * The report of a scale run ({@code compare scale}): results.json with every figure and sample,
 * and report.md and report.txt (72 columns) with the goals, the figures side by side per strategy,
 * the single-session latency distribution, how each figure was measured, and the run.
 */
public final class ScaleReport {

    static final int WIDTH = 72;

    private ScaleReport() {
    }

    /** Writes results.json, report.md and report.txt into {@code outDir}; the files written. */
    public static List<Path> write(ScaleResults results, Path outDir) throws IOException {
        return ReportWriter.writeHarnessReport(outDir, results.toJson(), markdown(results), text(results));
    }

    /** The report in Markdown. */
    public static String markdown(ScaleResults results) {
        StringBuilder md = new StringBuilder("# callhome: performance and scale\n\n");
        md.append(MarkdownReport.inline(summary(results))).append("\n\n## Goals\n\n");
        table(md, goalRows(results, true));
        md.append("\n## Figures\n\n");
        table(md, figureRows(results));
        md.append("\n## Single-session setup\n\n");
        table(md, latencyRows(results));
        methodsAndRun(md, methods(results), runFacts(results));
        return md.toString();
    }

    /** The report as plain text, no line longer than 72 columns. */
    public static String text(ScaleResults results) {
        List<String> lines = new ArrayList<>();
        lines.add("callhome: performance and scale");
        lines.add("");
        lines.addAll(TextWrap.lines(summary(results), WIDTH));
        section(lines, "Goals", goalRows(results, false));
        section(lines, "Figures", figureRows(results));
        section(lines, "Single-session setup", latencyRows(results));
        methodsAndRun(lines, methods(results), runFacts(results));
        return String.join("\n", lines) + "\n";
    }

    private static String summary(ScaleResults results) {
        ScaleResults.ScaleRunInfo run = results.run();
        return "The project's NMS (in a JVM of its own, -Xmx" + run.nmsHeap() + ") and simulated devices (all in one "
                + "other JVM, sharing its threads) on loopback, keys pinned: " + Numbers.count(run.devices())
                + " devices held idle and brought back after NMS restarts, " + run.dialers() + " concurrent dialers "
                + "for " + Numbers.fixed(run.seconds(), 0) + " s, " + run.sequential() + " sequential sessions. "
                + "Every figure below was measured in this run; ratios compare figures of the same run.";
    }

    private static List<List<String>> goalRows(ScaleResults results, boolean markdown) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(header("goal", results));
        Set<String> goals = new LinkedHashSet<>();
        results.strategies().forEach(strategy -> strategy.goals().forEach(goal -> goals.add(goal.text())));
        for (String text : goals) {
            List<String> row = new ArrayList<>(List.of(text));
            for (StrategyScale strategy : results.strategies()) {
                Optional<Goal> goal = strategy.goals().stream().filter(candidate -> candidate.text().equals(text))
                        .findFirst();
                row.add(goal.map(found -> format(found.value()) + (found.met() ? " (met)" : " (not met)"))
                        .orElse("-"));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<List<String>> figureRows(ScaleResults results) {
        return figureTable(header("figure", results), results.strategies().stream().map(StrategyScale::figures)
                .toList());
    }

    /**
     * A harness report's table of figures: under {@code head} (its first column's name, a column per
     * strategy), one row per figure id in the order first seen, each strategy's value or "-", then the
     * unit.
     */
    static List<List<String>> figureTable(List<String> head, List<List<Figure>> perStrategy) {
        List<List<String>> rows = new ArrayList<>();
        List<String> withUnit = new ArrayList<>(head);
        withUnit.add("unit");
        rows.add(withUnit);
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        perStrategy.forEach(figures -> figures.forEach(figure -> {
            labels.putIfAbsent(figure.id(), figure.label());
            units.putIfAbsent(figure.id(), figure.measured().unit());
        }));
        labels.forEach((id, label) -> {
            List<String> row = new ArrayList<>(List.of(label));
            for (List<Figure> figures : perStrategy) {
                row.add(figures.stream().filter(figure -> figure.id().equals(id)).findFirst()
                        .map(found -> format(found.measured().value())).orElse("-"));
            }
            row.add(units.get(id));
            rows.add(row);
        });
        return rows;
    }

    private static List<List<String>> latencyRows(ScaleResults results) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(header("ms", results));
        String[] names = {"sessions", "p50", "p90", "p99", "max"};
        for (String name : names) {
            List<String> row = new ArrayList<>(List.of(name));
            for (StrategyScale strategy : results.strategies()) {
                Latency latency = strategy.sequentialSetup();
                row.add(switch (name) {
                    case "sessions" -> Numbers.count(latency.count());
                    case "p50" -> Numbers.millis(latency.p50());
                    case "p90" -> Numbers.millis(latency.p90());
                    case "p99" -> Numbers.millis(latency.p99());
                    default -> Numbers.millis(latency.max());
                });
            }
            rows.add(row);
        }
        return rows;
    }

    /** Each figure's method, once per label, prefixed by the strategy where the strategies' methods differ. */
    private static Map<String, String> methods(ScaleResults results) {
        Map<String, String> first = new LinkedHashMap<>();
        Map<String, String> methods = new LinkedHashMap<>();
        for (StrategyScale strategy : results.strategies()) {
            for (Figure figure : strategy.figures()) {
                String method = figure.measured().method();
                String firstMethod = first.putIfAbsent(figure.label(), method);
                if (firstMethod == null) {
                    methods.put(figure.label(), method);
                } else if (!firstMethod.equals(method)) {
                    methods.merge(figure.label(), " (" + strategy.strategy().wireName() + ": " + method + ")",
                            String::concat);
                }
            }
        }
        return methods;
    }

    private static List<String> runFacts(ScaleResults results) {
        ScaleResults.ScaleRunInfo run = results.run();
        List<String> facts = new ArrayList<>();
        facts.add("callhome " + run.build().describe() + ", started " + run.startedAt() + ", took "
                + Numbers.fixed(run.durationSeconds(), 0) + " s");
        facts.add(run.java() + " on " + run.os() + ", " + run.cpus() + " CPUs");
        facts.add(run.sshLibrary() + "; crypto providers " + run.cryptoProviders());
        results.strategies().forEach(strategy -> facts.add(strategy.strategy().wireName() + " negotiated "
                + strategy.algorithms()));
        return facts;
    }

    private static List<String> header(String first, ScaleResults results) {
        List<String> head = new ArrayList<>(List.of(first));
        results.strategies().forEach(strategy -> head.add(strategy.strategy().wireName()));
        return head;
    }

    /** Up to three significant decimals for small values, none for large. */
    static String format(double value) {
        double magnitude = Math.abs(value);
        return Numbers.fixed(value, magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3);
    }

    /** A Markdown table of {@code rows}, the first the header. */
    /** A harness report's last two Markdown sections: how each figure was measured, and the run. */
    static void methodsAndRun(StringBuilder md, Map<String, String> methods, List<String> facts) {
        md.append("\n## How each figure was measured\n\n");
        methods.forEach((label, method) -> md.append("- **").append(MarkdownReport.inline(label))
                .append("**: ").append(MarkdownReport.inline(method)).append('\n'));
        md.append("\n## The run\n\n");
        facts.forEach(fact -> md.append("- ").append(MarkdownReport.inline(fact)).append('\n'));
    }

    /** The same two sections as text, {@link #WIDTH} columns at most. */
    static void methodsAndRun(List<String> lines, Map<String, String> methods, List<String> facts) {
        lines.add("");
        lines.add("How each figure was measured");
        methods.forEach((label, method) -> lines.addAll(TextWrap.hanging(label + ": " + method, WIDTH, "- ", "  ")));
        lines.add("");
        lines.add("The run");
        facts.forEach(fact -> lines.addAll(TextWrap.hanging(fact, WIDTH, "- ", "  ")));
    }

    static void table(StringBuilder md, List<List<String>> rows) {
        for (int i = 0; i < rows.size(); i++) {
            md.append('|');
            rows.get(i).forEach(cell -> md.append(' ').append(MarkdownReport.inline(cell)).append(" |"));
            md.append('\n');
            if (i == 0) {
                md.append('|');
                rows.get(0).forEach(cell -> md.append("---|"));
                md.append('\n');
            }
        }
    }

    /** A titled text table of {@code rows}, the first the header, {@link #WIDTH} columns at most. */
    static void section(List<String> lines, String title, List<List<String>> rows) {
        lines.add("");
        lines.add(title);
        TextTable table = TextTable.labelled(rows.get(0));
        rows.stream().skip(1).forEach(table::add);
        lines.addAll(table.render(WIDTH));
    }
}
