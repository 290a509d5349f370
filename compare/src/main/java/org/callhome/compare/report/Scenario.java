package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.callhome.compare.model.RunInfo;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.TrustResults;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * One security scenario with its results, one per strategy in column order; {@link #of} groups
 * one trust model's results this way, scenarios in the order first seen (trust models may run
 * different scenarios: the certificate-only ones run under certificates alone).
 *
 * @param title    the title of the scenario's first result
 * @param question the question of the scenario's first result
 */
record Scenario(String id, String title, String question, List<SecurityResult> results) {

    Scenario {
        results = List.copyOf(results);
    }

    static List<Scenario> of(RunInfo run, TrustResults trust) {
        List<CallHomeStrategy> order = Columns.order(run, trust);
        Map<String, List<SecurityResult>> byScenario = new LinkedHashMap<>();
        trust.security().forEach(result ->
                byScenario.computeIfAbsent(result.scenario(), id -> new ArrayList<>()).add(result));
        List<Scenario> scenarios = new ArrayList<>();
        byScenario.forEach((id, results) -> {
            SecurityResult first = results.get(0);
            List<SecurityResult> sorted = results.stream()
                    .sorted(Comparator.comparingInt(result -> order.indexOf(result.strategy()))).toList();
            scenarios.add(new Scenario(id, first.title(), first.question(), sorted));
        });
        return scenarios;
    }

    /** The short verdict for {@code strategy}, "-" when the scenario did not produce a result for it. */
    String verdictOf(CallHomeStrategy strategy) {
        String verdicts = results.stream().filter(result -> result.strategy() == strategy)
                .map(SecurityResult::shortVerdict).collect(Collectors.joining(", "));
        return verdicts.isEmpty() ? "-" : verdicts;
    }

    /** One row of the verdict overview: the title, then the verdict per column. */
    Row overview(Columns columns) {
        return new Row(title, columns.strategies().stream().map(this::verdictOf).toList());
    }
}
