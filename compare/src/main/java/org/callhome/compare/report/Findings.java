package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.List;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;

/**
 * The findings section every report opens with: for each security scenario, each configuration
 * measure and each cost, one line per strategy (or one comparing them) saying what differs, and
 * why it matters. Every line is computed from the results; only the why is fixed text.
 */
final class Findings {

    /** What the section says before its groups. */
    static final String INTRODUCTION = "Computed from this run's results; the sections after this one hold the "
            + "tables, the evidence and how each figure was measured.";

    private Findings() {
    }

    /** The groups with something to say, in report order: security, configuration, costs. */
    static List<Finding.Group> of(ComparisonResults results) {
        List<Finding.Group> groups = new ArrayList<>();
        List<Scenario> scenarios = Scenario.of(results);
        if (!scenarios.isEmpty()) {
            groups.add(security(scenarios, Columns.forSecurity(results)));
        }
        Columns config = Columns.forConfig(results);
        if (!config.strategies().isEmpty()) {
            groups.add(ConfigFindings.of(results, config));
        }
        Columns costs = Columns.forCosts(results);
        if (!costs.strategies().isEmpty()) {
            groups.add(CostFindings.of(results, costs));
        }
        return groups;
    }

    /** One finding per scenario: each strategy's short verdict; the lead sorts scenarios by whether they agree. */
    private static Finding.Group security(List<Scenario> scenarios, Columns columns) {
        List<String> same = new ArrayList<>();
        List<String> different = new ArrayList<>();
        List<String> notRun = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            List<SecurityResult> results = scenario.results();
            if (results.size() < columns.strategies().size()
                    || results.stream().anyMatch(result -> result.verdict() == Verdict.NOT_RUN)) {
                notRun.add(scenario.title());
            } else if (results.stream().map(SecurityResult::shortVerdict).distinct().count() > 1) {
                different.add(scenario.title());
            } else {
                same.add(scenario.title());
            }
            findings.add(new Finding(scenario.title(), results.stream()
                    .map(result -> result.strategy().wireName() + ": " + result.shortVerdict()).toList(),
                    results.get(0).matters()));
        }
        List<String> lead = new ArrayList<>();
        if (columns.strategies().size() > 1) {
            if (!different.isEmpty()) {
                lead.add("The strategies differ in: " + String.join(", ", different) + ".");
            }
            if (!same.isEmpty()) {
                lead.add("Same outcome for both: " + String.join(", ", same) + ".");
            }
        }
        if (!notRun.isEmpty()) {
            lead.add("Not run for every strategy: " + String.join(", ", notRun) + ".");
        }
        return new Finding.Group(Headings.FINDINGS_SECURITY, lead, findings);
    }
}
