package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.callhome.compare.model.RunInfo;
import org.callhome.compare.model.TrustResults;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The strategy columns of a table about one trust model's results, in the run's order, and the
 * ratio columns that end it: each of {@link #RATIOS} whose two strategies are both there.
 */
record Columns(List<CallHomeStrategy> strategies, List<Ratio> ratios) {

    /** A ratio column: one strategy's figure divided by another's (with several runs, of their medians). */
    record Ratio(CallHomeStrategy numerator, CallHomeStrategy denominator) {

        /** E.g. "device-ssh-client / reverse-ssh". */
        String label() {
            return numerator.wireName() + " / " + denominator.wireName();
        }
    }

    /** The SSH alternative against RFC 8071's SSH design. */
    static final Ratio DEVICE_SSH_CLIENT_RATIO = new Ratio(CallHomeStrategy.DEVICE_SSH_CLIENT,
            CallHomeStrategy.REVERSE_SSH);
    /** RFC 8071 over TLS against RFC 8071 over SSH. */
    static final Ratio TLS_RATIO = new Ratio(CallHomeStrategy.TLS, CallHomeStrategy.REVERSE_SSH);
    /** The ratio columns a cost table may end with, in their order. */
    static final List<Ratio> RATIOS = List.of(DEVICE_SSH_CLIENT_RATIO, TLS_RATIO);
    static final String RATIO_LABEL = DEVICE_SSH_CLIENT_RATIO.label();
    static final String TLS_RATIO_LABEL = TLS_RATIO.label();

    Columns {
        strategies = List.copyOf(strategies);
        ratios = List.copyOf(ratios);
    }

    /** Strategies with costs, with each ratio column whose two strategies both have costs. */
    static Columns forCosts(RunInfo run, TrustResults trust) {
        List<CallHomeStrategy> present = order(run, trust).stream().filter(trust.costs()::containsKey).toList();
        return new Columns(present, RATIOS.stream().filter(ratio -> present.contains(ratio.numerator())
                && present.contains(ratio.denominator())).toList());
    }

    /** Strategies with a configuration burden; never a ratio column. */
    static Columns forConfig(RunInfo run, TrustResults trust) {
        return new Columns(order(run, trust).stream().filter(trust.config()::containsKey).toList(), List.of());
    }

    /** Strategies with at least one security result; never a ratio column. */
    static Columns forSecurity(RunInfo run, TrustResults trust) {
        Set<CallHomeStrategy> tested = EnumSet.noneOf(CallHomeStrategy.class);
        trust.security().forEach(result -> tested.add(result.strategy()));
        return new Columns(order(run, trust).stream().filter(tested::contains).toList(), List.of());
    }

    /**
     * The run's strategies in its order, then any other strategy the trust model's results
     * mention, so that nothing recorded is left out of a report.
     */
    static List<CallHomeStrategy> order(RunInfo run, TrustResults trust) {
        return trust.strategies(run.strategies());
    }

    /** Whether the table ends with ratio columns. */
    boolean hasRatios() {
        return !ratios.isEmpty();
    }

    /** {@code first}, the strategies' names, then each ratio's label. */
    List<String> headers(String first) {
        List<String> headers = new ArrayList<>();
        headers.add(first);
        strategies.forEach(strategy -> headers.add(strategy.wireName()));
        ratios.forEach(ratio -> headers.add(ratio.label()));
        return headers;
    }
}
