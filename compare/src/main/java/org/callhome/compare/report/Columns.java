package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.callhome.compare.model.RunInfo;
import org.callhome.compare.model.TrustResults;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The strategy columns of a table about one trust model's results, in the run's order, and
 * whether it ends with the ratio column (only when both strategies are there).
 */
record Columns(List<CallHomeStrategy> strategies, boolean ratio) {

    static final CallHomeStrategy RATIO_NUMERATOR = CallHomeStrategy.DEVICE_SSH_CLIENT;
    static final CallHomeStrategy RATIO_DENOMINATOR = CallHomeStrategy.REVERSE_SSH;
    static final String RATIO_LABEL = RATIO_NUMERATOR.wireName() + " / " + RATIO_DENOMINATOR.wireName();

    Columns {
        strategies = List.copyOf(strategies);
    }

    /** Strategies with costs, with the ratio column when both ends of the ratio have costs. */
    static Columns forCosts(RunInfo run, TrustResults trust) {
        List<CallHomeStrategy> present = order(run, trust).stream().filter(trust.costs()::containsKey).toList();
        return new Columns(present, present.contains(RATIO_NUMERATOR) && present.contains(RATIO_DENOMINATOR));
    }

    /** Strategies with a configuration burden; never a ratio column. */
    static Columns forConfig(RunInfo run, TrustResults trust) {
        return new Columns(order(run, trust).stream().filter(trust.config()::containsKey).toList(), false);
    }

    /** Strategies with at least one security result; never a ratio column. */
    static Columns forSecurity(RunInfo run, TrustResults trust) {
        Set<CallHomeStrategy> tested = EnumSet.noneOf(CallHomeStrategy.class);
        trust.security().forEach(result -> tested.add(result.strategy()));
        return new Columns(order(run, trust).stream().filter(tested::contains).toList(), false);
    }

    /**
     * The run's strategies in its order, then any other strategy the trust model's results
     * mention, so that nothing recorded is left out of a report.
     */
    static List<CallHomeStrategy> order(RunInfo run, TrustResults trust) {
        return trust.strategies(run.strategies());
    }

    /** {@code first}, the strategies' names and, with a ratio column, {@link #RATIO_LABEL}. */
    List<String> headers(String first) {
        List<String> headers = new ArrayList<>();
        headers.add(first);
        strategies.forEach(strategy -> headers.add(strategy.wireName()));
        if (ratio) {
            headers.add(RATIO_LABEL);
        }
        return headers;
    }
}
