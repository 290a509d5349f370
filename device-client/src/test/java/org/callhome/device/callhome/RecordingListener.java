package org.callhome.device.callhome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.callhome.shared.config.Endpoint;

/** Records what the dialer reports, with the wall time and the monotonic time of each report. */
final class RecordingListener implements DialerListener {

    enum Kind { ATTEMPT, CONNECTED, FAILED, DISCONNECTED }

    record Event(Kind kind, Endpoint endpoint, int attempt, Throwable error, String reason, Instant at, long nanos) {
        @Override
        public String toString() {
            return kind + " " + endpoint.name() + (kind == Kind.ATTEMPT ? " #" + attempt : "")
                    + (error != null ? " " + error : "") + (reason != null ? " (" + reason + ")" : "");
        }
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> seen = new ArrayList<>();

    @Override
    public void attempt(Endpoint endpoint, int attemptOnEndpoint) {
        add(Kind.ATTEMPT, endpoint, attemptOnEndpoint, null, null);
    }

    @Override
    public void connected(Endpoint endpoint) {
        add(Kind.CONNECTED, endpoint, 0, null, null);
    }

    @Override
    public void failed(Endpoint endpoint, Throwable why) {
        add(Kind.FAILED, endpoint, 0, why, null);
    }

    @Override
    public void disconnected(Endpoint endpoint, String reason) {
        add(Kind.DISCONNECTED, endpoint, 0, null, reason);
    }

    private void add(Kind kind, Endpoint endpoint, int attempt, Throwable error, String reason) {
        events.add(new Event(kind, endpoint, attempt, error, reason, Instant.now(), System.nanoTime()));
    }

    /** The next event of {@code kind}, skipping others; fails after {@code timeout}. */
    Event next(Kind kind, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no " + kind + " within " + timeout + "; seen " + seen);
            }
            seen.add(event);
            if (event.kind() == kind) {
                return event;
            }
        }
    }

    /** The next {@code count} events of {@code kind}. */
    List<Event> next(Kind kind, int count, Duration timeout) throws InterruptedException {
        List<Event> found = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            found.add(next(kind, timeout));
        }
        return found;
    }

    /** True if no event of {@code kind} arrives during {@code quiet}. */
    boolean none(Kind kind, Duration quiet) throws InterruptedException {
        try {
            next(kind, quiet);
            return false;
        } catch (AssertionError e) {
            return true;
        }
    }
}
