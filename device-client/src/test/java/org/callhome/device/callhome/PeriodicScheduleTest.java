package org.callhome.device.callhome;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PeriodicScheduleTest {

    private static final Instant ANCHOR = Instant.parse("2026-01-01T00:15:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void boundariesLieOnWholePeriodsFromTheAnchorOnEitherSide() {
        PeriodicSchedule schedule = new PeriodicSchedule(ANCHOR, DAY, ANCHOR);
        assertEquals(Instant.parse("2026-03-05T00:15:00Z"),
                schedule.slotAtOrBefore(Instant.parse("2026-03-05T10:37:00Z")));
        assertEquals(Instant.parse("2025-06-30T00:15:00Z"),
                schedule.slotAtOrBefore(Instant.parse("2025-06-30T23:59:00Z")));
        assertEquals(Instant.parse("2025-06-30T00:15:00Z"),
                schedule.slotAtOrBefore(Instant.parse("2025-06-30T00:15:00Z")));
    }

    @Test
    void afterAnOrderlyEndTheNextConnectionIsDueAtTheNextBoundary() {
        Instant start = Instant.parse("2026-03-05T10:37:00Z");
        PeriodicSchedule schedule = new PeriodicSchedule(ANCHOR, DAY, start);
        schedule.connected(start);
        assertEquals(Instant.parse("2026-03-06T00:15:00Z"), schedule.nextAfterEnd(start.plusSeconds(60)));
    }

    @Test
    void aConnectionMadeEarlyForABoundaryServesThatBoundaryOnly() {
        PeriodicSchedule schedule = new PeriodicSchedule(ANCHOR, DAY, Instant.parse("2026-03-05T10:37:00Z"));
        Instant due = schedule.nextAfterEnd(Instant.parse("2026-03-05T10:40:00Z"));
        assertEquals(Instant.parse("2026-03-06T00:15:00Z"), due);
        Instant early = due.minusSeconds(600);
        schedule.connected(early);
        assertEquals(due.plus(DAY), schedule.nextAfterEnd(early.plusSeconds(60)));
    }

    @Test
    void aConnectionThatOutlastsBoundariesSkipsThem() {
        Instant start = Instant.parse("2026-03-05T00:15:00Z");
        PeriodicSchedule schedule = new PeriodicSchedule(ANCHOR, DAY, start);
        schedule.connected(start);
        assertEquals(Instant.parse("2026-03-08T00:15:00Z"),
                schedule.nextAfterEnd(Instant.parse("2026-03-07T08:00:00Z")));
    }
}
