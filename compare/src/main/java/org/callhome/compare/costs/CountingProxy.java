package org.callhome.compare.costs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on loopback that counts what crosses it, per connection: bytes each way, and
 * flights (a flight is a run of bytes in one direction before bytes flow the other way), which
 * gives the round trips a protocol needs. It sees only ciphertext; the caller takes a
 * {@link Counts snapshot} at the moment the protocol above is ready. Connections are looked up
 * by the local port of the relay's upstream socket, which is the remote port the server sees.
 */
final class CountingProxy implements AutoCloseable {

    /** What crossed one connection so far. */
    record Counts(long bytesFromClient, long bytesFromServer, int flights) {
        long bytes() {
            return bytesFromClient + bytesFromServer;
        }

        /** Round trips: two flights make one. */
        double roundTrips() {
            return flights / 2.0;
        }
    }

    private static final class Tally {
        private long fromClient;
        private long fromServer;
        private int flights;
        private int lastDirection;

        synchronized void add(int direction, int bytes) {
            if (direction != lastDirection) {
                flights++;
                lastDirection = direction;
            }
            if (direction == 1) {
                fromClient += bytes;
            } else {
                fromServer += bytes;
            }
        }

        synchronized Counts snapshot() {
            return new Counts(fromClient, fromServer, flights);
        }
    }

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Map<Integer, Tally> byUpstreamPort = new ConcurrentHashMap<>();

    CountingProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "counting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The counts of the connection whose upstream local port is {@code port}, if there is one. */
    Counts countsFor(int port) {
        Tally tally = byUpstreamPort.get(port);
        return tally == null ? null : tally.snapshot();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(target.getAddress(), target.getPort());
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                Tally tally = new Tally();
                byUpstreamPort.put(server.getLocalPort(), tally);
                pump(client, server, tally, 1);
                pump(server, client, tally, 2);
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
            }
        }
    }

    private static void pump(Socket from, Socket to, Tally tally, int direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    tally.add(direction, read);
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException closed) {
                // either side went away: close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "counting-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
