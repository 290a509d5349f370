package org.callhome.nms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.callhome.nms.strategy.NmsStrategy;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.Test;

/** The one list of strategies {@link NmsServer} starts: every strategy once, each on a listener of its own. */
class NmsStrategiesTest {

    @Test
    void listsEveryStrategyOnceInTheOrderOfTheEnum() {
        assertEquals(List.of(CallHomeStrategy.values()),
                NmsServer.STRATEGIES.stream().map(NmsStrategy::strategy).toList());
    }

    @Test
    void everyStrategyBindsAListenerOfItsOwn() {
        assertEquals(NmsServer.STRATEGIES.size(),
                NmsServer.STRATEGIES.stream().map(NmsStrategy::listener).distinct().count());
    }
}
