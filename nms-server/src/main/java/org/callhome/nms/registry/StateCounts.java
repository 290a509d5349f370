package org.callhome.nms.registry;

import java.util.EnumMap;
import java.util.Map;
import org.callhome.nms.session.DeviceState;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * How many of the registry's entries are in each state, per strategy, kept up to date entry by
 * entry as they are put and removed, so that an event costs the same with ten devices as with ten
 * thousand (counting them all again on every event made a fleet's reconnect quadratic). Only the
 * registry's context touches it.
 */
final class StateCounts {

    private final int[][] counts = new int[CallHomeStrategy.values().length][DeviceState.values().length];

    /** {@code replaced} leaves the counts (if any) and {@code entry} joins them (if any). */
    void replace(DeviceEntry replaced, DeviceEntry entry) {
        if (replaced != null) {
            counts[replaced.strategy().ordinal()][replaced.state().ordinal()]--;
        }
        if (entry != null) {
            counts[entry.strategy().ordinal()][entry.state().ordinal()]++;
        }
    }

    /** The counts as {@code NmsMetrics.states} takes them. */
    Map<CallHomeStrategy, Map<DeviceState, Integer>> asMap() {
        Map<CallHomeStrategy, Map<DeviceState, Integer>> map = new EnumMap<>(CallHomeStrategy.class);
        for (CallHomeStrategy strategy : CallHomeStrategy.values()) {
            Map<DeviceState, Integer> byState = new EnumMap<>(DeviceState.class);
            for (DeviceState state : DeviceState.values()) {
                byState.put(state, counts[strategy.ordinal()][state.ordinal()]);
            }
            map.put(strategy, byState);
        }
        return map;
    }
}
