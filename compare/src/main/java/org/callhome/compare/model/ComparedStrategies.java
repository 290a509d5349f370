package org.callhome.compare.model;

import java.util.ArrayList;
import java.util.List;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The strategies the comparison measures: the two SSH designs and tls call home (RFC 8071 over
 * TLS), each under the trust models that apply to it ({@link TrustModel#appliesTo}). {@code compare
 * scale} measures the two SSH designs only: its NMS nodes and fleets of thousands of devices are not
 * built for tls, and a run that asks for it there is refused rather than reported with figures it did
 * not measure.
 */
public final class ComparedStrategies {

    /** The strategies compared, in the order the options name them by default. */
    public static final List<CallHomeStrategy> ALL = List.of(CallHomeStrategy.REVERSE_SSH,
            CallHomeStrategy.DEVICE_SSH_CLIENT, CallHomeStrategy.TLS);

    /** The strategies {@code compare scale} measures. */
    public static final List<CallHomeStrategy> SCALED = List.of(CallHomeStrategy.REVERSE_SSH,
            CallHomeStrategy.DEVICE_SSH_CLIENT);

    /**
     * The strategies the bootstrap dimension runs: all three, each under the trust models that apply
     * to it, as zero-touch bootstrap configures tls devices too (nms-server --bootstrap-strategy tls).
     */
    public static final List<CallHomeStrategy> BOOTSTRAPPED = List.of(CallHomeStrategy.REVERSE_SSH,
            CallHomeStrategy.DEVICE_SSH_CLIENT, CallHomeStrategy.TLS);

    private ComparedStrategies() {
    }

    /**
     * The strategies {@code names} name, in their order, each once.
     *
     * @throws IllegalArgumentException for a name that is no strategy, or none
     */
    public static List<CallHomeStrategy> parse(List<String> names) {
        return parse(names, ALL, "");
    }

    /**
     * The strategies {@code names} name for {@code compare scale}, in their order, each once.
     *
     * @throws IllegalArgumentException for a name that is no strategy, tls, or none
     */
    public static List<CallHomeStrategy> parseScaled(List<String> names) {
        return parse(names, SCALED, "; tls is compared by 'compare' (its costs, configuration and security "
                + "scenarios), not yet by 'compare scale'");
    }

    private static List<CallHomeStrategy> parse(List<String> names, List<CallHomeStrategy> allowed, String why) {
        List<CallHomeStrategy> chosen = new ArrayList<>();
        for (String name : names) {
            CallHomeStrategy strategy = CallHomeStrategy.fromWireName(name.strip());
            if (!allowed.contains(strategy)) {
                throw new IllegalArgumentException(strategy.wireName() + " is not measured here: this measures "
                        + String.join(" and ", allowed.stream().map(CallHomeStrategy::wireName).toList()) + why);
            }
            if (!chosen.contains(strategy)) {
                chosen.add(strategy);
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("name at least one");
        }
        return chosen;
    }
}
