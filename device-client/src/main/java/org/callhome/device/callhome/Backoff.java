package org.callhome.device.callhome;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The dialer's delays: a wait between failed attempts that doubles up to a ceiling, and the random
 * spread of every delay by up to the jitter fraction, so that a fleet that lost its NMS at one
 * moment spreads its calls out instead of hitting the NMS again all at once. Confined to the
 * dialer's serial executor.
 */
final class Backoff {

    /** The first wait after a failure: short, since most failures of a live NMS are brief. */
    static final Duration DEFAULT_INITIAL = Duration.ofSeconds(1);
    /** The longest wait: a device should notice a recovered NMS within about a minute. */
    static final Duration DEFAULT_MAX = Duration.ofSeconds(60);

    private final Duration initial;
    private final Duration max;
    private final double jitterFraction;
    private final RandomGenerator random;
    private Duration current;

    Backoff(Duration initial, Duration max, double jitterFraction, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 < initial (" + initial + ") <= max ("
                    + max + ")");
        }
        this.initial = initial;
        this.max = max;
        this.jitterFraction = jitterFraction;
        this.random = random;
        this.current = initial;
    }

    /** The wait before the next attempt, spread; the one after it will be twice as long, up to the ceiling. */
    Duration next() {
        Duration wait = spread(current);
        current = current.compareTo(max.dividedBy(2)) > 0 ? max : current.multipliedBy(2);
        return wait;
    }

    /** After a connection: the next failure waits the initial delay again. */
    void reset() {
        current = initial;
    }

    Duration initial() {
        return initial;
    }

    /** {@code delay} times a random factor in [1 - jitter, 1 + jitter]. */
    Duration spread(Duration delay) {
        if (jitterFraction == 0 || delay.isZero()) {
            return delay;
        }
        double factor = 1 + jitterFraction * (2 * random.nextDouble() - 1);
        return Duration.ofNanos(Math.round(delay.toNanos() * factor));
    }
}
