package org.callhome.compare.security;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.callhome.device.callhome.DialerListener;
import org.callhome.shared.config.Endpoint;

/**
 * What one device's dialer reported: each attempt, connection, failure (with the error the
 * device got) and disconnection, in order. Called on the dialer's scheduler.
 */
final class DialerLog implements DialerListener {

    /**
     * One report; {@code detail} is the error message or the reason, empty for attempts and
     * connections; {@code timedOut} marks an attempt that only ran out of time (max-wait).
     */
    record Entry(Kind kind, String endpoint, String detail, boolean timedOut) {
        @Override
        public String toString() {
            return kind.name().toLowerCase(Locale.ROOT) + " " + endpoint
                    + (detail.isEmpty() ? "" : ": " + detail);
        }
    }

    enum Kind { ATTEMPT, CONNECTED, FAILED, DISCONNECTED }

    private final Observed<Entry> entries = new Observed<>();

    @Override
    public void attempt(Endpoint endpoint, int attemptOnEndpoint) {
        entries.accept(new Entry(Kind.ATTEMPT, endpoint.hostPort(), "", false));
    }

    @Override
    public void connected(Endpoint endpoint) {
        entries.accept(new Entry(Kind.CONNECTED, endpoint.hostPort(), "", false));
    }

    @Override
    public void failed(Endpoint endpoint, Throwable why) {
        entries.accept(new Entry(Kind.FAILED, endpoint.hostPort(), message(why),
                unwrap(why) instanceof TimeoutException));
    }

    @Override
    public void disconnected(Endpoint endpoint, String reason) {
        entries.accept(new Entry(Kind.DISCONNECTED, endpoint.hostPort(), String.valueOf(reason), false));
    }

    List<Entry> entries() {
        return entries.all();
    }

    /**
     * The first connection or failed attempt, waiting up to {@code timeout}. An attempt that only
     * ran out of time (a loaded machine) says nothing about the peer, so later attempts are
     * awaited; it is returned only if nothing else came.
     */
    Optional<Entry> awaitOutcome(Duration timeout) throws InterruptedException {
        Optional<Entry> decisive = entries.await(entry -> entry.kind() == Kind.CONNECTED
                || (entry.kind() == Kind.FAILED && !entry.timedOut()), timeout);
        return decisive.isPresent() ? decisive : entries.first(entry -> entry.kind() == Kind.FAILED);
    }

    Optional<Entry> await(Kind kind, Duration timeout) throws InterruptedException {
        return entries.await(entry -> entry.kind() == kind, timeout);
    }

    boolean connectedEver() {
        return entries.first(entry -> entry.kind() == Kind.CONNECTED).isPresent();
    }

    /** The error message, unwrapped from the future that carried it. */
    static String message(Throwable why) {
        Throwable cause = unwrap(why);
        if (cause == null) {
            return "no reason given";
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    private static Throwable unwrap(Throwable why) {
        Throwable cause = why;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
