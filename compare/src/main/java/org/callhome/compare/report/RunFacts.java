package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.RunInfo;
import org.callhome.compare.model.TrustModel;
import org.callhome.compare.model.TrustResults;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * What the run was, as the facts of the last report section: what built it, where and how it ran,
 * under which trust models (and which strategy a trust model did not run because it does not apply
 * to it, and why), and the SSH algorithms each strategy negotiated under each.
 */
final class RunFacts {

    private RunFacts() {
    }

    static List<Fact> of(ComparisonResults results) {
        RunInfo run = results.run();
        List<Fact> facts = new ArrayList<>(List.of(
                new Fact("Version", run.build().describe()),
                new Fact("Started", run.startedAt()),
                new Fact("Duration", Numbers.fixed(run.durationSeconds(), 1) + " s"),
                new Fact("Seed", Long.toString(run.seed())),
                new Fact("Devices", Numbers.count(run.devices())),
                new Fact("Quick run", Numbers.yesNo(run.quick())),
                new Fact("Cost runs per strategy", Integer.toString(run.repeat())),
                new Fact("Strategies", run.strategies().stream().map(CallHomeStrategy::wireName)
                        .collect(Collectors.joining(", "))),
                new Fact("Trust models", run.trustModels().stream()
                        .map(trust -> trust.wireName() + " (" + trust.title() + ")").collect(Collectors.joining(", "))),
                new Fact("Measured in order", measuredOrder(run.measuredOrder())),
                new Fact("Java", run.java()),
                new Fact("OS", run.os()),
                new Fact("CPUs", Integer.toString(run.cpus())),
                new Fact("SSH library", run.sshLibrary())));
        new TreeMap<>(run.cryptoProviders()).forEach((name, description) ->
                facts.add(new Fact("Crypto provider " + name, description)));
        NotApplicable.of(results).forEach(gap -> facts.add(gap.fact()));
        for (TrustResults trust : results.trustModels()) {
            for (CallHomeStrategy strategy : Columns.order(run, trust)) {
                String algorithms = trust.algorithms().get(strategy);
                if (algorithms != null) {
                    facts.add(new Fact(algorithmsLabel(trust.trust(), strategy), algorithms));
                }
            }
        }
        return facts;
    }

    /** E.g. "Algorithms (openssh-cert, reverse-ssh)". */
    static String algorithmsLabel(TrustModel trust, CallHomeStrategy strategy) {
        return "Algorithms (" + trust.wireName() + ", " + strategy.wireName() + ")";
    }

    /** "reverse-ssh, device-ssh-client", or with several cost runs "run 1: ...; run 2: ...". */
    private static String measuredOrder(List<List<CallHomeStrategy>> orders) {
        List<String> runs = orders.stream().map(order -> order.stream().map(CallHomeStrategy::wireName)
                .collect(Collectors.joining(", "))).toList();
        if (runs.size() == 1) {
            return runs.get(0);
        }
        List<String> numbered = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            numbered.add("run " + (i + 1) + ": " + runs.get(i));
        }
        return String.join("; ", numbered);
    }
}
