package org.callhome.nms.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.callhome.nms.registry.DeviceEvent;
import org.callhome.nms.registry.DeviceRegistry;
import org.callhome.nms.session.SourceCounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/events}: the registry's events as Server-Sent Events, one
 * {@code event: <type>} / {@code data: <json>} block each, numbered by {@code id:} (the event's
 * sequence, as {@link RecentEvents} lists it too). A comment line
 * every {@link #HEARTBEAT_MS} keeps proxies from closing a quiet stream. At most
 * {@link #MAX_STREAMS} streams are open at once, and at most {@code maxPerSource} from one IP
 * address, so that one client cannot take them all. A client that does not read is disconnected
 * rather than buffered for: when an event finds its response's write queue full, or when the queue
 * stays full for {@code writeTimeout}. Runs on the registry's context.
 */
final class EventStream {

    static final int MAX_STREAMS = 64;
    static final long HEARTBEAT_MS = 15_000;
    /** Bytes queued to one client before it counts as not reading. */
    static final int MAX_QUEUED_BYTES = 256 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private final Vertx vertx;
    private final DeviceRegistry registry;
    private final int maxPerSource;
    private final Duration writeTimeout;
    private final SourceCounts perSource = new SourceCounts();
    private int open;

    EventStream(Vertx vertx, DeviceRegistry registry, int maxPerSource, Duration writeTimeout) {
        this.vertx = vertx;
        this.registry = registry;
        this.maxPerSource = maxPerSource;
        this.writeTimeout = writeTimeout;
    }

    /** Starts a stream on this request; when at a limit, starts nothing and says which. */
    Optional<String> open(RoutingContext ctx) {
        String source = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
        if (open >= MAX_STREAMS) {
            return Optional.of("too many event streams open (" + MAX_STREAMS + ")");
        }
        if (!perSource.tryTake(source, maxPerSource)) {
            return Optional.of("too many event streams open from " + source + " (" + maxPerSource
                    + "); poll GET /api/devices and /api/events/recent instead");
        }
        open++;
        new Stream(ctx, source).start();
        return Optional.empty();
    }

    /** One client's stream: its subscription, its two timers, and its place, given back once. */
    private final class Stream implements Consumer<DeviceEvent> {

        private final RoutingContext ctx;
        private final HttpServerResponse response;
        private final String source;
        private long heartbeat = -1;
        private long stallCheck = -1;
        /** When its write queue was first seen full, in {@link System#nanoTime}; -1 while it is not. */
        private long fullSince = -1;
        private boolean released;

        Stream(RoutingContext ctx, String source) {
            this.ctx = ctx;
            this.response = ctx.response();
            this.source = source;
        }

        void start() {
            response.setChunked(true).setWriteQueueMaxSize(MAX_QUEUED_BYTES)
                    .putHeader("content-type", "text/event-stream; charset=utf-8")
                    .putHeader("cache-control", "no-store")
                    .putHeader("x-accel-buffering", "no");
            response.write("retry: 2000\n: callhome events\n\n");
            registry.subscribe(this);
            heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> {
                if (!released && !response.closed() && !response.writeQueueFull()) {
                    response.write(": heartbeat\n\n");
                }
            });
            // the write queue fills as Vert.x flushes, after write() returns: looked at on a timer of its own
            stallCheck = vertx.setPeriodic(Math.max(1, writeTimeout.toMillis() / 4), id -> checkStalled());
            response.closeHandler(v -> release());
        }

        @Override
        public void accept(DeviceEvent event) {
            if (released || response.closed() || response.ended()) {
                return;
            }
            if (response.writeQueueFull()) {
                LOG.warn("event stream to {} is not being read: closing it", source);
                drop();
                return;
            }
            response.write("id: " + event.sequence() + "\nevent: " + event.kind().wireName() + "\ndata: "
                    + event.data().encode() + "\n\n");
        }

        private void checkStalled() {
            if (released || response.closed() || !response.writeQueueFull()) {
                fullSince = -1;
            } else if (fullSince < 0) {
                fullSince = System.nanoTime();
            } else if (System.nanoTime() - fullSince >= writeTimeout.toNanos()) {
                LOG.warn("event stream to {} not read for {} ms: closing it", source, writeTimeout.toMillis());
                drop();
            }
        }

        /** A reset alone waits for the queued bytes to be sent, which a client that does not read never takes. */
        private void drop() {
            release();
            response.reset();
            ctx.request().connection().close();
        }

        /** Once, at the close or when dropped: the place is free at once, whenever the connection goes. */
        private void release() {
            if (released) {
                return;
            }
            released = true;
            registry.unsubscribe(this);
            vertx.cancelTimer(heartbeat);
            vertx.cancelTimer(stallCheck);
            open--;
            perSource.release(source);
        }
    }
}
