package org.callhome.nms.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.util.IdentityHashMap;
import java.util.Map;
import org.callhome.nms.config.HttpLimits;
import org.callhome.nms.session.SourceCounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's HTTP connections: at most {@link HttpLimits#maxConnectionsPerSource} from one IP
 * address (more are closed on accept), and each must deliver a whole request (headers and body)
 * within {@link HttpLimits#requestTimeout} of opening or of its previous response's end, so that a
 * client sending a byte at a time cannot hold a connection. Idle connections are closed by the
 * server's idle timeout. Runs on the API's event loop, which owns every map here.
 */
final class HttpConnections {

    private static final Logger LOG = LoggerFactory.getLogger(HttpConnections.class);

    private final Vertx vertx;
    private final HttpLimits limits;
    private final SourceCounts perSource = new SourceCounts();
    /** The request timer of each open connection still waiting for a whole request; -1 for none. */
    private final Map<HttpConnection, Long> waiting = new IdentityHashMap<>();

    HttpConnections(Vertx vertx, HttpLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
    }

    /** The server's connection handler: counts the connection against its source, or closes it. */
    void accept(HttpConnection connection) {
        String source = connection.remoteAddress() == null ? "" : connection.remoteAddress().hostAddress();
        if (!perSource.tryTake(source, limits.maxConnectionsPerSource())) {
            LOG.warn("HTTP connection from {} closed: {} open from that address already (the most allowed)",
                    source, limits.maxConnectionsPerSource());
            connection.close();
            return;
        }
        waiting.put(connection, -1L);
        arm(connection);
        connection.closeHandler(v -> {
            perSource.release(source);
            Long timer = waiting.remove(connection);
            if (timer != null && timer >= 0) {
                vertx.cancelTimer(timer);
            }
        });
    }

    /** A route handler placed after the body is read: the request is whole, its connection waits for nothing. */
    void requestRead(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        Long timer = waiting.get(connection);
        if (timer != null && timer >= 0) {
            vertx.cancelTimer(timer);
            waiting.put(connection, -1L);
        }
        ctx.addEndHandler(ended -> {
            if (waiting.containsKey(connection)) {
                arm(connection);
            }
        });
        ctx.next();
    }

    /** How many connections are open from {@code source} (an IP address as text). */
    int openFrom(String source) {
        return perSource.count(source);
    }

    private void arm(HttpConnection connection) {
        Long previous = waiting.get(connection);
        if (previous != null && previous >= 0) {
            vertx.cancelTimer(previous);
        }
        long timer = vertx.setTimer(limits.requestTimeout().toMillis(), id -> {
            Long current = waiting.get(connection);
            if (current != null && current == id) {
                LOG.warn("HTTP connection from {} closed: no whole request within {} ms",
                        connection.remoteAddress(), limits.requestTimeout().toMillis());
                waiting.put(connection, -1L);
                connection.close();
            }
        });
        waiting.put(connection, timer);
    }
}
