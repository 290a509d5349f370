package org.callhome.device.callhome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromOneSecondUpToAMinuteAndResetsAfterAConnection() {
        Backoff backoff = new Backoff(Backoff.DEFAULT_INITIAL, Backoff.DEFAULT_MAX, 0, new Random(1));
        List<Long> seconds = java.util.stream.Stream.generate(backoff::next).limit(9).map(Duration::toSeconds).toList();
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L), seconds);
        backoff.reset();
        assertEquals(Duration.ofSeconds(1), backoff.next());
    }

    @Test
    void jitterSpreadsEachDelayWithinPlusOrMinusTheFractionAndReachesBothSides() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.2, new Random(42));
        Duration delay = Duration.ofSeconds(10);
        boolean below = false;
        boolean above = false;
        for (int i = 0; i < 10_000; i++) {
            Duration spread = backoff.spread(delay);
            assertTrue(spread.compareTo(Duration.ofSeconds(8)) >= 0 && spread.compareTo(Duration.ofSeconds(12)) <= 0,
                    spread.toString());
            below |= spread.compareTo(Duration.ofMillis(8200)) < 0;
            above |= spread.compareTo(Duration.ofMillis(11800)) > 0;
        }
        assertTrue(below && above, "the spread should use the whole range");
    }

    @Test
    void theSameSeedGivesTheSameDelays() {
        Backoff one = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.5, new Random(3));
        Backoff two = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.5, new Random(3));
        for (int i = 0; i < 10; i++) {
            assertEquals(one.next(), two.next());
        }
    }

    @Test
    void refusesBoundsThatCannotWork() {
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0, new Random()));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0, new Random()));
    }
}
