package org.callhome.device.callhome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import org.callhome.device.callhome.RecordingListener.Event;
import org.callhome.device.callhome.RecordingListener.Kind;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.ReconnectStrategy;
import org.callhome.shared.config.StartWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Attempts against endpoints on 127.0.0.1 that refuse, or accept but never finish connecting. */
class DialerAttemptsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final RecordingListener listener = new RecordingListener();
    private CallHomeDialer dialer;

    @AfterEach
    void stop() {
        if (dialer != null) {
            dialer.close();
        }
        scheduler.shutdownNow();
    }

    private void dial(CallHomeSettings settings, Connector connector, RandomGenerator random, Duration initial,
                      Duration max) {
        dialer = new CallHomeDialer(settings, connector, scheduler, listener, random, initial, max, Clock.systemUTC());
        dialer.start();
    }

    private static CallHomeSettings settings(List<Endpoint> endpoints, Duration maxWait, int maxAttempts,
                                             double jitter) {
        return CallHomeSettings.defaults("nms", endpoints)
                .withReconnect(new ReconnectStrategy(StartWith.FIRST_LISTED, maxWait, maxAttempts))
                .withJitterFraction(jitter);
    }

    @Test
    void triesEachEndpointMaxAttemptsTimesThenTheNextRoundRobin() throws Exception {
        Endpoint a = TestNms.deadEndpoint("a");
        Endpoint b = TestNms.deadEndpoint("b");
        dial(settings(List.of(a, b), Duration.ofSeconds(2), 3, 0), new TcpConnector(), new Random(1),
                Duration.ofMillis(5), Duration.ofMillis(20));

        List<String> attempts = listener.next(Kind.ATTEMPT, 8, WAIT).stream()
                .map(e -> e.endpoint().name() + e.attempt()).toList();

        assertEquals(List.of("a1", "a2", "a3", "b1", "b2", "b3", "a1", "a2"), attempts);
    }

    @Test
    void refusedAttemptsReportTheCause() throws Exception {
        dial(settings(List.of(TestNms.deadEndpoint("a")), Duration.ofSeconds(2), 3, 0), new TcpConnector(),
                new Random(1), Duration.ofMillis(5), Duration.ofMillis(20));

        Event failed = listener.next(Kind.FAILED, WAIT);

        assertInstanceOf(ConnectException.class, failed.error());
    }

    @Test
    void backoffDoublesToItsCeilingAndJitterKeepsEachDelayWithinItsBounds() throws Exception {
        double jitter = 0.5;
        Duration initial = Duration.ofMillis(40);
        Duration max = Duration.ofMillis(160);
        dial(settings(List.of(TestNms.deadEndpoint("a")), Duration.ofSeconds(2), 255, jitter), new TcpConnector(),
                new Random(42), initial, max);

        List<Event> failures = listener.next(Kind.FAILED, 5, WAIT);
        dialer.close();

        // The dialer draws one random number per delay, so the same seed replays its delays.
        Random replay = new Random(42);
        long[] baseMillis = {40, 80, 160, 160};
        for (int i = 0; i < baseMillis.length; i++) {
            double factor = 1 + jitter * (2 * replay.nextDouble() - 1);
            long expectedNanos = Math.round(baseMillis[i] * 1_000_000 * factor);
            assertTrue(expectedNanos >= baseMillis[i] * 1_000_000 * (1 - jitter)
                    && expectedNanos <= baseMillis[i] * 1_000_000 * (1 + jitter));
            long gap = failures.get(i + 1).nanos() - failures.get(i).nanos();
            assertTrue(gap >= expectedNanos, "delay " + i + " was " + gap + " ns, shorter than " + expectedNanos);
            assertTrue(gap <= expectedNanos + 150_000_000L,
                    "delay " + i + " was " + gap + " ns, far over " + expectedNanos);
        }
    }

    @Test
    void anAttemptThatDoesNotConnectWithinMaxWaitFailsAndItsHandshakeIsAbandoned() throws Exception {
        try (TestNms nms = TestNms.start()) {
            // TCP connects, the "handshake" never completes; cancelling the attempt closes the socket.
            Connector stalled = (endpoint, maxWait) -> {
                CompletableFuture<Connection> never = new CompletableFuture<>();
                new TcpConnector().connect(endpoint, maxWait)
                        .thenAccept(tcp -> never.whenComplete((connection, error) -> tcp.close()));
                return never;
            };
            dial(settings(List.of(nms.endpoint("slow")), Duration.ofMillis(200), 3, 0), stalled, new Random(1),
                    Duration.ofMillis(1000), Duration.ofMillis(1000));
            Event attempt = listener.next(Kind.ATTEMPT, WAIT);
            Socket socket = nms.accept(WAIT);

            Event failed = listener.next(Kind.FAILED, WAIT);

            assertInstanceOf(TimeoutException.class, failed.error());
            long waited = failed.nanos() - attempt.nanos();
            assertTrue(waited >= 200_000_000L && waited < 700_000_000L, "failed after " + waited + " ns");
            TestNms.awaitClosedByDevice(socket, WAIT);
            assertTrue(listener.none(Kind.CONNECTED, Duration.ofMillis(100)));
        }
    }

    @Test
    void aConnectionThatArrivesAfterMaxWaitIsClosed() throws Exception {
        try (TestNms nms = TestNms.start()) {
            // Deaf to cancellation: the connection arrives 400 ms after the attempt began, whatever happens.
            Connector late = (endpoint, maxWait) -> {
                CompletableFuture<Connection> later = new CompletableFuture<>();
                scheduler.schedule(() -> new TcpConnector().connect(endpoint, maxWait).thenAccept(later::complete),
                        400, TimeUnit.MILLISECONDS);
                return later.minimalCompletionStage();
            };
            dial(settings(List.of(nms.endpoint("late")), Duration.ofMillis(150), 1, 0), late, new Random(1),
                    Duration.ofSeconds(10), Duration.ofSeconds(10));

            assertInstanceOf(TimeoutException.class, listener.next(Kind.FAILED, WAIT).error());
            TestNms.awaitClosedByDevice(nms.accept(WAIT), WAIT);
            assertTrue(listener.none(Kind.CONNECTED, Duration.ofMillis(100)));
        }
    }

    @Test
    void aConnectorThatThrowsFailsTheAttemptOnly() throws Exception {
        Connector broken = (endpoint, maxWait) -> {
            throw new IllegalStateException("no route");
        };
        dial(settings(List.of(TestNms.deadEndpoint("a")), Duration.ofSeconds(1), 2, 0), broken, new Random(1),
                Duration.ofMillis(5), Duration.ofMillis(5));

        assertEquals("no route", listener.next(Kind.FAILED, WAIT).error().getMessage());
        assertEquals(2, listener.next(Kind.ATTEMPT, WAIT).attempt());
    }
}
