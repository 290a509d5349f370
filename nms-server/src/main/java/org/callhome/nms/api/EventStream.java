package org.callhome.nms.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;
import org.callhome.nms.registry.DeviceEvent;
import org.callhome.nms.registry.DeviceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/events}: the registry's events as Server-Sent Events, one
 * {@code event: <type>} / {@code data: <json>} block each, numbered by {@code id:} (the event's
 * sequence, as {@link RecentEvents} lists it too). A comment line
 * every {@link #HEARTBEAT_MS} keeps proxies from closing a quiet stream. At most
 * {@link #MAX_STREAMS} streams are open at once, and a client that does not read (its response's
 * write queue is full) is disconnected rather than buffered for. Runs on the registry's context.
 */
final class EventStream {

    static final int MAX_STREAMS = 64;
    static final long HEARTBEAT_MS = 15_000;
    /** Bytes queued to one client before it counts as not reading. */
    static final int MAX_QUEUED_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private final Vertx vertx;
    private final DeviceRegistry registry;
    private int open;

    EventStream(Vertx vertx, DeviceRegistry registry) {
        this.vertx = vertx;
        this.registry = registry;
    }

    /** Starts a stream on this request, or answers 503 when too many are open. */
    boolean open(RoutingContext ctx) {
        if (open >= MAX_STREAMS) {
            return false;
        }
        open++;
        HttpServerResponse response = ctx.response();
        response.setChunked(true).setWriteQueueMaxSize(MAX_QUEUED_BYTES)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-store")
                .putHeader("x-accel-buffering", "no");
        response.write("retry: 2000\n: callhome events\n\n");
        Consumer<DeviceEvent> subscriber = new Consumer<>() {
            @Override
            public void accept(DeviceEvent event) {
                if (response.closed() || response.ended()) {
                    return;
                }
                if (response.writeQueueFull()) {
                    LOG.warn("event stream to {} is not being read: closing it", ctx.request().remoteAddress());
                    response.reset();
                    return;
                }
                response.write("id: " + event.sequence() + "\nevent: " + event.kind().wireName() + "\ndata: "
                        + event.data().encode() + "\n\n");
            }
        };
        registry.subscribe(subscriber);
        long heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> {
            if (!response.closed() && !response.ended() && !response.writeQueueFull()) {
                response.write(": heartbeat\n\n");
            }
        });
        response.closeHandler(v -> {
            registry.unsubscribe(subscriber);
            vertx.cancelTimer(heartbeat);
            open--;
        });
        return true;
    }
}
