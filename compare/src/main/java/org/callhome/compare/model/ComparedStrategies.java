package org.callhome.compare.model;

import java.util.ArrayList;
import java.util.List;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The strategies the comparison and {@code compare scale} measure: the two SSH designs and tls call
 * home (RFC 8071 over TLS), each under the trust models that apply to it ({@link TrustModel#appliesTo}).
 */
public final class ComparedStrategies {

    /** The strategies compared, in the order the options name them by default. */
    public static final List<CallHomeStrategy> ALL = List.of(CallHomeStrategy.REVERSE_SSH,
            CallHomeStrategy.DEVICE_SSH_CLIENT, CallHomeStrategy.TLS);

    private ComparedStrategies() {
    }

    /**
     * The strategies {@code names} name, in their order, each once.
     *
     * @throws IllegalArgumentException for a name that is no strategy, or none
     */
    public static List<CallHomeStrategy> parse(List<String> names) {
        List<CallHomeStrategy> chosen = new ArrayList<>();
        for (String name : names) {
            CallHomeStrategy strategy = CallHomeStrategy.fromWireName(name.strip());
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
