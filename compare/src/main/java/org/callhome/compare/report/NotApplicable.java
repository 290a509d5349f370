package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.List;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.TrustModel;
import org.callhome.compare.model.TrustResults;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * A strategy of the run that a trust model of the run did not run because it does not apply to
 * it ({@link TrustModel#appliesTo}), as tls under OpenSSH certificates. Where its column would
 * have been, each report says so once with {@link TrustModel#whyNot}, rather than leave the
 * column out without a word.
 */
record NotApplicable(TrustModel trust, CallHomeStrategy strategy) {

    /**
     * Every such pair of the run: its trust models in report order (those with results first),
     * each with the run's strategies in their order.
     */
    static List<NotApplicable> of(ComparisonResults results) {
        List<TrustModel> trustModels = new ArrayList<>();
        results.trustModels().stream().map(TrustResults::trust).forEach(trustModels::add);
        results.run().trustModels().stream().filter(trust -> !trustModels.contains(trust))
                .forEach(trustModels::add);
        List<NotApplicable> all = new ArrayList<>();
        for (TrustModel trust : trustModels) {
            for (CallHomeStrategy strategy : results.strategies()) {
                if (!trust.appliesTo(strategy)) {
                    all.add(new NotApplicable(trust, strategy));
                }
            }
        }
        return all;
    }

    /** The strategies {@code trust} did not run because it does not apply to them. */
    static List<NotApplicable> under(ComparisonResults results, TrustModel trust) {
        return of(results).stream().filter(gap -> gap.trust() == trust).toList();
    }

    /** The trust models that did not run {@code strategy} because they do not apply to it. */
    static List<NotApplicable> of(ComparisonResults results, CallHomeStrategy strategy) {
        return of(results).stream().filter(gap -> gap.strategy() == strategy).toList();
    }

    /**
     * E.g. "tls does not run under OpenSSH certificates: TLS peers present X.509 certificates
     * (RFC 8446, RFC 7589); an OpenSSH certificate certifies an SSH key and exists in SSH only."
     */
    String sentence() {
        return strategy.wireName() + " does not run under " + trust.title() + ": " + trust.whyNot(strategy) + ".";
    }

    /** The run section's fact, e.g. "Not run (openssh-cert, tls)": "does not apply: TLS peers present ...". */
    Fact fact() {
        return new Fact("Not run (" + trust.wireName() + ", " + strategy.wireName() + ")",
                "does not apply: " + trust.whyNot(strategy));
    }
}
