package org.callhome.device.callhome;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.callhome.shared.config.Endpoint;

/**
 * The NMS side of the dialer tests: a listener on 127.0.0.1 at a port it picked, handing every
 * accepted socket to the test, which decides what the NMS does with it.
 */
final class TestNms implements AutoCloseable {

    private final ServerSocket server;
    private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    private TestNms(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "test-nms-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static TestNms start() throws IOException {
        return new TestNms(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    /** An endpoint nobody listens on: the port was free a moment ago, so attempts are refused. */
    static Endpoint deadEndpoint(String name) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new Endpoint(name, "127.0.0.1", probe.getLocalPort());
        }
    }

    Endpoint endpoint(String name) {
        return new Endpoint(name, "127.0.0.1", server.getLocalPort());
    }

    /** The next connection the dialer made, waiting up to {@code timeout}. */
    Socket accept(Duration timeout) throws InterruptedException {
        Socket socket = accepted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (socket == null) {
            throw new AssertionError("the NMS saw no connection within " + timeout);
        }
        return socket;
    }

    boolean nothingAccepted(Duration during) throws InterruptedException {
        return accepted.poll(during.toMillis(), TimeUnit.MILLISECONDS) == null;
    }

    /** Waits until the device closes {@code socket}; fails if it does not within {@code timeout}. */
    static void awaitClosedByDevice(Socket socket, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        InputStream in = socket.getInputStream();
        try {
            if (in.read() != -1) {
                throw new AssertionError("the device sent data instead of closing");
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the device did not close the connection within " + timeout);
        }
    }

    /** Ends the connection with a TCP reset: to the device, a broken connection. */
    static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                accepted.add(server.accept());
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }
}
