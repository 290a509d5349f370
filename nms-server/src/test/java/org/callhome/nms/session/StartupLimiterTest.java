package org.callhome.nms.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.util.Readable;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.callhome.nms.config.StartupLimits;
import org.callhome.nms.session.StartupLimiter.Refusal;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The limiter in front of a real MINA acceptor on loopback, as both halves use it: behind it a
 * handler that greets every connection it is given with an SSH identification line, as an SSH peer
 * would, so a test sees from the socket alone whether a connection was admitted (the greeting) or
 * closed before any SSH byte (end of stream). Sources are addresses of 127.0.0.0/8 the test binds.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StartupLimiterTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String GREETING = "SSH-2.0-greeter\r\n";
    private static final Duration LONG = Duration.ofMinutes(5);

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final Queue<Refusal> refusals = new ConcurrentLinkedQueue<>();
    private final List<IoSession> greeted = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private SshClient mina;
    private IoAcceptor acceptor;
    private InetSocketAddress address;
    private StartupLimiter limiter;

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (acceptor != null) {
            acceptor.close(true);
        }
        if (mina != null) {
            mina.stop();
        }
        timers.shutdownNow();
    }

    @Test
    void dropChanceIsNoneBelowStartTheRateAtStartAndCertainAtFull() {
        StartupLimits limits = new StartupLimits(10, 30, 100, 5, LONG);
        assertEquals(0, StartupLimiter.dropChance(limits, 9));
        assertEquals(0.30, StartupLimiter.dropChance(limits, 10), 1e-9);
        assertEquals(0.65, StartupLimiter.dropChance(limits, 55), 1e-9);
        assertEquals(1.0 - 0.7 / 90, StartupLimiter.dropChance(limits, 99), 1e-9);
        assertEquals(1, StartupLimiter.dropChance(limits, 100));
        assertEquals(1, StartupLimiter.dropChance(limits, 101));
        assertEquals(1, StartupLimiter.dropChance(new StartupLimits(4, 100, 4, 4, LONG), 4), "N alone is a hard limit");
    }

    @Test
    void theHardLimitAdmitsFullConnectionsAndClosesTheNextBeforeAnySshByte() throws Exception {
        start(new StartupLimits(3, 100, 3, 3, LONG), () -> 0.99);
        for (int source = 2; source <= 4; source++) {
            assertGreeted(open(source));
        }
        assertClosedUngreeted(open(5));
        assertEquals(List.of(Refusal.FULL), List.copyOf(refusals));
        assertEquals(3, limiter.pending());
        assertEquals(3, greeted.size(), "the refused connection never reached the session handler");
    }

    @Test
    void aSourceGetsItsLimitOfConnectionsAndTheNextOneFromItIsClosedWhileOthersGetIn() throws Exception {
        start(new StartupLimits(10, 100, 10, 2, LONG), () -> 0.99);
        assertGreeted(open(2));
        assertGreeted(open(2));
        assertClosedUngreeted(open(2));
        assertGreeted(open(3));
        assertEquals(List.of(Refusal.PER_SOURCE), List.copyOf(refusals));
    }

    @Test
    void aClosedConnectionGivesItsPlaceBackToItsSourceAndTheTotal() throws Exception {
        start(new StartupLimits(1, 100, 1, 1, LONG), () -> 0.99);
        Socket first = open(2);
        assertGreeted(first);
        assertClosedUngreeted(open(3));
        first.close();
        Eventually.until(WAIT, () -> limiter.pending() == 0, () -> "the closed connection still holds its place");
        assertEquals(0, limiter.sourcesInProgress(), "a source without connections in progress is forgotten");
        assertGreeted(open(2));
    }

    @Test
    void aSourceIsAnIpv4AddressOrAnIpv6Slash64() throws Exception {
        assertEquals(StartupLimiter.sourceOf(new InetSocketAddress("192.0.2.1", 1)),
                StartupLimiter.sourceOf(new InetSocketAddress("192.0.2.1", 2)));
        assertNotEquals(StartupLimiter.sourceOf(new InetSocketAddress("192.0.2.1", 1)),
                StartupLimiter.sourceOf(new InetSocketAddress("192.0.2.2", 1)));
        assertEquals(StartupLimiter.sourceOf(new InetSocketAddress("2001:db8:1:2::1", 1)),
                StartupLimiter.sourceOf(new InetSocketAddress("2001:db8:1:2:ffff:ffff:ffff:ffff", 1)));
        assertNotEquals(StartupLimiter.sourceOf(new InetSocketAddress("2001:db8:1:2::1", 1)),
                StartupLimiter.sourceOf(new InetSocketAddress("2001:db8:1:3::1", 1)));
    }

    @Test
    void betweenStartAndFullANewConnectionIsDroppedWithTheChanceForHowManyAreInProgress() throws Exception {
        Queue<Double> draws = new ConcurrentLinkedQueue<>(List.of(0.49, 0.5, 0.74, 0.75));
        start(new StartupLimits(2, 50, 4, 10, LONG), () -> draws.remove());
        assertGreeted(open(2));
        assertGreeted(open(2));
        // 2 in progress: refused with chance 0.5
        assertClosedUngreeted(open(2));
        assertGreeted(open(2));
        // 3 in progress: refused with chance 0.75
        assertClosedUngreeted(open(2));
        assertGreeted(open(2));
        // 4 in progress: full, whatever the draw
        assertClosedUngreeted(open(2));
        assertEquals(List.of(Refusal.EARLY_DROP, Refusal.EARLY_DROP, Refusal.FULL), List.copyOf(refusals));
        assertTrue(draws.isEmpty(), "one draw per admission between start and full, none below start or at full");
    }

    @Test
    void aConnectionWithoutKeyExchangeIsClosedAtTheKexTimeoutAndItsPlaceGoesToTheNext() throws Exception {
        start(new StartupLimits(1, 100, 1, 1, Duration.ofMillis(500)), () -> 0.99);
        Socket idle = open(2);
        assertGreeted(idle);
        idle.setSoTimeout((int) WAIT.toMillis());
        assertEquals(-1, idle.getInputStream().read(), "the NMS closes a connection that does not exchange keys");
        Eventually.until(WAIT, () -> refusals.contains(Refusal.KEX_TIMEOUT) && limiter.pending() == 0,
                () -> "the timed-out connection is counted and frees its place: " + refusals);
        assertGreeted(open(3));
    }

    private void start(StartupLimits limits, DoubleSupplier random) throws IOException {
        limiter = new StartupLimiter(limits, "test", timers, refusals::add, random);
        mina = SshClient.setUpDefaultClient();
        mina.start();
        acceptor = mina.getIoServiceFactory().createAcceptor(limiter.guard(new Greeter()));
        acceptor.bind(new InetSocketAddress("127.0.0.1", 0));
        address = (InetSocketAddress) acceptor.getBoundAddresses().iterator().next();
    }

    /** A TCP connection from 127.0.0.{@code source}. */
    private Socket open(int source) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0." + source), 0));
        socket.connect(address, (int) WAIT.toMillis());
        return socket;
    }

    private static void assertGreeted(Socket socket) throws IOException {
        socket.setSoTimeout((int) WAIT.toMillis());
        byte[] expected = GREETING.getBytes(StandardCharsets.US_ASCII);
        byte[] read = socket.getInputStream().readNBytes(expected.length);
        assertEquals(GREETING, new String(read, StandardCharsets.US_ASCII), "an admitted connection is served");
    }

    private static void assertClosedUngreeted(Socket socket) throws IOException {
        socket.setSoTimeout((int) WAIT.toMillis());
        InputStream in = socket.getInputStream();
        try {
            assertEquals(-1, in.read(), "a refused connection is closed before any SSH byte");
        } catch (SocketTimeoutException e) {
            throw new AssertionError("a refused connection was left open", e);
        } catch (IOException reset) {
            // closed with a reset: refused all the same
        }
    }

    /** Stands for MINA's session factory: greets every connection it is handed. */
    private final class Greeter implements IoHandler {
        @Override
        public void sessionCreated(IoSession session) throws Exception {
            greeted.add(session);
            session.writeBuffer(new ByteArrayBuffer(GREETING.getBytes(StandardCharsets.US_ASCII)));
        }

        @Override
        public void sessionClosed(IoSession session) {
            greeted.remove(session);
        }

        @Override
        public void exceptionCaught(IoSession session, Throwable cause) {
        }

        @Override
        public void messageReceived(IoSession session, Readable message) {
        }
    }
}
