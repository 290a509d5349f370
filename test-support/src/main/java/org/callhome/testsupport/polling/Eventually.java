package org.callhome.testsupport.polling;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Waiting for what another thread or process brings about and nothing signals: asks again and
 * again until it holds or the deadline passes. The first check is immediate; the pauses between
 * checks start at {@link #FIRST_PAUSE} and double up to {@link #MAX_PAUSE}, so a quick answer is
 * seen at once and a slow one costs few checks. The last check is made at the deadline.
 *
 * <p>Tests use {@link #until} and {@link #value}, which fail with an {@link AssertionError} naming
 * what was awaited; code that reports rather than fails uses {@link #holdsWithin}. The conditions
 * run on the caller's thread and may throw; what they throw ends the wait at once.
 */
public final class Eventually {

    static final Duration FIRST_PAUSE = Duration.ofMillis(5);
    static final Duration MAX_PAUSE = Duration.ofMillis(100);

    /** A condition to check again; may throw {@code X}. */
    @FunctionalInterface
    public interface Condition<X extends Exception> {
        boolean holds() throws X;
    }

    /** A look for a value: empty while it is not there yet; may throw {@code X}. */
    @FunctionalInterface
    public interface Probe<T, X extends Exception> {
        Optional<T> look() throws X;
    }

    private Eventually() {
    }

    /**
     * Returns once {@code condition} holds.
     *
     * @param whatWeWaitedFor asked only on failure, so it can describe the state at the deadline
     * @throws AssertionError "gave up after N s waiting for: ..." when it did not hold in time
     */
    public static <X extends Exception> void until(Duration timeout, Condition<X> condition,
                                                   Supplier<String> whatWeWaitedFor) throws X, InterruptedException {
        if (!holdsWithin(timeout, condition)) {
            throw gaveUp(timeout, whatWeWaitedFor);
        }
    }

    /**
     * The first value {@code probe} finds.
     *
     * @throws AssertionError "gave up after N s waiting for: ..." when it found none in time
     */
    public static <T, X extends Exception> T value(Duration timeout, Probe<T, X> probe,
                                                   Supplier<String> whatWeWaitedFor) throws X, InterruptedException {
        Objects.requireNonNull(whatWeWaitedFor, "whatWeWaitedFor");
        Deadline deadline = new Deadline(timeout);
        while (true) {
            Optional<T> found = probe.look();
            if (found.isPresent()) {
                return found.get();
            }
            if (!deadline.pause()) {
                throw gaveUp(timeout, whatWeWaitedFor);
            }
        }
    }

    /** Whether {@code condition} held at some check before the deadline; never fails by itself. */
    public static <X extends Exception> boolean holdsWithin(Duration timeout, Condition<X> condition)
            throws X, InterruptedException {
        Deadline deadline = new Deadline(timeout);
        while (true) {
            if (condition.holds()) {
                return true;
            }
            if (!deadline.pause()) {
                return false;
            }
        }
    }

    private static AssertionError gaveUp(Duration timeout, Supplier<String> whatWeWaitedFor) {
        return new AssertionError("gave up after " + seconds(timeout) + " s waiting for: " + whatWeWaitedFor.get());
    }

    private static String seconds(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0);
    }

    /** The deadline of one wait and the pause before its next check. */
    private static final class Deadline {
        private final long endNanos;
        private long pauseNanos = FIRST_PAUSE.toNanos();

        Deadline(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
            }
            endNanos = System.nanoTime() + timeout.toNanos();
        }

        /** Sleeps until the next check, at the latest the deadline; false once the deadline has passed. */
        boolean pause() throws InterruptedException {
            long left = endNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            long nanos = Math.min(pauseNanos, left);
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            pauseNanos = Math.min(pauseNanos * 2, MAX_PAUSE.toNanos());
            return true;
        }
    }
}
