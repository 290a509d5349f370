package org.callhome.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.callhome.device.strategy.DeviceStrategy;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.Test;

/** The agent's list of strategies: one device half for every strategy the project knows. */
class DeviceStrategiesTest {

    @Test
    void everyStrategyHasExactlyOneDeviceHalf() {
        assertEquals(List.of(CallHomeStrategy.values()),
                DeviceAgent.STRATEGIES.stream().map(DeviceStrategy::strategy).sorted().toList());
        for (CallHomeStrategy strategy : CallHomeStrategy.values()) {
            assertEquals(strategy, DeviceAgent.strategyOf(strategy).strategy());
        }
    }
}
