package org.callhome.testsupport.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopbackRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private ServerSocket echo;

    @BeforeEach
    void startEchoServer() throws Exception {
        echo = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            try (Socket socket = echo.accept()) {
                socket.getInputStream().transferTo(socket.getOutputStream());
            } catch (Exception e) {
                // the test ended
            }
        }, "echo");
        thread.setDaemon(true);
        thread.start();
    }

    @AfterEach
    void stopEchoServer() throws Exception {
        echo.close();
    }

    @Test
    void relaysBothWaysAndTellsTheTapEachRead() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (LoopbackRelay relay = new LoopbackRelay(target(), 10, connection -> new LoopbackRelay.Tap() {
            @Override
            public void relaying(LoopbackRelay.Direction direction, int bytes) {
                seen.add(direction + " " + bytes);
            }

            @Override
            public void ending() {
                seen.add("end");
            }
        }, "test-relay"); Socket client = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
            client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));

            assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), readN(client.getInputStream(), 5));
            assertEquals(List.of("FROM_CLIENT 5", "FROM_SERVER 5"), seen);

            client.shutdownOutput();
            assertEquals(-1, client.getInputStream().read(), "the relay closed the client's side after the echo");
            Eventually.until(WAIT, () -> seen.contains("end"), () -> "the tap told of the end: " + seen);
        }
    }

    @Test
    void closingTheRelayClosesItsConnections() throws Exception {
        LoopbackRelay relay = new LoopbackRelay(target(), 10, connection -> (direction, bytes) -> { }, "test-relay");
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
            client.getOutputStream().write('x');
            assertEquals('x', client.getInputStream().read());

            relay.close();

            assertEquals(-1, client.getInputStream().read());
            assertTrue(relay.isClosed());
        }
    }

    private InetSocketAddress target() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort());
    }

    private static byte[] readN(InputStream in, int n) throws Exception {
        byte[] bytes = new byte[n];
        int got = 0;
        while (got < n) {
            int read = in.read(bytes, got, n - got);
            if (read < 0) {
                break;
            }
            got += read;
        }
        return bytes;
    }
}
