package org.callhome.nms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.callhome.nms.metrics.NmsMetrics;
import org.callhome.nms.registry.DeviceEvent;
import org.callhome.nms.registry.DeviceRegistry;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The event stream on a real Vert.x HTTP server on loopback, its registry publishing on the
 * server's context: a client that never reads holds its stream only until its write queue is found
 * full (by the next event, or after the write timeout when none comes), and its place is then free.
 */
class EventStreamTest {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(1);
    /** 64 KiB each: 12.5 MiB in all. */
    private static final int EVENTS = 200;

    private Vertx vertx;
    private Context context;
    private DeviceRegistry registry;
    private int port;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        CompletableFuture<Integer> bound = new CompletableFuture<>();
        context.runOnContext(v -> {
            registry = new DeviceRegistry(context, Clock.systemUTC(), new NmsMetrics(new SimpleMeterRegistry()),
                    session -> true, id -> false);
            EventStream events = new EventStream(vertx, registry, 1, WRITE_TIMEOUT);
            Router router = Router.router(vertx);
            router.get("/api/events").handler(ctx -> events.open(ctx).ifPresent(refusal ->
                    ctx.response().setStatusCode(503).end(refusal)));
            vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .onSuccess(server -> bound.complete(server.actualPort())).onFailure(bound::completeExceptionally);
        });
        port = bound.get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    void aStreamWhoseWriteQueueStaysFullIsClosedAfterTheWriteTimeoutAndItsPlaceFreed() throws Exception {
        Socket neverReads = new Socket();
        neverReads.setReceiveBufferSize(4096);
        neverReads.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        assertEquals(200, open(neverReads));
        try (Socket second = new Socket(InetAddress.getLoopbackAddress(), port)) {
            assertEquals(503, open(second), "one stream per source: the place is taken");
        }
        // events past what the queue and every socket buffer between can hold, then no more: the queue
        // stays full, and whether the last event or the write timeout finds it so, the stream is closed
        String padding = "x".repeat(64 * 1024);
        for (int i = 0; i < EVENTS; i++) {
            context.runOnContext(v -> registry.publish(DeviceEvent.Kind.RPC, new JsonObject().put("padding", padding)));
        }
        Eventually.until(Duration.ofSeconds(60), () -> {
            try (Socket next = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return open(next) == 200;
            }
        }, () -> "the stream that is not read to be closed and its place freed");
        neverReads.setSoTimeout(60_000);
        long read = 0;
        try (InputStream in = neverReads.getInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read += n;
            }
        } catch (IOException reset) {
            // closed by the server, as expected
        }
        assertTrue(read < EVENTS * 64L * 1024, "the stream was cut before the events were all sent: " + read + " bytes");
    }

    /** Asks for the event stream on {@code socket} and reads the status of the answer. */
    private static int open(Socket socket) throws IOException {
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
        return Integer.parseInt(status.substring(9, 12));
    }
}
