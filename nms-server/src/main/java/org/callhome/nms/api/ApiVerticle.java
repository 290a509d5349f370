package org.callhome.nms.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.callhome.nms.bootstrap.BootstrapDevices;
import org.callhome.nms.cluster.ClusterMembership;
import org.callhome.nms.cluster.ClusterNode;
import org.callhome.nms.cluster.RemoteFailure;
import org.callhome.nms.config.HttpLimits;
import org.callhome.nms.metrics.NmsMetrics;
import org.callhome.nms.registry.DeviceEvent;
import org.callhome.nms.registry.DeviceRegistry;
import org.callhome.nms.registry.DeviceRegistry.CertifiedDevice;
import org.callhome.nms.session.DeviceSession;
import org.callhome.nms.trust.Revocation;
import org.callhome.nms.trust.TrustConflictException;
import org.callhome.nms.trust.TrustStore;
import org.callhome.nms.trust.TrustedDevice;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.ErrorTag;
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
 * {@link #routes}; handlers check requests with a parser ({@link TrustRequest}, {@link OperationRequest}),
 * do blocking work (the trust store's saves) on a worker, and fail with an exception that
 * {@link ApiErrors}, the one failure handler, turns into a JSON body, never a stack trace.
 */
public final class ApiVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);
    /** {@code trustTakesEffect} of a trust answer for a device that is not connected. */
    static final String TAKES_EFFECT_AT_NEXT_CALL = "The trust applies from the device's next call: the NMS cannot "
            + "call a call-home device, so it connects when it next calls home, as its reconnect policy schedules.";
    static final String TAKES_EFFECT_NOW = "The device is connected: the trust is in effect.";
    private static final String XML = "application/xml";
    private static final String JSON = "application/json";
    private static final String GET_RUNNING_CONFIG = "<get-config xmlns=\"" + Netconf.BASE_NS + "\">"
            + "<source><running/></source></get-config>";

    /**
     * @param token       the bearer token the API and metrics require, if any
     * @param halves      the NMS half of each strategy served, filled as they start (revocation drops sessions there)
     * @param listening   where each served strategy listens, filled as they start
     * @param admit       whether a session that reached NETCONF may stay (its device still trusted)
     * @param expected    whether a device id was expected before it connected ({@code --device-ids})
     * @param bootstrap   the zero-touch bootstrap server's devices, if it runs ({@code /api/bootstrap})
     * @param http        the hosts the API answers to, and what one client may hold of it
     * @param cluster     the cluster this node joined, if any: the API then serves the whole fleet
     */
    public record Settings(InetSocketAddress listen, NetconfLimits limits, Duration rpcTimeout, Optional<String> token,
                           TrustStore trust, NmsMetrics metrics, PrometheusMeterRegistry prometheus,
                           Map<CallHomeStrategy, NmsHalf> halves, Map<CallHomeStrategy, String> listening,
                           Predicate<DeviceSession> admit, Predicate<String> expected,
                           Optional<BootstrapDevices> bootstrap, HttpLimits http,
                           Optional<ClusterMembership> cluster) {
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
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(bootstrap, "bootstrap");
            Objects.requireNonNull(http, "http");
            Objects.requireNonNull(cluster, "cluster");
        }

        /** A node on its own, not in a cluster. */
        public Settings(InetSocketAddress listen, NetconfLimits limits, Duration rpcTimeout, Optional<String> token,
                        TrustStore trust, NmsMetrics metrics, PrometheusMeterRegistry prometheus,
                        Map<CallHomeStrategy, NmsHalf> halves, Map<CallHomeStrategy, String> listening,
                        Predicate<DeviceSession> admit, Predicate<String> expected,
                        Optional<BootstrapDevices> bootstrap, HttpLimits http) {
            this(listen, limits, rpcTimeout, token, trust, metrics, prometheus, halves, listening, admit, expected,
                    bootstrap, http, Optional.empty());
        }

        /** With the default HTTP limits. */
        public Settings(InetSocketAddress listen, NetconfLimits limits, Duration rpcTimeout, Optional<String> token,
                        TrustStore trust, NmsMetrics metrics, PrometheusMeterRegistry prometheus,
                        Map<CallHomeStrategy, NmsHalf> halves, Map<CallHomeStrategy, String> listening,
                        Predicate<DeviceSession> admit, Predicate<String> expected,
                        Optional<BootstrapDevices> bootstrap) {
            this(listen, limits, rpcTimeout, token, trust, metrics, prometheus, halves, listening, admit, expected,
                    bootstrap, HttpLimits.DEFAULT);
        }
    }

    private final Settings settings;
    private DeviceRegistry registry;
    private EventStream events;
    private HttpConnections connections;
    private RecentEvents recentEvents;
    private HttpServer server;
    private Optional<ClusterNode> node = Optional.empty();

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
        registry = new DeviceRegistry(context, Clock.systemUTC(), settings.metrics(), settings.admit(),
                settings.expected());
        registry.trustedAtStart(settings.trust().devices());
        recentEvents = new RecentEvents(registry);
        HttpLimits http = settings.http();
        events = new EventStream(vertx, registry, http.maxStreamsPerSource(), http.streamWriteTimeout());
        connections = new HttpConnections(vertx, http);
        InetSocketAddress listen = settings.listen();
        // HTTP/1.1 only: every request then names its host in a Host header, and a connection is one
        // HttpConnection from accept to close (no h2c upgrade), which the per-connection limits count
        HttpServerOptions options = new HttpServerOptions()
                .setHttp2ClearTextEnabled(false)
                .setMaxHeaderSize(http.maxHeaderBytes())
                .setMaxInitialLineLength(Math.min(http.maxHeaderBytes(), HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH))
                .setIdleTimeout((int) Math.max(1, http.idleTimeout().toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        return vertx.createHttpServer(options)
                .connectionHandler(connections::accept)
                .requestHandler(routes())
                .listen(listen.getPort(), listen.getHostString())
                .compose(bound -> {
                    server = bound;
                    LOG.info("dashboard on http://{}:{}/ , API under /api, metrics at /metrics{}",
                            listen.getHostString(), bound.actualPort(),
                            settings.token().isPresent() ? " (bearer token required)" : "");
                    if (settings.cluster().isEmpty()) {
                        return Future.succeededFuture();
                    }
                    ClusterNode joined = new ClusterNode(vertx, settings.cluster().get().cluster(),
                            settings.cluster().get().trust(), registry, settings.halves(), settings.limits(),
                            settings.rpcTimeout(), listen.getHostString() + ":" + bound.actualPort());
                    node = Optional.of(joined);
                    return joined.start();
                });
    }

    private Router routes() {
        ApiErrors errors = new ApiErrors(settings.limits().maxMessageBytes());
        Router router = Router.router(vertx);
        router.route().handler(new RequestOrigin(settings.http().allowedHosts(), settings.listen()));
        settings.token().ifPresent(token -> {
            BearerToken guard = new BearerToken(token);
            router.route("/api/*").handler(guard);
            router.route("/metrics").handler(guard);
        });
        // refused before the body is read: the media types a page of another origin cannot send unasked
        router.post("/api/devices").handler(BodyType.json());
        router.post("/api/devices/:id/rpc").handler(BodyType.xml());
        router.put("/api/bootstrap/:serial").handler(BodyType.json());
        // bodies stay in memory, bounded; nothing a client sends is ever written to disk. Only the methods
        // that take one read it: Vert.x fails a GET whose body says it is multipart.
        router.route().method(HttpMethod.POST).method(HttpMethod.PUT).method(HttpMethod.PATCH)
                .handler(BodyHandler.create(false).setBodyLimit(settings.limits().maxMessageBytes()));
        router.route().handler(connections::requestRead);
        router.get("/api/devices").handler(this::listDevices);
        router.post("/api/devices").handler(this::trustDevice);
        router.get("/api/devices/:id").handler(this::showDevice);
        router.delete("/api/devices/:id").handler(this::revokeDevice);
        router.post("/api/devices/:id/rpc").handler(this::rpc);
        router.get("/api/devices/:id/config").handler(this::runningConfig);
        router.get("/api/devices/:id/schemas").handler(this::schemas);
        router.get("/api/devices/:id/schemas/:identifier").handler(this::schemaText);
        router.get("/api/events").handler(this::eventStream);
        router.get("/api/events/recent").handler(this::recentEvents);
        router.get("/api/strategies").handler(this::strategies);
        router.get("/api/trust").handler(this::trustStore);
        router.get("/api/cluster").handler(this::cluster);
        router.get("/api/bootstrap").handler(this::bootstrapDevices);
        router.put("/api/bootstrap/:serial").handler(this::bootstrapStrategy);
        router.get("/metrics").handler(PrometheusScrapingHandler.create(settings.prometheus()));
        // the dashboard's files: GET only, so that another method on an API path answers 405
        router.get().handler(ctx -> {
            ctx.response().putHeader("content-security-policy",
                    "default-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'");
            ctx.response().putHeader("x-content-type-options", "nosniff");
            ctx.next();
        });
        router.get().handler(StaticHandler.create("webroot").setCachingEnabled(false));
        router.route().failureHandler(errors::handle);
        router.errorHandler(404, errors::noSuchRoute);
        router.errorHandler(405, errors::methodNotAllowed);
        return router;
    }

    /** {@code GET /api/devices}: this node's registry, or in a cluster every node's, merged. */
    private void listDevices(RoutingContext ctx) {
        if (node.isEmpty()) {
            json(ctx, 200, registry.toJson().encodePrettily());
            return;
        }
        node.get().fleet().onSuccess(fleet -> json(ctx, 200, fleet.encodePrettily())).onFailure(ctx::fail);
    }

    private void showDevice(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (node.isEmpty()) {
            JsonObject device = registry.deviceJson(id).orElseThrow(() -> noDevice(id));
            json(ctx, 200, device.encodePrettily());
            return;
        }
        node.get().device(id).onSuccess(device -> {
            if (device.isEmpty()) {
                ctx.fail(noDevice(id));
            } else {
                json(ctx, 200, device.get().encodePrettily());
            }
        }).onFailure(ctx::fail);
    }

    /** {@code GET /api/cluster}: this node and the cluster's live members; {@code clustered: false} alone. */
    private void cluster(RoutingContext ctx) {
        if (node.isEmpty()) {
            json(ctx, 200, new JsonObject().put("clustered", false).put("node", null).put("members", new JsonArray())
                    .encodePrettily());
            return;
        }
        node.get().describe().onSuccess(cluster -> json(ctx, 200, cluster.encodePrettily())).onFailure(ctx::fail);
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

    /** {@code GET /api/trust}: the store's current snapshot, read without waiting for a change being saved. */
    private void trustStore(RoutingContext ctx) {
        JsonArray devices = new JsonArray();
        settings.trust().devices().forEach(device -> devices.add(device.toJson()));
        JsonArray revoked = new JsonArray();
        settings.trust().revocations().forEach(revocation -> revoked.add(revocation.toJson()));
        json(ctx, 200, new JsonObject().put("devices", devices).put("revoked", revoked).encodePrettily());
    }

    /** {@code GET /api/bootstrap}: the default strategy and the devices that asked, with what they reported. */
    private void bootstrapDevices(RoutingContext ctx) {
        json(ctx, 200, zeroTouch().toJson().encodePrettily());
    }

    /** {@code PUT /api/bootstrap/{serial}} {@code {"strategy": ...}}: the strategy that device is bootstrapped for. */
    private void bootstrapStrategy(RoutingContext ctx) {
        BootstrapDevices devices = zeroTouch();
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            throw ApiException.badRequest("the body must be a JSON object: {\"strategy\": \"reverse-ssh\"}");
        }
        if (body == null || body.size() != 1 || !(body.getValue("strategy") instanceof String name)) {
            throw ApiException.badRequest("the body must be {\"strategy\": \"reverse-ssh\" or \"device-ssh-client\"}");
        }
        try {
            json(ctx, 200, devices.override(ctx.pathParam("serial"), CallHomeStrategy.fromWireName(name))
                    .encodePrettily());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private BootstrapDevices zeroTouch() {
        return settings.bootstrap().orElseThrow(() -> ApiException.notFound(
                "zero-touch bootstrap is not running (see --bootstrap-listen)"));
    }

    private void eventStream(RoutingContext ctx) {
        events.open(ctx).ifPresent(refusal -> {
            throw ApiException.unavailable(refusal);
        });
    }

    private void recentEvents(RoutingContext ctx) {
        json(ctx, 200, recentEvents.toJson().encodePrettily());
    }

    /**
     * {@code POST /api/devices}: trusts a device, either one seen and rejected
     * ({@code approveFingerprint}) or one given with its strategy and public key. Reading the NMS
     * identity file and saving the store block, so they run on a worker. A pin wins over a CA: a live
     * session of the id that a certificate of another key identified is dropped.
     */
    private void trustDevice(RoutingContext ctx) {
        String fingerprint = approvedFingerprint(ctx);
        if (fingerprint != null && registry.unknown(fingerprint).isEmpty() && node.isPresent()) {
            // the key may have been refused by another node of the cluster
            node.get().unknown(fingerprint).onSuccess(remote -> {
                try {
                    trust(ctx, TrustRequest.parse(ctx.body(), seen -> seen.equals(fingerprint) ? remote
                            : registry.unknown(seen), settings.halves()::containsKey));
                } catch (RuntimeException e) {
                    ctx.fail(e);
                }
            }).onFailure(ctx::fail);
            return;
        }
        trust(ctx, TrustRequest.parse(ctx.body(), registry::unknown, settings.halves()::containsKey));
    }

    /** The body's {@code approveFingerprint}, if it is a JSON object with one; the parser judges the rest. */
    private static String approvedFingerprint(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            return body != null && body.getValue("approveFingerprint") instanceof String fingerprint ? fingerprint
                    : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void trust(RoutingContext ctx, TrustRequest request) {
        vertx.executeBlocking(() -> approve(request), false).onSuccess(approval -> {
            TrustedDevice trusted = approval.device();
            Optional<DeviceSession> live = registry.session(trusted.id());
            boolean pinnedLive = live.isPresent() && live.get().strategy() == trusted.strategy()
                    && live.get().keyFingerprint().equals(trusted.fingerprint());
            live.filter(session -> !pinnedLive).ifPresent(session -> dropForPin(session, trusted));
            registry.trusted(trusted, approval.created());
            JsonObject device = registry.deviceJson(trusted.id()).orElseThrow();
            device.put("trustTakesEffect", pinnedLive ? TAKES_EFFECT_NOW : TAKES_EFFECT_AT_NEXT_CALL);
            json(ctx, approval.created() ? 201 : 200, device.encodePrettily());
        }).onFailure(ctx::fail);
    }

    /** Drops the live session of a device just pinned to another key (or for the other strategy). */
    private void dropForPin(DeviceSession session, TrustedDevice pinned) {
        LOG.warn("device {} was pinned through the API to key {} ({}) while its session with key {} ({}) was live: "
                + "dropping that session, a pin wins over a CA", pinned.id(), pinned.fingerprint(),
                pinned.strategy().wireName(), session.keyFingerprint(), session.strategy().wireName());
        NmsHalf half = settings.halves().get(session.strategy());
        if (half != null) {
            half.disconnect(session.deviceId());
        }
        session.netconf().close("the device was pinned to another key");
    }

    /** On a worker. */
    private TrustStore.Approval approve(TrustRequest request) throws TrustConflictException, IOException {
        try {
            return settings.trust().approve(request.id(), request.strategy(), request.key(), request.credentials(),
                    request.notes());
        } catch (IllegalArgumentException e) {
            // the checks of the id, the notes and the credentials made with the data: the request's fault
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /**
     * {@code DELETE /api/devices/{id}}: stops trusting the device and drops its live session at once;
     * the store is saved on a worker. A device a certificate identified, which the store does not hold,
     * is revoked by its id: its certificates are refused until it is approved.
     */
    private void revokeDevice(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Optional<CertifiedDevice> certified = registry.certified(id);
        if (certified.isEmpty() && node.isPresent() && settings.trust().device(id).isEmpty()) {
            // a device a certificate identified at another node of the cluster
            node.get().device(id).onSuccess(device -> revoke(ctx, id, device.flatMap(ApiVerticle::certifiedOf)))
                    .onFailure(ctx::fail);
            return;
        }
        revoke(ctx, id, certified);
    }

    /** The certificate-identified device an entry of another node shows, if it is one. */
    private static Optional<CertifiedDevice> certifiedOf(JsonObject entry) {
        JsonObject identity = entry.getJsonObject("identity");
        if (entry.getBoolean("trusted", false) || identity == null || "pinned-key".equals(identity.getString("kind"))
                || entry.getString("fingerprint") == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CertifiedDevice(entry.getString("id"),
                    CallHomeStrategy.fromWireName(entry.getString("strategy")), entry.getString("fingerprint"),
                    identity.getString("kind")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void revoke(RoutingContext ctx, String id, Optional<CertifiedDevice> certified) {
        vertx.executeBlocking(() -> revoke(id, certified), false)
                .onSuccess(revoked -> {
                    NmsHalf half = settings.halves().get(revoked.strategy());
                    if (half != null) {
                        half.disconnect(id);
                    }
                    registry.session(id).ifPresent(session -> session.netconf().close("the device was revoked"));
                    revoked.trusted().ifPresentOrElse(registry::revoked,
                            () -> registry.revokedCertified(certified.orElseThrow()));
                    json(ctx, 200, new JsonObject().put("revoked", revoked.json()).encodePrettily());
                })
                .onFailure(ctx::fail);
    }

    /** What a revocation withdrew: a trusted device, or the id of a certificate-identified one. */
    private record Revoked(CallHomeStrategy strategy, Optional<TrustedDevice> trusted, JsonObject json) {
    }

    /** On a worker: the trusted device of the id, else the certificate-identified one; 404 for neither. */
    private Revoked revoke(String id, Optional<CertifiedDevice> certified) throws IOException {
        Optional<TrustedDevice> trusted = settings.trust().revoke(id);
        if (trusted.isPresent()) {
            return new Revoked(trusted.get().strategy(), trusted, trusted.get().toJson());
        }
        if (certified.isPresent()) {
            Optional<Revocation> revocation = settings.trust().revokeCertified(id, certified.get().fingerprint());
            if (revocation.isPresent()) {
                return new Revoked(certified.get().strategy(), Optional.empty(), revocation.get().toJson()
                        .put("strategy", certified.get().strategy().wireName())
                        .put("identity", new JsonObject().put("kind", certified.get().kind())));
            }
        }
        throw ApiException.notFound("no trusted device with id '" + SshKeys.abbreviate(id) + "'");
    }

    /** {@code POST /api/devices/{id}/rpc}: 404 or 409 for the device come before a 400 for the body. */
    private void rpc(RoutingContext ctx) {
        reach(ctx, target -> send(ctx, target, OperationRequest.parse(ctx.body(), settings.limits()).operation(), XML,
                RpcReply::toXml));
    }

    private void runningConfig(RoutingContext ctx) {
        Element operation;
        try {
            operation = NetconfXml.parse(GET_RUNNING_CONFIG, settings.limits()).getDocumentElement();
        } catch (NetconfException e) {
            throw new IllegalStateException("the built-in get-config does not parse", e);
        }
        reach(ctx, target -> send(ctx, target, operation, XML,
                reply -> reply.data() == null ? reply.toXml() : NetconfXml.toString(reply.data())));
    }

    /**
     * {@code GET /api/devices/{id}/schemas}: the device's modules, from its ietf-netconf-monitoring
     * when its hello names that module, else from the hello's module capabilities ({@link DeviceSchemas}).
     */
    private void schemas(RoutingContext ctx) {
        Element operation;
        try {
            operation = NetconfXml.parse(DeviceSchemas.GET_SCHEMAS, settings.limits()).getDocumentElement();
        } catch (NetconfException e) {
            throw new IllegalStateException("the built-in get of the schemas does not parse", e);
        }
        reach(ctx, target -> {
            String id = target.id();
            if (!DeviceSchemas.hasMonitoring(target.capabilities())) {
                json(ctx, 200, DeviceSchemas.fromHello(id, target.capabilities()).encodePrettily());
                return;
            }
            send(ctx, target, operation, JSON, reply -> DeviceSchemas.fromReply(id, reply).encodePrettily());
        });
    }

    /**
     * {@code GET /api/devices/{id}/schemas/{identifier}?version=}: a module's text by get-schema
     * (RFC 6022); 404 when the device has no such module or version (its invalid-value).
     */
    private void schemaText(RoutingContext ctx) {
        String identifier = ctx.pathParam("identifier");
        Optional<String> version = Optional.ofNullable(ctx.queryParams().get("version"));
        Element operation = DeviceSchemas.getSchema(identifier, version);
        reach(ctx, target -> send(ctx, target, operation, "text/plain; charset=utf-8", reply -> {
            try {
                return DeviceSchemas.text(reply);
            } catch (NetconfException e) {
                if (e.error().tag() == ErrorTag.INVALID_VALUE) {
                    throw ApiException.notFound("device '" + target.id() + "' has no schema '"
                            + SshKeys.abbreviate(identifier) + "'" + version.map(v -> " version '"
                            + SshKeys.abbreviate(v) + "'").orElse("") + ": " + e.getMessage());
                }
                throw e;
            }
        }));
    }

    /**
     * A device's session as a handler uses it: held by this node, or in a cluster by another node,
     * which an RPC then reaches over the event bus ({@link ClusterNode#rpc}).
     */
    private record Target(String id, CallHomeStrategy strategy, List<String> capabilities,
                          Function<Element, Future<RpcReply>> rpc) {
    }

    /**
     * Hands the device of the path to {@code then}, wherever its session is; 404 if the device is not
     * known, 409 if it is not connected (to any node of the cluster).
     */
    private void reach(RoutingContext ctx, Consumer<Target> then) {
        String id = ctx.pathParam("id");
        Optional<DeviceSession> local = registry.session(id);
        if (local.isPresent()) {
            DeviceSession session = local.get();
            then.accept(new Target(id, session.strategy(), session.capabilities(), operation ->
                    Future.fromCompletionStage(session.netconf().rpc(operation, settings.rpcTimeout()), context)));
            return;
        }
        if (node.isEmpty()) {
            throw notConnected(id);
        }
        ClusterNode cluster = node.get();
        cluster.remote(id).onComplete(done -> {
            try {
                if (done.failed()) {
                    throw new IllegalStateException("the cluster's owner map could not be read: "
                            + done.cause().getMessage(), done.cause());
                }
                ClusterNode.RemoteDevice remote = done.result().orElseThrow(() -> notConnected(id));
                then.accept(new Target(id, remote.strategy(), remote.capabilities(),
                        operation -> cluster.rpc(remote, operation)));
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }

    /** 404 if the device is not known here, else 409. */
    private ApiException notConnected(String id) {
        if (!registry.knows(id)) {
            return noDevice(id);
        }
        return ApiException.conflict("device '" + id + "' is not connected");
    }

    /** How a handler turns a device's reply into the body of its answer; an rpc-error it refuses is thrown. */
    private interface Render {
        String apply(RpcReply reply) throws NetconfException;
    }

    /**
     * Sends {@code operation} to the device and answers with {@code render} of its reply, as
     * {@code contentType}; what render throws goes to {@link ApiErrors}.
     */
    private void send(RoutingContext ctx, Target target, Element operation, String contentType, Render render) {
        String id = target.id();
        CallHomeStrategy strategy = target.strategy();
        long started = System.nanoTime();
        target.rpc().apply(operation)
                .onComplete(done -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    Throwable failure = done.failed() ? done.cause() : null;
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    String outcome = cause == null ? (done.result().errors().isEmpty() ? "ok" : "rpc-error")
                            : cause instanceof RpcTimeoutException ? "timeout"
                            : cause instanceof SessionClosedException ? "closed"
                            : cause instanceof RemoteFailure remote ? remoteOutcome(remote) : "failed";
                    settings.metrics().rpc(strategy, outcome, took);
                    registry.publish(DeviceEvent.Kind.RPC, new JsonObject().put("id", id)
                            .put("strategy", strategy.wireName())
                            .put("operation", operation.getLocalName()).put("outcome", outcome)
                            .put("millis", took.toNanos() / 1_000 / 1000.0));
                    if (cause != null) {
                        ctx.fail(cause);
                        return;
                    }
                    String body;
                    try {
                        body = render.apply(done.result());
                    } catch (NetconfException | RuntimeException e) {
                        ctx.fail(e);
                        return;
                    }
                    ctx.response().putHeader("content-type", contentType).end(body);
                });
    }

    /** The metric outcome of an RPC another node failed, as if it had been held here. */
    private static String remoteOutcome(RemoteFailure failure) {
        return switch (failure.status()) {
            case 504 -> "timeout";
            case 409 -> "closed";
            default -> "failed";
        };
    }

    private static ApiException noDevice(String id) {
        return ApiException.notFound("no device with id '" + SshKeys.abbreviate(id) + "'");
    }

    private static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }
}
