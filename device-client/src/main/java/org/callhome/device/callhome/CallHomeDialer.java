package org.callhome.device.callhome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.ConnectionType;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.netconf.session.SerialExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the device calling one NMS, following the reconnect strategy of ietf-netconf-server: each
 * round starts at the endpoint start-with names, tries it max-attempts times, then the next
 * endpoint, round robin; an attempt not connected within max-wait has failed. Failed attempts are
 * spaced by a backoff (1 s doubling to 60 s, reset by a connection), every delay spread by the
 * jitter fraction. A persistent connection that ends is followed by a new round after one
 * initial backoff (or the wait a harness set), so that a fleet whose NMS restarts does not call
 * back in the same instant and a peer that accepts and at once closes cannot make the device
 * spin. A periodic connection that ends in order is followed by a round at the next period
 * boundary; one that broke, at once.
 *
 * <p>{@link #reconfigure} takes new settings while the dialer runs: calls under way start over
 * with them at once; a live connection stays unless its endpoint is gone or moved, in which case
 * it is closed when the caller says (after the reply to the RPC that made the change) and the new
 * endpoints are called at once. A live connection keeps the idle timeout it started with.
 *
 * <p>Every step is a task on the given scheduler, serialised by a {@link SerialExecutor}, so the
 * state needs no locks and no thread waits for a connection. {@link #close()} may come from any
 * thread: it flips a volatile flag and closes the current connection; the tasks check the flag.
 */
public final class CallHomeDialer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallHomeDialer.class);

    private final Connector connector;
    private final ScheduledExecutorService scheduler;
    private final SerialExecutor serial;
    private final DialerListener listener;
    private final RandomGenerator random;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Clock clock;
    /** Replaced by {@link #reconfigure}, on the serial executor; read elsewhere only for logs. */
    private volatile CallHomeSettings settings;
    private DialerEvents events;
    private Backoff backoff;
    private EndpointRotation rotation;
    /** The wait before a new round once a persistent connection ended; empty: the initial backoff, spread. */
    private final Optional<Duration> afterSession;
    private final AtomicBoolean started = new AtomicBoolean();

    private volatile boolean closed;
    private volatile Connection current;
    /** The endpoint of {@link #current}. */
    private volatile Endpoint currentEndpoint;
    /** The current connection is closed because its endpoint went: call the new ones at once when it ends. */
    private boolean moving;
    /** The one thing the dialer waits for: next attempt, attempt timeout, idle check or next period. */
    private volatile ScheduledFuture<?> timer;
    private Attempt attempt;
    /** Periodic connections only. */
    private PeriodicSchedule periods;
    private boolean closedForIdleness;

    public CallHomeDialer(CallHomeSettings settings, Connector connector, ScheduledExecutorService scheduler,
                          DialerListener listener, RandomGenerator random) {
        this(settings, connector, scheduler, listener, random, Optional.empty());
    }

    /**
     * @param afterSession the wait before calling again once a persistent connection ended, spread by
     *                     the jitter fraction (zero: at once), for a harness that measures a sustained
     *                     rate of sessions; empty for the initial backoff, as a device in the field waits
     */
    public CallHomeDialer(CallHomeSettings settings, Connector connector, ScheduledExecutorService scheduler,
                          DialerListener listener, RandomGenerator random, Optional<Duration> afterSession) {
        this(settings, connector, scheduler, listener, random, Backoff.DEFAULT_INITIAL, Backoff.DEFAULT_MAX,
                Clock.systemUTC(), afterSession);
    }

    /** With other backoff bounds and clock, so that tests run in milliseconds. */
    CallHomeDialer(CallHomeSettings settings, Connector connector, ScheduledExecutorService scheduler,
                   DialerListener listener, RandomGenerator random, Duration initialBackoff, Duration maxBackoff,
                   Clock clock) {
        this(settings, connector, scheduler, listener, random, initialBackoff, maxBackoff, clock, Optional.empty());
    }

    /** With other backoff bounds, clock and wait after a session, so that tests run in milliseconds. */
    CallHomeDialer(CallHomeSettings settings, Connector connector, ScheduledExecutorService scheduler,
                   DialerListener listener, RandomGenerator random, Duration initialBackoff, Duration maxBackoff,
                   Clock clock, Optional<Duration> afterSession) {
        Objects.requireNonNull(afterSession, "afterSession");
        if (afterSession.isPresent() && (afterSession.get().isNegative()
                || afterSession.get().compareTo(Backoff.DEFAULT_MAX) > 0)) {
            throw new IllegalArgumentException("the wait after a session must be between 0 and "
                    + Backoff.DEFAULT_MAX.toSeconds() + " s, got " + afterSession.get());
        }
        this.afterSession = afterSession;
        this.connector = Objects.requireNonNull(connector, "connector");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.serial = new SerialExecutor(scheduler);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.random = Objects.requireNonNull(random, "random");
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.clock = Objects.requireNonNull(clock, "clock");
        use(Objects.requireNonNull(settings, "settings"));
    }

    private void use(CallHomeSettings next) {
        settings = next;
        events = new DialerEvents(next.name(), listener);
        backoff = new Backoff(initialBackoff, maxBackoff, next.jitterFraction(), random);
        rotation = new EndpointRotation(next.endpoints(), next.reconnect(), random);
    }

    /** Starts the first round of attempts on the scheduler and returns at once. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("dialer for NMS '" + settings.name() + "' was started already");
        }
        serial.execute(() -> {
            if (settings.connectionType() instanceof ConnectionType.Periodic periodic) {
                Instant now = clock.instant();
                periods = new PeriodicSchedule(periodic.anchorTime().orElse(now), periodic.period(), now);
            }
            beginRound();
        });
    }

    /**
     * Takes {@code next} for the calls to come; returns at once. When the live connection's
     * endpoint is not among the new endpoints as it was (removed, or its address or port changed),
     * the closing of that connection goes to {@code closeLater}, to be run when the caller may, and
     * once it has closed the new endpoints are called at once. Other changes apply to the next call:
     * at once when no connection is live (a call under way starts over), else when it ends.
     */
    public void reconfigure(CallHomeSettings next, Consumer<Runnable> closeLater) {
        Objects.requireNonNull(next, "next");
        Connection live = current;
        Endpoint at = currentEndpoint;
        Connection dropped = live != null && at != null && !next.endpoints().contains(at) ? live : null;
        if (dropped != null) {
            closeLater.accept(() -> {
                LOG.info("closing the connection to NMS '{}' at {}: its endpoint was removed or moved",
                        settings.name(), at.hostPort());
                dropped.close();
            });
        }
        serial.execute(() -> apply(next, dropped));
    }

    private void apply(CallHomeSettings next, Connection dropped) {
        if (closed) {
            return;
        }
        use(next);
        if (next.connectionType() instanceof ConnectionType.Periodic periodic) {
            Instant now = clock.instant();
            periods = new PeriodicSchedule(periodic.anchorTime().orElse(now), periodic.period(), now);
        } else {
            periods = null;
        }
        Connection live = current;
        if (live != null) {
            if (!next.endpoints().contains(currentEndpoint)) {
                moving = true;
                if (live != dropped) {
                    // connected after the change was seen: it carried no RPC, so nothing waits for it
                    live.close();
                }
            }
            return;
        }
        cancelTimer();
        if (attempt != null && attempt.settle()) {
            attempt.cancel();
        }
        LOG.info("NMS '{}': calling {} with the new settings", next.name(),
                next.endpoints().stream().map(Endpoint::hostPort).toList());
        beginRound();
    }

    /** Stops dialing and closes the current connection; an attempt still under way is closed when it lands. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cancelTimer();
        Connection connection = current;
        if (connection != null) {
            connection.close();
        }
        try {
            serial.execute(() -> {
                cancelTimer();
                if (attempt != null && !attempt.settled()) {
                    attempt.cancel();
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("scheduler already shut down while closing the dialer of NMS '{}'", settings.name());
        }
    }

    private void beginRound() {
        if (closed) {
            return;
        }
        rotation.beginRound();
        attempt();
    }

    private void attempt() {
        if (closed) {
            return;
        }
        events.attempt(rotation.endpoint(), rotation.attemptOnEndpoint());
        Duration maxWait = settings.reconnect().maxWait();
        Attempt next = Attempt.start(connector, rotation.endpoint(), maxWait);
        attempt = next;
        timer = schedule(maxWait, () -> timedOut(next, maxWait));
        next.stage.whenComplete((connection, error) -> serial.execute(() -> settled(next, connection, error)));
    }

    private void timedOut(Attempt timed, Duration maxWait) {
        if (closed || !timed.settle()) {
            return;
        }
        timed.cancel();
        failed(timed.endpoint, new TimeoutException("no connection to " + timed.endpoint.hostPort()
                + " within max-wait " + maxWait));
    }

    private void settled(Attempt landed, Connection connection, Throwable error) {
        if (closed || !landed.settle()) {
            if (connection != null) {
                connection.close();
                events.lateConnectionClosed(landed.endpoint);
            }
            return;
        }
        cancelTimer();
        if (error != null) {
            failed(landed.endpoint, Attempt.cause(error));
        } else if (connection == null) {
            failed(landed.endpoint, new IllegalStateException("the connector completed without a connection"));
        } else {
            connected(landed.endpoint, connection);
        }
    }

    private void failed(Endpoint endpoint, Throwable why) {
        rotation.failed();
        Duration wait = backoff.next();
        events.failed(endpoint, why, wait.toMillis());
        timer = schedule(wait, this::attempt);
    }

    private void connected(Endpoint endpoint, Connection connection) {
        currentEndpoint = endpoint;
        current = connection;
        if (closed) {
            connection.close();
            return;
        }
        rotation.connected();
        backoff.reset();
        closedForIdleness = false;
        events.connected(endpoint);
        if (settings.connectionType() instanceof ConnectionType.Periodic periodic) {
            periods.connected(clock.instant());
            watchIdleness(connection, periodic.idleTimeout());
        }
        connection.closed().whenComplete((reason, error) -> serial.execute(() -> ended(endpoint, reason, error)));
    }

    /** Closes a periodic connection that carried nothing for the idle timeout, else looks again when it could be. */
    private void watchIdleness(Connection connection, Duration idleTimeout) {
        if (closed || current != connection) {
            return;
        }
        Duration idle = Duration.between(connection.lastActivity(), clock.instant());
        if (idle.compareTo(idleTimeout) >= 0) {
            closedForIdleness = true;
            connection.close();
        } else {
            timer = schedule(idleTimeout.minus(idle), () -> watchIdleness(connection, idleTimeout));
        }
    }

    /** An error in the project's words: its message, or its kind when it has none (not Java's class name first). */
    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }

    private void ended(Endpoint endpoint, String reason, Throwable error) {
        current = null;
        currentEndpoint = null;
        cancelTimer();
        boolean broken = error != null && !closedForIdleness;
        String why = closedForIdleness ? "idle timeout"
                : broken ? "broken: " + describe(Attempt.cause(error)) : String.valueOf(reason);
        events.disconnected(endpoint, why);
        if (closed) {
            return;
        }
        if (moving) {
            moving = false;
            beginRound();
            return;
        }
        if (periods == null || broken) {
            timer = schedule(backoff.spread(afterSession.orElse(backoff.initial())), this::beginRound);
        } else {
            Instant now = clock.instant();
            timer = schedule(backoff.spread(Duration.between(now, periods.nextAfterEnd(now))), this::beginRound);
        }
    }

    private ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        try {
            return scheduler.schedule(() -> serial.execute(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.warn("scheduler shut down under the open dialer of NMS '{}': it stops", settings.name());
            return null;
        }
    }

    private void cancelTimer() {
        ScheduledFuture<?> pending = timer;
        if (pending != null) {
            pending.cancel(false);
        }
    }
}
