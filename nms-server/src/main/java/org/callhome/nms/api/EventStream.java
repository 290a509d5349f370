package org.callhome.nms.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
    private final Map<String, Integer> perSource = new HashMap<>();
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
        int fromSource = perSource.getOrDefault(source, 0);
        if (fromSource >= maxPerSource) {
            return Optional.of("too many event streams open from " + source + " (" + maxPerSource
                    + "); poll GET /api/devices and /api/events/recent instead");
        }
        open++;
        perSource.put(source, fromSource + 1);
        HttpServerResponse response = ctx.response();
        response.setChunked(true).setWriteQueueMaxSize(MAX_QUEUED_BYTES)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-store")
                .putHeader("x-accel-buffering", "no");
        long[] stalled = {-1};
        Runnable write = () -> {
            if (response.writeQueueFull() && stalled[0] < 0) {
                stalled[0] = vertx.setTimer(writeTimeout.toMillis(), id -> {
                    stalled[0] = -1;
                    if (response.writeQueueFull() && !response.closed()) {
                        LOG.warn("event stream to {} not read for {} ms: closing it", source, writeTimeout.toMillis());
                        response.reset();
                    }
                });
            }
        };
        response.drainHandler(v -> {
            if (stalled[0] >= 0) {
                vertx.cancelTimer(stalled[0]);
                stalled[0] = -1;
            }
        });
        response.write("retry: 2000\n: callhome events\n\n");
        Consumer<DeviceEvent> subscriber = new Consumer<>() {
            @Override
            public void accept(DeviceEvent event) {
                if (response.closed() || response.ended()) {
                    return;
                }
                if (response.writeQueueFull()) {
                    LOG.warn("event stream to {} is not being read: closing it", source);
                    response.reset();
                    return;
                }
                response.write("id: " + event.sequence() + "\nevent: " + event.kind().wireName() + "\ndata: "
                        + event.data().encode() + "\n\n");
                write.run();
            }
        };
        registry.subscribe(subscriber);
        long heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> {
            if (!response.closed() && !response.ended() && !response.writeQueueFull()) {
                response.write(": heartbeat\n\n");
                write.run();
            }
        });
        response.closeHandler(v -> {
            registry.unsubscribe(subscriber);
            vertx.cancelTimer(heartbeat);
            if (stalled[0] >= 0) {
                vertx.cancelTimer(stalled[0]);
            }
            open--;
            perSource.computeIfPresent(source, (key, count) -> count > 1 ? count - 1 : null);
        });
        return Optional.empty();
    }
}
