package org.callhome.compare.costs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.callhome.testsupport.relay.LoopbackRelay;
import org.callhome.testsupport.relay.LoopbackRelay.Direction;

/**
 * A {@link LoopbackRelay} that counts what crosses it, per connection: bytes each way, and
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

    private static final class Tally implements LoopbackRelay.Tap {
        private long fromClient;
        private long fromServer;
        private int flights;
        private Direction lastDirection;

        @Override
        public synchronized void relaying(Direction direction, int bytes) {
            if (direction != lastDirection) {
                flights++;
                lastDirection = direction;
            }
            if (direction == Direction.FROM_CLIENT) {
                fromClient += bytes;
            } else {
                fromServer += bytes;
            }
        }

        synchronized Counts snapshot() {
            return new Counts(fromClient, fromServer, flights);
        }
    }

    private final LoopbackRelay relay;
    private final Map<Integer, Tally> byUpstreamPort = new ConcurrentHashMap<>();

    CountingProxy(InetSocketAddress target) throws IOException {
        this.relay = new LoopbackRelay(target, 200, this::tally, "counting-proxy");
    }

    int port() {
        return relay.port();
    }

    /** The counts of the connection whose upstream local port is {@code port}, if there is one. */
    Counts countsFor(int port) {
        Tally tally = byUpstreamPort.get(port);
        return tally == null ? null : tally.snapshot();
    }

    private Tally tally(LoopbackRelay.Connection connection) {
        Tally tally = new Tally();
        byUpstreamPort.put(connection.server().getLocalPort(), tally);
        return tally;
    }

    @Override
    public void close() throws IOException {
        relay.close();
    }
}
