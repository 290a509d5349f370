package org.callhome.nms.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.callhome.nms.callhome.DeviceSession;
import org.callhome.nms.metrics.NmsMetrics;
import org.callhome.nms.registry.DeviceRegistry;
import org.callhome.nms.registry.DeviceRegistry.UnknownDevice;
import org.callhome.nms.trust.NmsCredentials;
import org.callhome.nms.trust.TrustStore;
import org.callhome.nms.trust.TrustConflictException;
import org.callhome.nms.trust.TrustedDevice;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.session.RpcReply;
import org.callhome.shared.netconf.session.RpcTimeoutException;
import org.callhome.shared.netconf.session.SessionClosedException;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NmsHalf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * The NMS's HTTP API, its event stream, its metrics and the dashboard's files. Owns the device
 * registry (same context), so handlers read it directly. All routes are declared in
 * {@link #routes}; one failure handler turns every failure into a JSON body, never a stack trace.
 */
public final class ApiVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);
    private static final Set<String> DEVICE_FIELDS = Set.of("id", "approveFingerprint", "strategy", "publicKey",
            "notes", "nmsUsername", "nmsIdentityFile");
    /** {@code trustTakesEffect} of a trust answer for a device that is not connected. */
    static final String TAKES_EFFECT_AT_NEXT_CALL = "The trust applies from the device's next call: the NMS cannot "
            + "call a call-home device, so it connects when it next calls home, as its reconnect policy schedules.";
    static final String TAKES_EFFECT_NOW = "The device is connected: the trust is in effect.";
    private static final String GET_RUNNING_CONFIG = "<get-config xmlns=\"" + Netconf.BASE_NS + "\">"
            + "<source><running/></source></get-config>";

    /**
     * @param token       the bearer token the API and metrics require, if any
     * @param halves      the NMS half of each strategy served, filled as they start (revocation drops sessions there)
     * @param listening   where each served strategy listens, filled as they start
     * @param admit       whether a session that reached NETCONF may stay (its device still trusted)
     */
    public record Settings(InetSocketAddress listen, NetconfLimits limits, Duration rpcTimeout, Optional<String> token,
                           TrustStore trust, NmsMetrics metrics, PrometheusMeterRegistry prometheus,
                           Map<CallHomeStrategy, NmsHalf> halves, Map<CallHomeStrategy, String> listening,
                           Predicate<DeviceSession> admit) {
        public Settings {
            Objects.requireNonNull(listen, "listen");
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(rpcTimeout, "rpcTimeout");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(trust, "trust");
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(prometheus, "prometheus");
            Objects.requireNonNull(halves, "halves");
            Objects.requireNonNull(listening, "listening");
            Objects.requireNonNull(admit, "admit");
        }
    }

    private final Settings settings;
    private DeviceRegistry registry;
    private EventStream events;
    private RecentEvents recentEvents;
    private HttpServer server;

    public ApiVerticle(Settings settings) {
        this.settings = settings;
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
        registry = new DeviceRegistry(context, Clock.systemUTC(), settings.metrics(), settings.admit());
        registry.trustedAtStart(settings.trust().devices());
        recentEvents = new RecentEvents(registry);
        events = new EventStream(vertx, registry);
        InetSocketAddress listen = settings.listen();
        return vertx.createHttpServer()
                .requestHandler(routes())
                .listen(listen.getPort(), listen.getHostString())
                .onSuccess(bound -> {
                    server = bound;
                    LOG.info("dashboard on http://{}:{}/ , API under /api, metrics at /metrics{}",
                            listen.getHostString(), bound.actualPort(),
                            settings.token().isPresent() ? " (bearer token required)" : "");
                });
    }

    private Router routes() {
        Router router = Router.router(vertx);
        settings.token().ifPresent(token -> {
            BearerToken guard = new BearerToken(token);
            router.route("/api/*").handler(guard);
            router.route("/metrics").handler(guard);
        });
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(settings.limits().maxMessageBytes()));
        router.get("/api/devices").handler(this::listDevices);
        router.post("/api/devices").handler(this::trustDevice);
        router.get("/api/devices/:id").handler(this::showDevice);
        router.delete("/api/devices/:id").handler(this::revokeDevice);
        router.post("/api/devices/:id/rpc").handler(this::rpc);
        router.get("/api/devices/:id/config").handler(this::runningConfig);
        router.get("/api/events").handler(this::eventStream);
        router.get("/api/events/recent").handler(this::recentEvents);
        router.get("/api/strategies").handler(this::strategies);
        router.get("/api/trust").handler(this::trustStore);
        router.get("/metrics").handler(PrometheusScrapingHandler.create(settings.prometheus()));
        // the dashboard's files: GET only, so that another method on an API path answers 405
        router.get().handler(ctx -> {
            ctx.response().putHeader("content-security-policy",
                    "default-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'");
            ctx.response().putHeader("x-content-type-options", "nosniff");
            ctx.next();
        });
        router.get().handler(StaticHandler.create("webroot").setCachingEnabled(false));
        router.route().failureHandler(this::failure);
        router.errorHandler(404, ctx -> error(ctx, 404, "no such route: " + ctx.request().path()));
        router.errorHandler(405, ctx -> error(ctx, 405, "method " + ctx.request().method() + " not allowed here"));
        return router;
    }

    private void listDevices(RoutingContext ctx) {
        json(ctx, 200, registry.toJson().encodePrettily());
    }

    private void showDevice(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        registry.deviceJson(id).ifPresentOrElse(device -> json(ctx, 200, device.encodePrettily()),
                () -> error(ctx, 404, "no device with id '" + SshKeys.abbreviate(id) + "'"));
    }

    private void strategies(RoutingContext ctx) {
        JsonArray array = new JsonArray();
        for (CallHomeStrategy strategy : CallHomeStrategy.values()) {
            array.add(settings.metrics().summary(strategy)
                    .put("served", settings.halves().containsKey(strategy))
                    .put("listening", settings.listening().get(strategy))
                    .put("trusted", settings.trust().view(strategy).size()));
        }
        json(ctx, 200, array.encodePrettily());
    }

    private void trustStore(RoutingContext ctx) {
        JsonArray devices = new JsonArray();
        settings.trust().devices().forEach(device -> devices.add(device.toJson()));
        JsonArray revoked = new JsonArray();
        settings.trust().revocations().forEach(revocation -> revoked.add(revocation.toJson()));
        json(ctx, 200, new JsonObject().put("devices", devices).put("revoked", revoked).encodePrettily());
    }

    private void eventStream(RoutingContext ctx) {
        if (!events.open(ctx)) {
            error(ctx, 503, "too many event streams open (" + EventStream.MAX_STREAMS + ")");
        }
    }

    private void recentEvents(RoutingContext ctx) {
        json(ctx, 200, recentEvents.toJson().encodePrettily());
    }

    /**
     * {@code POST /api/devices}: trusts a device, either one seen and rejected
     * ({@code approveFingerprint}) or one given with its strategy and public key.
     */
    private void trustDevice(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            error(ctx, 400, "the body must be a JSON object: " + e.getMessage());
            return;
        }
        if (body == null) {
            error(ctx, 400, "the body must be a JSON object such as {\"id\": \"dev-1\", \"approveFingerprint\": "
                    + "\"SHA256:...\"}");
            return;
        }
        TrustRequest request;
        try {
            request = trustRequest(body);
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return;
        } catch (NotFound e) {
            error(ctx, 404, e.getMessage());
            return;
        }
        vertx.executeBlocking(() -> {
            NmsCredentials credentials = null;
            if (request.nmsUsername != null || request.nmsIdentityFile != null) {
                try {
                    credentials = TrustStore.credentials(request.id, request.nmsUsername,
                            request.nmsIdentityFile == null ? null : Path.of(request.nmsIdentityFile));
                } catch (IOException | java.nio.file.InvalidPathException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
            return settings.trust().approve(request.id, request.strategy, request.key, credentials, request.notes);
        }, false).onComplete(done -> {
            if (done.failed()) {
                Throwable cause = done.cause();
                if (cause instanceof TrustConflictException) {
                    error(ctx, 409, cause.getMessage());
                } else if (cause instanceof IllegalArgumentException) {
                    error(ctx, 400, cause.getMessage());
                } else {
                    ctx.fail(cause);
                }
                return;
            }
            TrustStore.Approval approval = done.result();
            registry.trusted(approval.device(), approval.created());
            JsonObject device = registry.deviceJson(approval.device().id()).orElseThrow();
            device.put("trustTakesEffect", registry.session(approval.device().id()).isPresent()
                    ? TAKES_EFFECT_NOW : TAKES_EFFECT_AT_NEXT_CALL);
            json(ctx, approval.created() ? 201 : 200, device.encodePrettily());
        });
    }

    private static final class NotFound extends Exception {
        NotFound(String message) {
            super(message);
        }
    }

    /** What a {@code POST /api/devices} asks to trust, checked. */
    private record TrustRequest(String id, CallHomeStrategy strategy, PublicKey key, String notes, String nmsUsername,
                                String nmsIdentityFile) {
    }

    private TrustRequest trustRequest(JsonObject body) throws NotFound {
        for (String field : body.fieldNames()) {
            if (!DEVICE_FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown field '" + SshKeys.abbreviate(field) + "'; known: "
                        + String.join(", ", DEVICE_FIELDS.stream().sorted().toList()));
            }
        }
        String id = string(body, "id");
        String problem = TrustStore.problemWithApiId(id);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        String fingerprint = string(body, "approveFingerprint");
        CallHomeStrategy strategy;
        PublicKey key;
        if (fingerprint != null) {
            if (body.containsKey("publicKey") || body.containsKey("strategy")) {
                throw new IllegalArgumentException("give either approveFingerprint, or strategy and publicKey");
            }
            UnknownDevice seen = registry.unknown(fingerprint).orElseThrow(() -> new NotFound("no rejected device "
                    + "with fingerprint '" + SshKeys.abbreviate(fingerprint) + "' (it must have tried to connect; "
                    + "GET /api/devices lists the rejected ones)"));
            if (seen.strategy() == CallHomeStrategy.DEVICE_SSH_CLIENT && seen.claimedName() != null
                    && !seen.claimedName().equals(id)) {
                throw new IllegalArgumentException("this device logs in as '" + seen.claimedName() + "': a "
                        + "device-ssh-client device is its login name, so approve it with id '"
                        + seen.claimedName() + "'");
            }
            strategy = seen.strategy();
            key = seen.key();
        } else {
            String strategyName = string(body, "strategy");
            String publicKey = string(body, "publicKey");
            if (strategyName == null || publicKey == null) {
                throw new IllegalArgumentException("give approveFingerprint (a rejected device), or strategy "
                        + "(reverse-ssh or device-ssh-client) and publicKey (\"ssh-ed25519 AAAA...\")");
            }
            strategy = CallHomeStrategy.fromWireName(strategyName);
            key = SshKeys.parsePublicKey(publicKey);
        }
        if (!settings.halves().containsKey(strategy)) {
            throw new IllegalArgumentException("this NMS does not serve " + strategy.wireName()
                    + " (see --mode)");
        }
        String nmsUsername = string(body, "nmsUsername");
        String nmsIdentityFile = string(body, "nmsIdentityFile");
        if ((nmsUsername != null || nmsIdentityFile != null) && strategy != CallHomeStrategy.REVERSE_SSH) {
            throw new IllegalArgumentException("nmsUsername and nmsIdentityFile are for reverse-ssh devices, "
                    + "which the NMS logs into; a device-ssh-client device logs into the NMS");
        }
        if (nmsUsername != null && (nmsUsername.isEmpty() || nmsUsername.length() > 64
                || nmsUsername.chars().anyMatch(c -> c <= ' ' || c >= 0x7f))) {
            throw new IllegalArgumentException("nmsUsername must be 1 to 64 printable ASCII characters, no spaces");
        }
        return new TrustRequest(id, strategy, key, string(body, "notes"), nmsUsername, nmsIdentityFile);
    }

    private static String string(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return (String) value;
    }

    /** {@code DELETE /api/devices/{id}}: stops trusting the device and drops its live session at once. */
    private void revokeDevice(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        vertx.executeBlocking(() -> settings.trust().revoke(id), false).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            Optional<TrustedDevice> revoked = done.result();
            if (revoked.isEmpty()) {
                error(ctx, 404, "no trusted device with id '" + SshKeys.abbreviate(id) + "'");
                return;
            }
            TrustedDevice device = revoked.get();
            NmsHalf half = settings.halves().get(device.strategy());
            if (half != null) {
                half.disconnect(id);
            }
            registry.session(id).ifPresent(session -> session.netconf().close("the device was revoked"));
            registry.revoked(device);
            json(ctx, 200, new JsonObject().put("revoked", device.toJson()).encodePrettily());
        });
    }

    private void rpc(RoutingContext ctx) {
        Optional<DeviceSession> session = liveSession(ctx);
        if (session.isEmpty()) {
            return;
        }
        Element operation;
        try {
            operation = NetconfXml.parse(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes(),
                    settings.limits()).getDocumentElement();
        } catch (NetconfException e) {
            error(ctx, 400, "the body must be one NETCONF operation element as XML: " + e.error().message());
            return;
        }
        send(ctx, session.get(), operation, RpcReply::toXml);
    }

    private void runningConfig(RoutingContext ctx) {
        Optional<DeviceSession> session = liveSession(ctx);
        if (session.isEmpty()) {
            return;
        }
        Element operation;
        try {
            operation = NetconfXml.parse(GET_RUNNING_CONFIG, settings.limits()).getDocumentElement();
        } catch (NetconfException e) {
            throw new IllegalStateException("the built-in get-config does not parse", e);
        }
        send(ctx, session.get(), operation,
                reply -> reply.data() == null ? reply.toXml() : NetconfXml.toString(reply.data()));
    }

    /** The live session of the device of the path, or empty after answering 404 or 409. */
    private Optional<DeviceSession> liveSession(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!registry.knows(id)) {
            error(ctx, 404, "no device with id '" + SshKeys.abbreviate(id) + "'");
            return Optional.empty();
        }
        Optional<DeviceSession> session = registry.session(id);
        if (session.isEmpty()) {
            error(ctx, 409, "device '" + id + "' is not connected");
        }
        return session;
    }

    /** Sends {@code operation} to the device and answers with {@code render} of its reply. */
    private void send(RoutingContext ctx, DeviceSession session, Element operation,
                      Function<RpcReply, String> render) {
        String id = session.deviceId();
        CallHomeStrategy strategy = session.strategy();
        long started = System.nanoTime();
        Future.fromCompletionStage(session.netconf().rpc(operation, settings.rpcTimeout()), context)
                .onComplete(done -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    Throwable failure = done.failed() ? done.cause() : null;
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    String outcome = cause == null ? (done.result().errors().isEmpty() ? "ok" : "rpc-error")
                            : cause instanceof RpcTimeoutException ? "timeout"
                            : cause instanceof SessionClosedException ? "closed" : "failed";
                    settings.metrics().rpc(strategy, outcome, took);
                    registry.publish("rpc", new JsonObject().put("id", id).put("strategy", strategy.wireName())
                            .put("operation", operation.getLocalName()).put("outcome", outcome)
                            .put("millis", took.toNanos() / 1_000 / 1000.0));
                    if (cause == null) {
                        ctx.response().putHeader("content-type", "application/xml").end(render.apply(done.result()));
                    } else if (cause instanceof RpcTimeoutException) {
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
            case 413 -> "request body larger than " + settings.limits().maxMessageBytes() + " bytes";
            case 404 -> "no such route";
            case 405 -> "method not allowed";
            default -> status >= 500 ? "internal error" : "bad request";
        };
        error(ctx, status, message);
    }

    private static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }

    static void error(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", message).put("status", status).encode());
    }
}
