package org.callhome.device.callhome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.callhome.device.callhome.RecordingListener.Event;
import org.callhome.device.callhome.RecordingListener.Kind;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.ConnectionType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Periodic connections on 127.0.0.1 with periods of a few hundred milliseconds. */
class DialerPeriodicTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    /** How late a scheduler on a busy CI machine may run a task. */
    private static final long SLACK_MILLIS = 150;
    /** How much earlier than its boundary an event may seem, when the one it is measured from was stamped late. */
    private static final long EARLY_MILLIS = 100;

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

    private void dial(TestNms nms, ConnectionType.Periodic periodic) {
        CallHomeSettings settings = CallHomeSettings.defaults("nms", List.of(nms.endpoint("nms")))
                .withConnectionType(periodic).withJitterFraction(0);
        dialer = new CallHomeDialer(settings, new TcpConnector(), scheduler, listener, new Random(1),
                Duration.ofMillis(20), Duration.ofMillis(80), Clock.systemUTC());
        dialer.start();
    }

    private static ConnectionType.Periodic every(long millis) {
        return ConnectionType.Periodic.DEFAULT.withPeriod(Duration.ofMillis(millis));
    }

    private static long millisBetween(Event earlier, Event later) {
        return (later.nanos() - earlier.nanos()) / 1_000_000;
    }

    @Test
    void connectsAtOnceThenAgainAtEachPeriodBoundary() throws Exception {
        try (TestNms nms = TestNms.start()) {
            dial(nms, every(300));
            Event first = listener.next(Kind.CONNECTED, WAIT);
            nms.accept(WAIT).close();
            assertEquals("closed by the NMS", listener.next(Kind.DISCONNECTED, WAIT).reason());

            Event second = listener.next(Kind.CONNECTED, WAIT);
            nms.accept(WAIT).close();
            Event third = listener.next(Kind.CONNECTED, WAIT);

            // the first event may be stamped late under load (273 ms seen), which shortens the gap after it;
            // a connection at once instead of at the boundary would be some 300 ms early
            long gap = millisBetween(first, second);
            assertTrue(gap >= 300 - EARLY_MILLIS && gap <= 300 + SLACK_MILLIS, "second connection after " + gap
                    + " ms");
            long total = millisBetween(first, third);
            assertTrue(total >= 600 - EARLY_MILLIS && total <= 600 + SLACK_MILLIS, "third connection after " + total
                    + " ms");
        }
    }

    @Test
    void boundariesCountFromTheAnchorTime() throws Exception {
        try (TestNms nms = TestNms.start()) {
            Instant anchor = Instant.now().plusMillis(150);
            dial(nms, every(400).withAnchorTime(anchor));
            listener.next(Kind.CONNECTED, WAIT);
            nms.accept(WAIT).close();

            Event second = listener.next(Kind.CONNECTED, WAIT);

            long sinceAnchor = Duration.between(anchor, second.at()).toMillis();
            assertTrue(sinceAnchor >= -5 && sinceAnchor <= SLACK_MILLIS,
                    "connected " + sinceAnchor + " ms after the anchor");
        }
    }

    @Test
    void aConnectionIdleForTheIdleTimeoutIsClosedAndTheNextPeriodWaited() throws Exception {
        try (TestNms nms = TestNms.start()) {
            dial(nms, every(800).withIdleTimeout(Duration.ofMillis(200)));
            Event connected = listener.next(Kind.CONNECTED, WAIT);
            Socket silent = nms.accept(WAIT);

            Event ended = listener.next(Kind.DISCONNECTED, WAIT);
            TestNms.awaitClosedByDevice(silent, WAIT);
            Event again = listener.next(Kind.CONNECTED, WAIT);

            assertEquals("idle timeout", ended.reason());
            long idle = millisBetween(connected, ended);
            // the connected event is stamped as the listener hears it, which on a loaded machine may be a
            // few milliseconds after the idle clock started: the lower bound only says "not at once"
            assertTrue(idle >= 150 && idle <= 200 + SLACK_MILLIS, "closed after " + idle + " ms");
            long next = millisBetween(connected, again);
            assertTrue(next >= 780 && next <= 800 + SLACK_MILLIS, "reconnected after " + next + " ms");
        }
    }

    @Test
    void trafficKeepsAConnectionFromIdling() throws Exception {
        try (TestNms nms = TestNms.start()) {
            dial(nms, every(5000).withIdleTimeout(Duration.ofMillis(200)));
            listener.next(Kind.CONNECTED, WAIT);
            Socket talking = nms.accept(WAIT);
            for (int i = 0; i < 6; i++) {
                talking.getOutputStream().write('.');
                Thread.sleep(100);
            }
            assertTrue(listener.none(Kind.DISCONNECTED, Duration.ofMillis(50)));
            assertEquals("idle timeout", listener.next(Kind.DISCONNECTED, WAIT).reason());
        }
    }

    @Test
    void aBrokenConnectionIsReestablishedAtOnceNotAtTheNextPeriod() throws Exception {
        try (TestNms nms = TestNms.start()) {
            dial(nms, ConnectionType.Periodic.DEFAULT.withPeriod(Duration.ofMinutes(10)));
            listener.next(Kind.CONNECTED, WAIT);
            TestNms.reset(nms.accept(WAIT));

            Event broken = listener.next(Kind.DISCONNECTED, WAIT);
            Event again = listener.next(Kind.CONNECTED, WAIT);

            assertTrue(broken.reason().startsWith("broken: "), broken.reason());
            long after = millisBetween(broken, again);
            assertTrue(after < 20 + SLACK_MILLIS, "reconnected after " + after + " ms");
        }
    }

    @Test
    void withoutAnAnchorTheFirstConnectionIsNotDelayed() throws Exception {
        try (TestNms nms = TestNms.start()) {
            long before = System.nanoTime();
            dial(nms, new ConnectionType.Periodic(Duration.ofMinutes(60), Optional.empty(), Duration.ofSeconds(180)));
            Event connected = listener.next(Kind.CONNECTED, WAIT);
            assertTrue((connected.nanos() - before) / 1_000_000 < SLACK_MILLIS);
        }
    }
}
