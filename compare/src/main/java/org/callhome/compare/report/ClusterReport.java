package org.callhome.compare.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.callhome.compare.model.ClusterResults;
import org.callhome.compare.model.ClusterResults.RpcWindow;
import org.callhome.compare.model.ClusterResults.StrategyFailover;
import org.callhome.compare.model.ScaleResults.Figure;

/**
 * The report of a cluster failover run ({@code compare cluster}): results.json with every figure
 * and count, and report.md and report.txt (72 columns) with what one run means, the figures side by
 * side per strategy, the devices per node before and after the kill, the RPCs' outcomes per window,
 * how each figure was measured, and the run.
 */
public final class ClusterReport {

    private static final int WIDTH = ScaleReport.WIDTH;

    private ClusterReport() {
    }

    /** Writes results.json, report.md and report.txt into {@code outDir}; the files written. */
    public static List<Path> write(ClusterResults results, Path outDir) throws IOException {
        return ReportWriter.writeHarnessReport(outDir, results.toJson(), markdown(results), text(results));
    }

    /** The report in Markdown. */
    public static String markdown(ClusterResults results) {
        StringBuilder md = new StringBuilder("# callhome: NMS cluster failover\n\n");
        md.append(MarkdownReport.inline(summary(results))).append("\n\n## What one run means\n\n")
                .append(MarkdownReport.inline(meaning(results))).append("\n\n## Figures\n\n");
        ScaleReport.table(md, figureRows(results));
        md.append("\n## Devices per node, before the kill and once all were back\n\n");
        ScaleReport.table(md, spreadRows(results));
        md.append("\n## RPC outcomes by window\n\n");
        ScaleReport.table(md, rpcRows(results));
        List<String> examples = examples(results);
        if (!examples.isEmpty()) {
            md.append("\n## What the API answered besides 200 (the first of each, per window)\n\n");
            examples.forEach(example -> md.append("- ").append(MarkdownReport.inline(example)).append('\n'));
        }
        ScaleReport.methodsAndRun(md, methods(results), runFacts(results));
        return md.toString();
    }

    /** The report as plain text, no line longer than 72 columns. */
    public static String text(ClusterResults results) {
        List<String> lines = new ArrayList<>();
        lines.add("callhome: NMS cluster failover");
        lines.add("");
        lines.addAll(TextWrap.lines(summary(results), WIDTH));
        lines.add("");
        lines.add("What one run means");
        lines.addAll(TextWrap.lines(meaning(results), WIDTH));
        ScaleReport.section(lines, "Figures", figureRows(results));
        ScaleReport.section(lines, "Devices per node, before the kill and once all were back", spreadRows(results));
        ScaleReport.section(lines, "RPC outcomes by window", rpcRows(results));
        List<String> examples = examples(results);
        if (!examples.isEmpty()) {
            lines.add("");
            lines.add("What the API answered besides 200 (the first of each, per window)");
            examples.forEach(example -> lines.addAll(TextWrap.hanging(example, WIDTH, "- ", "  ")));
        }
        ScaleReport.methodsAndRun(lines, methods(results), runFacts(results));
        return String.join("\n", lines) + "\n";
    }

    private static String summary(ClusterResults results) {
        ClusterResults.ClusterRunInfo run = results.run();
        return run.nodes() + " of the project's NMS nodes as one cluster (nms-server --cluster: Vert.x over "
                + "Hazelcast), each in a JVM of its own (-Xmx" + run.nmsHeap() + "), and " + Numbers.count(run.devices())
                + " simulated devices in one other JVM whose endpoint list is the " + run.nodes() + " nodes "
                + "(reconnect strategy random-selection, max-attempts " + run.maxAttempts() + "), on loopback, keys "
                + "pinned, the nodes sharing theirs. RPCs at " + ScaleReport.format(run.rpcPerSecond()) + "/s (get-config "
                + "of running, POST /api/devices/{id}/rpc over HTTP/1.1, each to a device drawn at random from the "
                + "whole fleet) through the APIs of the nodes that will survive, in turn; after " + ScaleReport.format(run.beforeSeconds()) + " s the "
                + "node holding the most devices is killed with SIGKILL; the run measures when its devices are shown "
                + "back on the survivors and what the RPCs got meanwhile, then " + ScaleReport.format(run.afterSeconds())
                + " s more of RPCs. Every figure below was measured in this run.";
    }

    private static String meaning(ClusterResults results) {
        ClusterResults.ClusterRunInfo run = results.run();
        return "One run: one kill of one node at one moment, one random draw of endpoints per device, on "
                + run.cpus() + " CPUs that the " + run.nodes() + " nodes, the fleet and the harness share (with "
                + "whatever else the machine ran then), so every time includes waiting for a CPU. The figures show "
                + "what happens and its order of magnitude, not a distribution: repeat the run for a spread, and "
                + "measure on the target hardware before sizing anything. The time until every device is back is set "
                + "mostly by the devices' reconnect policy, not by the NMS: a device waits its initial backoff (1 s) "
                + "after its session ends, and one that draws the dead node tries it " + run.maxAttempts()
                + " time(s), backing off 1 s, 2 s, 4 s..., before the next endpoint. An RPC to a device of the killed "
                + "node cannot succeed until the device is back; one to any other device should.";
    }

    private static List<List<String>> figureRows(ClusterResults results) {
        return ScaleReport.figureTable(header("figure", results), results.strategies().stream()
                .map(StrategyFailover::figures).toList());
    }

    private static List<List<String>> spreadRows(ClusterResults results) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(header("node", results));
        TreeSet<String> nodes = new TreeSet<>();
        results.strategies().forEach(strategy -> {
            nodes.addAll(strategy.spreadBefore().keySet());
            nodes.addAll(strategy.spreadAfter().keySet());
        });
        for (String node : nodes) {
            List<String> row = new ArrayList<>(List.of(node));
            for (StrategyFailover strategy : results.strategies()) {
                row.add(strategy.spreadBefore().getOrDefault(node, 0) + " -> "
                        + strategy.spreadAfter().getOrDefault(node, 0) + (node.equals(strategy.killed()) ? " (killed)"
                        : ""));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<List<String>> rpcRows(ClusterResults results) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(header("window", results));
        List<String> ids = new ArrayList<>();
        Map<String, String> labels = new LinkedHashMap<>();
        results.strategies().forEach(strategy -> strategy.rpcs().forEach(window -> {
            if (labels.putIfAbsent(window.id(), window.label()) == null) {
                ids.add(window.id());
            }
        }));
        for (String id : ids) {
            List<String> all = new ArrayList<>(List.of(labels.get(id) + ", all RPCs"));
            List<String> held = new ArrayList<>(List.of(labels.get(id) + ", to the killed node's devices"));
            for (StrategyFailover strategy : results.strategies()) {
                Optional<RpcWindow> window = strategy.rpcs().stream().filter(candidate -> candidate.id().equals(id))
                        .findFirst();
                all.add(window.map(found -> outcomes(found.outcomes())).orElse("-"));
                held.add(window.map(found -> outcomes(found.killedDevices())).orElse("-"));
            }
            rows.add(all);
            rows.add(held);
        }
        return rows;
    }

    /** Per strategy and window, the first RPC of each outcome but 200: what the API said. */
    private static List<String> examples(ClusterResults results) {
        List<String> examples = new ArrayList<>();
        for (StrategyFailover strategy : results.strategies()) {
            for (RpcWindow window : strategy.rpcs()) {
                new TreeMap<>(window.examples()).forEach((outcome, example) -> examples.add(strategy.strategy()
                        .wireName() + ", " + window.label() + ", " + outcome + ": " + example));
            }
        }
        return examples;
    }

    /** "200: 98, 409: 2", by outcome; "none" when nothing was sent. */
    private static String outcomes(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return "none";
        }
        return new TreeMap<>(counts).entrySet().stream().map(entry -> entry.getKey() + ": " + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    /** Each figure's method, once per label; where the strategies' methods differ, each named by its strategy. */
    private static Map<String, String> methods(ClusterResults results) {
        Map<String, Map<String, String>> byLabel = new LinkedHashMap<>();
        for (StrategyFailover strategy : results.strategies()) {
            for (Figure figure : strategy.figures()) {
                byLabel.computeIfAbsent(figure.label(), label -> new LinkedHashMap<>())
                        .put(strategy.strategy().wireName(), figure.measured().method());
            }
        }
        Map<String, String> methods = new LinkedHashMap<>();
        byLabel.forEach((label, byStrategy) -> methods.put(label, byStrategy.values().stream().distinct().count() == 1
                ? byStrategy.values().iterator().next()
                : byStrategy.entrySet().stream().map(entry -> entry.getKey() + ": " + entry.getValue())
                        .collect(Collectors.joining("; "))));
        return methods;
    }

    private static List<String> runFacts(ClusterResults results) {
        ClusterResults.ClusterRunInfo run = results.run();
        List<String> facts = new ArrayList<>();
        facts.add("callhome " + run.build().describe() + ", started " + run.startedAt() + ", took "
                + Numbers.fixed(run.durationSeconds(), 0) + " s");
        facts.add(run.java() + " on " + run.os() + ", " + run.cpus() + " CPUs");
        results.strategies().forEach(strategy -> facts.add(strategy.strategy().wireName() + ": node "
                + strategy.killed() + " killed"));
        return facts;
    }

    private static List<String> header(String first, ClusterResults results) {
        List<String> head = new ArrayList<>(List.of(first));
        results.strategies().forEach(strategy -> head.add(strategy.strategy().wireName()));
        return head;
    }
}
