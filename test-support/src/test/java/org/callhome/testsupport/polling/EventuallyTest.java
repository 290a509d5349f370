package org.callhome.testsupport.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventuallyTest {

    @Test
    void returnsAtOnceWhenTheConditionAlreadyHolds() throws Exception {
        AtomicInteger checks = new AtomicInteger();

        Eventually.until(Duration.ofSeconds(10), () -> checks.incrementAndGet() > 0, () -> "anything");

        assertEquals(1, checks.get());
    }

    @Test
    void checksAgainUntilTheConditionHolds() throws Exception {
        AtomicInteger checks = new AtomicInteger();

        Eventually.until(Duration.ofSeconds(10), () -> checks.incrementAndGet() == 4, () -> "the fourth check");

        assertEquals(4, checks.get());
    }

    @Test
    void failsNamingWhatItWaitedForAsItIsAtTheDeadline() {
        AtomicInteger checks = new AtomicInteger();

        AssertionError e = assertThrows(AssertionError.class, () -> Eventually.until(Duration.ofMillis(200),
                () -> checks.incrementAndGet() < 0, () -> "a negative count, last " + checks.get()));

        assertEquals("gave up after 0.2 s waiting for: a negative count, last " + checks.get(), e.getMessage());
    }

    @Test
    void makesTheLastCheckAtTheDeadline() throws Exception {
        long start = System.nanoTime();

        assertFalse(Eventually.holdsWithin(Duration.ofMillis(300), () -> false));

        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis >= 300 && tookMillis < 300 + 2 * Eventually.MAX_PAUSE.toMillis(),
                "took " + tookMillis + " ms");
    }

    @Test
    void aZeroTimeoutChecksOnce() throws Exception {
        AtomicInteger checks = new AtomicInteger();

        assertFalse(Eventually.holdsWithin(Duration.ZERO, () -> checks.incrementAndGet() < 0));

        assertEquals(1, checks.get());
    }

    @Test
    void returnsTheFirstValueFound() throws Exception {
        AtomicInteger checks = new AtomicInteger();

        String found = Eventually.value(Duration.ofSeconds(10),
                () -> checks.incrementAndGet() < 3 ? Optional.empty() : Optional.of("third"), () -> "a value");

        assertEquals("third", found);
    }

    @Test
    void whatTheConditionThrowsEndsTheWait() {
        AtomicInteger checks = new AtomicInteger();

        IOException e = assertThrows(IOException.class, () -> Eventually.value(Duration.ofSeconds(10), () -> {
            checks.incrementAndGet();
            throw new IOException("peer gone");
        }, () -> "a value"));

        assertEquals("peer gone", e.getMessage());
        assertEquals(1, checks.get());
    }

    @Test
    void refusesANegativeTimeout() {
        assertThrows(IllegalArgumentException.class, () -> Eventually.holdsWithin(Duration.ofMillis(-1), () -> true));
    }
}
