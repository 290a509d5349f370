package org.callhome.nms.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.callhome.nms.registry.DeviceRegistry;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.session.RpcTimeoutException;
import org.callhome.shared.netconf.session.SessionClosedException;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * The NMS's HTTP API. Owns the device registry (same context), so handlers read it directly.
 * All routes are declared in {@link #routes}; one failure handler turns every failure into a
 * JSON body, never a stack trace.
 */
public final class ApiVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);

    private final InetSocketAddress listen;
    private final NetconfLimits limits;
    private final Duration rpcTimeout;
    private final List<TrustedDevice> trusted;
    private DeviceRegistry registry;
    private HttpServer server;

    /** A device trusted at start: its id, strategy and the fingerprint of the key that identifies it. */
    public record TrustedDevice(String id, CallHomeStrategy strategy, String fingerprint) {
    }

    /**
     * @param trusted the devices trusted at start, in the order of the trust files
     */
    public ApiVerticle(InetSocketAddress listen, NetconfLimits limits, Duration rpcTimeout,
                       List<TrustedDevice> trusted) {
        this.listen = listen;
        this.limits = limits;
        this.rpcTimeout = rpcTimeout;
        this.trusted = List.copyOf(trusted);
    }

    /** The registry, available once the verticle has started. */
    public DeviceRegistry registry() {
        return registry;
    }

    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> start() {
        registry = new DeviceRegistry(context, Clock.systemUTC());
        trusted.forEach(device -> registry.trust(device.id(), device.strategy().wireName(), device.fingerprint()));
        return vertx.createHttpServer()
                .requestHandler(routes())
                .listen(listen.getPort(), listen.getHostString())
                .onSuccess(bound -> {
                    server = bound;
                    LOG.info("HTTP API on http://{}:{}/api/devices", listen.getHostString(), bound.actualPort());
                });
    }

    private Router routes() {
        Router router = Router.router(vertx);
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(limits.maxMessageBytes()));
        router.get("/api/devices").handler(this::listDevices);
        router.post("/api/devices/:id/rpc").handler(this::rpc);
        router.route().failureHandler(this::failure);
        router.errorHandler(404, ctx -> error(ctx, 404, "no such route: " + ctx.request().path()));
        router.errorHandler(405, ctx -> error(ctx, 405, "method " + ctx.request().method() + " not allowed here"));
        return router;
    }

    private void listDevices(RoutingContext ctx) {
        ctx.response().putHeader("content-type", "application/json").end(registry.toJson().encodePrettily());
    }

    private void rpc(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!registry.knows(id)) {
            error(ctx, 404, "no device with id '" + id + "'");
            return;
        }
        var session = registry.session(id);
        if (session.isEmpty()) {
            error(ctx, 409, "device '" + id + "' is not connected");
            return;
        }
        Element operation;
        try {
            operation = NetconfXml.parse(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes(),
                    limits).getDocumentElement();
        } catch (NetconfException e) {
            error(ctx, 400, "the body must be one NETCONF operation element as XML: " + e.error().message());
            return;
        }
        Future.fromCompletionStage(session.get().netconf().rpc(operation, rpcTimeout), context)
                .onSuccess(reply -> ctx.response().putHeader("content-type", "application/xml")
                        .end(reply.toXml()))
                .onFailure(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof RpcTimeoutException) {
                        error(ctx, 504, cause.getMessage());
                    } else if (cause instanceof SessionClosedException) {
                        error(ctx, 409, "device '" + id + "' disconnected: " + cause.getMessage());
                    } else if (cause instanceof NetconfException netconf) {
                        error(ctx, netconf.error().tag().httpStatus(), netconf.getMessage());
                    } else {
                        ctx.fail(cause);
                    }
                });
    }

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
        if (status >= 500) {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        }
        String message = switch (status) {
            case 413 -> "request body larger than " + limits.maxMessageBytes() + " bytes";
            case 404 -> "no such route";
            case 405 -> "method not allowed";
            default -> status >= 500 ? "internal error" : "bad request";
        };
        error(ctx, status, message);
    }

    private static void error(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", message).put("status", status).encode());
    }
}
