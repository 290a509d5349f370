package org.callhome.testsupport.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A TCP relay on loopback, on a port it picks: each connection accepted is joined to a new
 * connection to the target, and two threads pump the bytes, one each way, until either side
 * ends; then both sockets close. A {@link Tap} per connection sees every read before it is
 * written on and may hold it back, which is how a relay counts traffic or plays a dead NAT
 * binding. Threads are daemons named after the relay.
 */
public final class LoopbackRelay implements AutoCloseable {

    private static final int BUFFER_BYTES = 16 * 1024;

    /** Which way bytes are going. */
    public enum Direction {
        /** From who dialed the relay to the target. */
        FROM_CLIENT,
        /** From the target back. */
        FROM_SERVER
    }

    /** One relayed connection: {@code client} dialed the relay, {@code server} is the relay's socket to the target. */
    public record Connection(Socket client, Socket server) {
    }

    /** Sees one connection's traffic; called on that direction's pump thread. */
    public interface Tap {
        /** {@code bytes} were read going {@code direction}; they are written on when this returns. */
        void relaying(Direction direction, int bytes) throws InterruptedException;

        /** A direction ended (end of stream or an error); both sockets close when this returns. */
        default void ending() throws InterruptedException {
        }
    }

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Function<Connection, Tap> taps;
    private final String name;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /**
     * Starts accepting at once.
     *
     * @param backlog connections the listener queues before the relay accepts them
     * @param taps    makes the tap of each new connection, on the accepting thread, before any byte moves
     * @param name    the threads' name prefix
     */
    public LoopbackRelay(InetSocketAddress target, int backlog, Function<Connection, Tap> taps, String name)
            throws IOException {
        this.target = Objects.requireNonNull(target, "target");
        this.taps = Objects.requireNonNull(taps, "taps");
        this.name = Objects.requireNonNull(name, "name");
        this.listener = new ServerSocket(0, backlog, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    public boolean isClosed() {
        return listener.isClosed();
    }

    /** Stops accepting and closes every connection it relays. */
    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client = null;
            try {
                client = listener.accept();
                Socket server = new Socket(target.getAddress(), target.getPort());
                sockets.add(client);
                sockets.add(server);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                Tap tap = taps.apply(new Connection(client, server));
                pump(client, server, tap, Direction.FROM_CLIENT);
                pump(server, client, tap, Direction.FROM_SERVER);
            } catch (IOException e) {
                if (client != null) {
                    closeQuietly(client);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, Tap tap, Direction direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[BUFFER_BYTES];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    tap.relaying(direction, read);
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // either side went away, or the relay was closed: the connection ends
            } finally {
                try {
                    tap.ending();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, name + "-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
