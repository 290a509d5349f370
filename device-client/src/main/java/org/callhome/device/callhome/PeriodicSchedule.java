package org.callhome.device.callhome;

import java.time.Duration;
import java.time.Instant;

/**
 * When a periodic connection is due: at the boundaries {@code anchor + k * period}, for every
 * whole k. Without a configured anchor-time the dialer anchors at its start, as the model allows
 * ("the time when this configuration is applied"). Remembers the boundary last served, so that a
 * connection made a little early (jitter) or late (failed attempts) still serves one boundary
 * only, and one that outlasts boundaries skips them rather than opening a second connection.
 * Confined to the dialer's serial executor.
 */
final class PeriodicSchedule {

    private final Instant anchor;
    private final Duration period;
    /** The boundary the current or last connection serves, or the next connection waits for. */
    private Instant served;

    PeriodicSchedule(Instant anchor, Duration period, Instant now) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, got " + period);
        }
        this.anchor = anchor;
        this.period = period;
        this.served = slotAtOrBefore(now);
    }

    /** A connection came up at {@code now}: it serves the latest boundary, unless it came early for the next. */
    void connected(Instant now) {
        Instant slot = slotAtOrBefore(now);
        if (slot.isAfter(served)) {
            served = slot;
        }
    }

    /** A connection ended in order at {@code now}: the boundary the next one is due at. */
    Instant nextAfterEnd(Instant now) {
        served = slotAtOrBefore(served.isAfter(now) ? served : now).plus(period);
        return served;
    }

    /** The latest boundary at or before {@code time}. */
    Instant slotAtOrBefore(Instant time) {
        Instant slot = anchor.plus(period.multipliedBy(Duration.between(anchor, time).dividedBy(period)));
        return slot.isAfter(time) ? slot.minus(period) : slot;
    }
}
