package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.SecurityResult;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The strategy columns of a table, in the run's order, and whether it ends with the ratio
 * column (only when both strategies are there).
 */
record Columns(List<CallHomeStrategy> strategies, boolean ratio) {

    static final CallHomeStrategy RATIO_NUMERATOR = CallHomeStrategy.DEVICE_SSH_CLIENT;
    static final CallHomeStrategy RATIO_DENOMINATOR = CallHomeStrategy.REVERSE_SSH;
    static final String RATIO_LABEL = RATIO_NUMERATOR.wireName() + " / " + RATIO_DENOMINATOR.wireName();

    Columns {
        strategies = List.copyOf(strategies);
    }

    /** Strategies with costs, with the ratio column when both ends of the ratio have costs. */
    static Columns forCosts(ComparisonResults results) {
        List<CallHomeStrategy> present = order(results).stream().filter(results.costs()::containsKey).toList();
        return new Columns(present, present.contains(RATIO_NUMERATOR) && present.contains(RATIO_DENOMINATOR));
    }

    /** Strategies with a configuration burden; never a ratio column. */
    static Columns forConfig(ComparisonResults results) {
        return new Columns(order(results).stream().filter(results.config()::containsKey).toList(), false);
    }

    /** Strategies with at least one security result; never a ratio column. */
    static Columns forSecurity(ComparisonResults results) {
        Set<CallHomeStrategy> tested = EnumSet.noneOf(CallHomeStrategy.class);
        results.security().forEach(result -> tested.add(result.strategy()));
        return new Columns(order(results).stream().filter(tested::contains).toList(), false);
    }

    /**
     * The run's strategies in its order, then any other strategy the results mention, so that
     * nothing recorded is left out of a report.
     */
    static List<CallHomeStrategy> order(ComparisonResults results) {
        List<CallHomeStrategy> order = new ArrayList<>(results.run().strategies());
        Set<CallHomeStrategy> mentioned = EnumSet.noneOf(CallHomeStrategy.class);
        mentioned.addAll(results.config().keySet());
        mentioned.addAll(results.costs().keySet());
        mentioned.addAll(results.run().algorithms().keySet());
        results.security().stream().map(SecurityResult::strategy).forEach(mentioned::add);
        mentioned.stream().filter(strategy -> !order.contains(strategy)).forEach(order::add);
        return order;
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
