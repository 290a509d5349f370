package org.callhome.compare.model;

import java.util.ArrayList;
import java.util.List;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The strategies the comparison measures: the two SSH designs. tls call home (RFC 8071 over TLS)
 * runs in the NMS and the device ({@code --mode tls}) but has no column in the comparison yet: its
 * testbed, scenarios and cost runs are not built, and a run that asks for it is refused rather than
 * reported with figures it did not measure.
 */
public final class ComparedStrategies {

    /** The strategies compared, in the order the options name them by default. */
    public static final List<CallHomeStrategy> ALL = List.of(CallHomeStrategy.REVERSE_SSH,
            CallHomeStrategy.DEVICE_SSH_CLIENT);

    private ComparedStrategies() {
    }

    /**
     * The strategies {@code names} name, in their order, each once.
     *
     * @throws IllegalArgumentException for a name that is no strategy, one that is not compared, or none
     */
    public static List<CallHomeStrategy> parse(List<String> names) {
        List<CallHomeStrategy> chosen = new ArrayList<>();
        for (String name : names) {
            CallHomeStrategy strategy = CallHomeStrategy.fromWireName(name.strip());
            if (!ALL.contains(strategy)) {
                throw new IllegalArgumentException(strategy.wireName() + " is not compared yet: the comparison "
                        + "measures " + String.join(" and ", ALL.stream().map(CallHomeStrategy::wireName).toList())
                        + "; tls call home runs in nms-server and device-client (--mode tls)");
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
