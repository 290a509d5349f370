package org.callhome.device.callhome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.callhome.device.callhome.RecordingListener.Kind;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.ReconnectStrategy;
import org.callhome.shared.config.StartWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A persistent connection to an NMS on 127.0.0.1 that closes, and where the next round starts. */
class DialerReconnectTest {

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

    private void dial(List<Endpoint> endpoints, StartWith startWith, int maxAttempts, Random random) {
        CallHomeSettings settings = CallHomeSettings.defaults("nms", endpoints)
                .withReconnect(new ReconnectStrategy(startWith, Duration.ofSeconds(2), maxAttempts))
                .withJitterFraction(0);
        dialer = new CallHomeDialer(settings, new TcpConnector(), scheduler, listener, random,
                Duration.ofMillis(20), Duration.ofMillis(80), Clock.systemUTC());
        dialer.start();
    }

    @Test
    void reconnectsAfterTheNmsClosesTheConnection() throws Exception {
        try (TestNms nms = TestNms.start()) {
            dial(List.of(nms.endpoint("nms")), StartWith.FIRST_LISTED, 3, new Random(1));
            listener.next(Kind.CONNECTED, WAIT);
            nms.accept(WAIT).close();

            assertEquals("closed by the NMS", listener.next(Kind.DISCONNECTED, WAIT).reason());
            assertEquals(1, listener.next(Kind.ATTEMPT, WAIT).attempt());
            listener.next(Kind.CONNECTED, WAIT);
            nms.accept(WAIT);
        }
    }

    @Test
    void aZeroWaitAfterASessionCallsAgainAtOnceInsteadOfAfterTheInitialBackoff() throws Exception {
        try (TestNms nms = TestNms.start()) {
            CallHomeSettings settings = CallHomeSettings.defaults("nms", List.of(nms.endpoint("nms")))
                    .withJitterFraction(0);
            // an initial backoff far beyond the wait below: only the zero wait can bring the next attempt in time
            dialer = new CallHomeDialer(settings, new TcpConnector(), scheduler, listener, new Random(1),
                    Duration.ofSeconds(50), Duration.ofSeconds(60), Clock.systemUTC(), Optional.of(Duration.ZERO));
            dialer.start();
            listener.next(Kind.CONNECTED, WAIT);
            nms.accept(WAIT).close();

            listener.next(Kind.DISCONNECTED, WAIT);
            assertEquals(1, listener.next(Kind.ATTEMPT, Duration.ofSeconds(30)).attempt());
            listener.next(Kind.CONNECTED, WAIT);
        }
    }

    @Test
    void theWaitAfterASessionMayBeTheLongestBackoffAndNotLongerNorNegative() throws Exception {
        CallHomeSettings settings = CallHomeSettings.defaults("nms", List.of(TestNms.deadEndpoint("nms")));
        new CallHomeDialer(settings, new TcpConnector(), scheduler, listener, new Random(1),
                Optional.of(Duration.ofSeconds(60))).close();
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> new CallHomeDialer(
                settings, new TcpConnector(), scheduler, listener, new Random(1),
                Optional.of(Duration.ofSeconds(60).plusMillis(1))));
        assertTrue(tooLong.getMessage().contains("between 0 and 60 s"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CallHomeDialer(settings, new TcpConnector(),
                scheduler, listener, new Random(1), Optional.of(Duration.ofMillis(-1))));
    }

    @Test
    void lastConnectedStartsTheNextRoundAtTheEndpointThatLastWorked() throws Exception {
        try (TestNms nms = TestNms.start()) {
            Endpoint dead = TestNms.deadEndpoint("dead");
            dial(List.of(dead, nms.endpoint("live")), StartWith.LAST_CONNECTED, 1, new Random(1));
            assertEquals("dead", listener.next(Kind.ATTEMPT, WAIT).endpoint().name());
            assertEquals("live", listener.next(Kind.CONNECTED, WAIT).endpoint().name());

            nms.accept(WAIT).close();
            listener.next(Kind.DISCONNECTED, WAIT);

            assertEquals("live", listener.next(Kind.ATTEMPT, WAIT).endpoint().name());
            assertEquals("live", listener.next(Kind.CONNECTED, WAIT).endpoint().name());
        }
    }

    @Test
    void firstListedStartsEveryRoundAtTheFirstEndpoint() throws Exception {
        try (TestNms nms = TestNms.start()) {
            Endpoint dead = TestNms.deadEndpoint("dead");
            dial(List.of(dead, nms.endpoint("live")), StartWith.FIRST_LISTED, 1, new Random(1));
            listener.next(Kind.CONNECTED, WAIT);

            nms.accept(WAIT).close();
            listener.next(Kind.DISCONNECTED, WAIT);

            assertEquals("dead", listener.next(Kind.ATTEMPT, WAIT).endpoint().name());
            assertEquals("live", listener.next(Kind.CONNECTED, WAIT).endpoint().name());
        }
    }

    @Test
    void randomSelectionStartsWhereTheRandomGeneratorPoints() throws Exception {
        List<Endpoint> endpoints = List.of(TestNms.deadEndpoint("a"), TestNms.deadEndpoint("b"),
                TestNms.deadEndpoint("c"));
        int expected = new Random(7).nextInt(endpoints.size());

        dial(endpoints, StartWith.RANDOM_SELECTION, 1, new Random(7));

        assertEquals(endpoints.get(expected), listener.next(Kind.ATTEMPT, WAIT).endpoint());
    }

    @Test
    void closeStopsDialingAndClosesTheConnection() throws Exception {
        try (TestNms nms = TestNms.start()) {
            dial(List.of(nms.endpoint("nms")), StartWith.FIRST_LISTED, 3, new Random(1));
            listener.next(Kind.CONNECTED, WAIT);
            Socket socket = nms.accept(WAIT);

            dialer.close();

            TestNms.awaitClosedByDevice(socket, WAIT);
            assertEquals("closed by the device", listener.next(Kind.DISCONNECTED, WAIT).reason());
            assertTrue(listener.none(Kind.ATTEMPT, Duration.ofMillis(300)));
            assertTrue(nms.nothingAccepted(Duration.ofMillis(50)));
        }
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheDialer() throws Exception {
        try (TestNms nms = TestNms.start()) {
            RecordingListener recorder = listener;
            DialerListener throwing = new DialerListener() {
                @Override
                public void attempt(Endpoint endpoint, int attemptOnEndpoint) {
                    throw new IllegalStateException("listener bug");
                }

                @Override
                public void connected(Endpoint endpoint) {
                    recorder.connected(endpoint);
                }
            };
            dialer = new CallHomeDialer(CallHomeSettings.defaults("nms", List.of(nms.endpoint("nms"))),
                    new TcpConnector(), scheduler, throwing, new Random(1));
            dialer.start();

            listener.next(Kind.CONNECTED, WAIT);
        }
    }
}
