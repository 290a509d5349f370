package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.List;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.RunInfo;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.compare.model.TrustComparison;
import org.callhome.compare.model.TrustModel;
import org.callhome.compare.model.TrustResults;

/**
 * The findings section every report opens with: how each strategy fares under each trust model
 * (when the run had several), then under each trust model, for each security scenario, each
 * configuration measure and each cost, one line per strategy (or one comparing them) saying what
 * differs, and why it matters. Every line is computed from the results; only the why is fixed text.
 */
final class Findings {

    /** What the section says before its groups. */
    static final String INTRODUCTION = "Computed from this run's results; the sections after this one hold the "
            + "tables, the evidence and how each figure was measured.";

    private Findings() {
    }

    /**
     * The groups with something to say, in report order: trust models, then security, the
     * zero-touch bootstrap (when the run executed it), tls's liveness (when the run probed it),
     * configuration and costs, each once per trust model. The first group of a trust model that
     * did not run a strategy of the run, because it does not apply to it, opens by saying so.
     */
    static List<Finding.Group> of(ComparisonResults results) {
        List<Finding.Group> groups = new ArrayList<>();
        RunInfo run = results.run();
        List<TrustComparison> comparisons = results.trustComparisons();
        if (!comparisons.isEmpty()) {
            groups.add(TrustFindings.of(comparisons));
        }
        Notes notes = new Notes(results);
        for (TrustResults trust : results.trustModels()) {
            List<Scenario> scenarios = Scenario.of(run, trust);
            if (!scenarios.isEmpty()) {
                groups.add(notes.first(trust.trust(), security(trust.trust(), scenarios,
                        Columns.forSecurity(run, trust))));
            }
        }
        BootstrapSection.of(results).ifPresent(bootstrap -> groups.add(bootstrap.findings()));
        LivenessSection.of(results).ifPresent(liveness -> groups.add(liveness.findings()));
        for (TrustResults trust : results.trustModels()) {
            Columns config = Columns.forConfig(run, trust);
            if (!config.strategies().isEmpty()) {
                groups.add(notes.first(trust.trust(), ConfigFindings.of(trust, config)));
            }
        }
        for (TrustResults trust : results.trustModels()) {
            Columns costs = Columns.forCosts(run, trust);
            if (!costs.strategies().isEmpty()) {
                groups.add(notes.first(trust.trust(), CostFindings.of(trust, costs)));
            }
        }
        return groups;
    }

    /** The notes on strategies a trust model does not apply to, each given to the first group of its trust model. */
    private static final class Notes {

        private final List<NotApplicable> pending;

        Notes(ComparisonResults results) {
            pending = new ArrayList<>(NotApplicable.of(results));
        }

        /** {@code group}, its lead opened by the notes on {@code trust} not given yet. */
        Finding.Group first(TrustModel trust, Finding.Group group) {
            List<String> lead = new ArrayList<>();
            pending.stream().filter(gap -> gap.trust() == trust).forEach(gap -> lead.add(gap.sentence()));
            if (lead.isEmpty()) {
                return group;
            }
            pending.removeIf(gap -> gap.trust() == trust);
            lead.addAll(group.lead());
            return new Finding.Group(group.title(), lead, group.findings());
        }
    }

    /** One finding per scenario: each strategy's short verdict; the lead sorts scenarios by whether they agree. */
    private static Finding.Group security(TrustModel trust, List<Scenario> scenarios, Columns columns) {
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
                lead.add("Same outcome for " + Numbers.all(columns.strategies().size()) + ": "
                        + String.join(", ", same) + ".");
            }
        }
        if (!notRun.isEmpty()) {
            lead.add("Not run for every strategy: " + String.join(", ", notRun) + ".");
        }
        return new Finding.Group(Headings.under(Headings.FINDINGS_SECURITY, trust), lead, findings);
    }
}
