package org.callhome.nms;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.callhome.nms.api.ApiVerticle;
import org.callhome.nms.bootstrap.BootstrapDevices;
import org.callhome.nms.bootstrap.BootstrapSettings;
import org.callhome.nms.bootstrap.BootstrapVerticle;
import org.callhome.nms.bootstrap.CallHomeConfiguration;
import org.callhome.nms.bootstrap.ConveyedTrust;
import org.callhome.nms.cluster.ClusterMembership;
import org.callhome.nms.cluster.ClusterSettings;
import org.callhome.nms.cluster.ClusterTrust;
import org.callhome.nms.cluster.NmsCluster;
import org.callhome.nms.config.ListenFailedException;
import org.callhome.nms.config.ListenFailedException.Listener;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.devicessh.DeviceSshServer;
import org.callhome.nms.devicessh.DeviceSshStrategy;
import org.callhome.nms.metrics.NmsMetrics;
import org.callhome.nms.registry.DeviceEvent;
import org.callhome.nms.registry.DeviceRegistry;
import org.callhome.nms.reversessh.ReverseSshStrategy;
import org.callhome.nms.session.DeviceSession;
import org.callhome.nms.session.NetconfClients;
import org.callhome.nms.session.StartupLimiter;
import org.callhome.nms.strategy.NmsStrategy;
import org.callhome.nms.tls.TlsStrategy;
import org.callhome.nms.trust.TrustStore;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NmsHalf;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running NMS: a Vert.x instance with the API verticle (which owns the registry), the NMS
 * half of each strategy it serves, and the one NETCONF layer they all feed. {@link #start}
 * returns once everything listens.
 */
public final class NmsServer implements AutoCloseable {

    /** The device-ssh-client bind account conveyed when the NMS has no reverse-ssh --username. */
    static final String DEFAULT_BIND_ACCOUNT = "nms";
    private static final Logger LOG = LoggerFactory.getLogger(NmsServer.class);

    /** Every strategy the NMS can serve, in the order they start: one entry per strategy package. */
    static final List<NmsStrategy> STRATEGIES = List.of(new ReverseSshStrategy(), new DeviceSshStrategy(),
            new TlsStrategy());

    private final Vertx vertx;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final ApiVerticle api;
    private final NetconfClients clients;
    private final List<NmsHalf> halves;
    private final Map<CallHomeStrategy, InetSocketAddress> bound;
    private final Optional<BootstrapVerticle> bootstrap;

    private NmsServer(Vertx vertx, ExecutorService workers, ScheduledExecutorService timers, ApiVerticle api,
                      NetconfClients clients, List<NmsHalf> halves, Map<CallHomeStrategy, InetSocketAddress> bound,
                      Optional<BootstrapVerticle> bootstrap) {
        this.bootstrap = bootstrap;
        this.vertx = vertx;
        this.workers = workers;
        this.timers = timers;
        this.api = api;
        this.clients = clients;
        this.halves = halves;
        this.bound = bound;
    }

    /** Opens the trust store of {@code settings}, seeded with its trust files, then starts as below. */
    public static NmsServer start(NmsSettings settings) throws Exception {
        return start(settings, openTrustStore(settings));
    }

    /**
     * The trust store in {@code settings.stateDir()}, seeded with the trust files of the strategies
     * served. A command line opens it itself before it creates anything else (such as a host key),
     * so that a damaged store is reported while nothing has been written yet.
     */
    public static TrustStore openTrustStore(NmsSettings settings) throws IOException {
        Map<CallHomeStrategy, KnownDevices> seeds = new EnumMap<>(CallHomeStrategy.class);
        for (NmsStrategy strategy : STRATEGIES) {
            strategy.trustFile(settings).ifPresent(devices -> seeds.put(strategy.strategy(), devices));
        }
        return TrustStore.open(settings.stateDir(), seeds, Clock.systemUTC());
    }

    /** Starts the NMS on {@code trust} without a zero-touch bootstrap server; see below. */
    public static NmsServer start(NmsSettings settings, TrustStore trust) throws Exception {
        return start(settings, trust, Optional.empty());
    }

    /**
     * Starts the NMS on {@code trust}, which must have been opened for these settings, with the
     * zero-touch bootstrap server of {@code bootstrap} if given; it starts last, once the
     * strategies it configures devices for listen.
     *
     * @throws ListenFailedException when a listener cannot bind its address (everything started is closed again)
     */
    public static NmsServer start(NmsSettings settings, TrustStore trust, Optional<BootstrapSettings> bootstrap)
            throws Exception {
        return start(settings, trust, bootstrap, Optional.empty());
    }

    /**
     * As above, as a node of the cluster {@code cluster} if given ({@code --cluster}): it joins the
     * cluster first, takes the cluster's trust store ({@link ClusterTrust}), and its API then serves the
     * whole fleet.
     */
    public static NmsServer start(NmsSettings settings, TrustStore trust, Optional<BootstrapSettings> bootstrap,
                                  Optional<ClusterSettings> cluster) throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // every figure of a node of a cluster names the node, so that figures of several nodes can be told apart
        cluster.ifPresent(joining -> prometheus.config().commonTags("node", joining.nodeName()));
        NmsMetrics metrics = new NmsMetrics(prometheus);
        VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                .setJvmMetricsEnabled(true));
        VertxBuilder builder = Vertx.builder().withMetrics(new MicrometerMetricsFactory(prometheus));
        Optional<NmsCluster> nodes = Optional.empty();
        Vertx vertx;
        if (cluster.isPresent()) {
            NmsCluster joining = NmsCluster.of(cluster.get());
            options.setEventBusOptions(new EventBusOptions().setHost(cluster.get().host())
                    .setClusterPublicHost(cluster.get().host()).setPort(0));
            vertx = builder.with(options).withClusterManager(joining.manager()).buildClustered().await();
            joining.joined(vertx);
            nodes = Optional.of(joining);
        } else {
            vertx = builder.with(options).build();
        }
        Optional<ClusterMembership> membership;
        try {
            membership = nodes.isEmpty() ? Optional.empty()
                    : Optional.of(new ClusterMembership(nodes.get(), ClusterTrust.join(vertx, trust)));
        } catch (IOException | RuntimeException e) {
            vertx.close().await();
            throw e;
        }
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                DaemonThreads.named("nms-netconf"));
        ScheduledThreadPoolExecutor timerThread = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("nms-timers"));
        // a cancelled key-exchange deadline, one per admitted connection, must not hold its connection until due
        timerThread.setRemoveOnCancelPolicy(true);
        ScheduledExecutorService timers = timerThread;
        Map<CallHomeStrategy, NmsHalf> halves = new ConcurrentHashMap<>();
        Map<CallHomeStrategy, String> listening = new ConcurrentHashMap<>();
        Map<CallHomeStrategy, InetSocketAddress> bound = new EnumMap<>(CallHomeStrategy.class);
        Predicate<DeviceSession> admit = session -> trust.trusts(session.strategy(), session.deviceId(),
                session.keyFingerprint()) || certified(trust, session) || admitsUntrusted(settings, session);
        Predicate<String> expected = settings.deviceCertificates().deviceIds()
                .<Predicate<String>>map(ids -> ids::contains).orElse(id -> false);
        RevocationWatch revocations = settings.deviceCertificates().revokedKeys().map(RevocationWatch::following)
                .orElseGet(RevocationWatch::none);
        boolean bootstrapsTls = bootstrap.isPresent() && bootstrapsTls(settings);
        Optional<BootstrapDevices> bootstrapDevices = bootstrap.map(zeroTouch -> new BootstrapDevices(
                zeroTouch.defaultStrategy(), strategy -> switch (strategy) {
                    case REVERSE_SSH -> settings.reverseSsh().isPresent();
                    case DEVICE_SSH_CLIENT -> settings.deviceSsh().isPresent();
                    case TLS -> bootstrapsTls;
                }));
        try {
            ApiVerticle api = new ApiVerticle(new ApiVerticle.Settings(settings.http(), settings.limits(),
                    settings.rpcTimeout(), settings.apiToken(), trust, metrics, prometheus, halves, listening, admit,
                    expected, bootstrapDevices, settings.httpLimits(), membership));
            listen(Listener.HTTP, settings.http(), () -> vertx.deployVerticle(api).await());
            DeviceRegistry registry = api.registry();
            NetconfClients clients = new NetconfClients(registry, settings.limits(), workers, timers);
            for (NmsStrategy strategy : STRATEGIES) {
                Optional<InetSocketAddress> address = strategy.listenAddress(settings);
                if (address.isEmpty()) {
                    continue;
                }
                CallHomeStrategy served = strategy.strategy();
                NmsHalf half = strategy.createHalf(settings, trust.view(served), registry, timers,
                        new StartupLimiter(settings.startups(), served.wireName(), timers,
                                refusal -> metrics.startupRefused(served, refusal.wireName())), revocations, vertx);
                halves.put(served, half);
                InetSocketAddress actual = listen(strategy.listener(), address.get(),
                        () -> half.start(clients::accept));
                bound.put(served, actual);
                listening.put(served, SecurityFacts.addressOf(actual));
            }
            revocations.start(timers, settings.deviceCertificates().revocationPoll());
            Optional<BootstrapVerticle> bootstrapServer = Optional.empty();
            if (bootstrap.isPresent()) {
                BootstrapVerticle verticle = new BootstrapVerticle(bootstrap.get(),
                        new CallHomeConfiguration(nmsOf(settings, bootstrap.get().nmsAddress(), bound, bootstrapsTls)),
                        bootstrapDevices.orElseThrow(), trust, registry, Clock.systemUTC());
                listen(Listener.BOOTSTRAP, bootstrap.get().listen(), () -> vertx.deployVerticle(verticle).await());
                bootstrapServer = Optional.of(verticle);
            }
            return new NmsServer(vertx, workers, timers, api, clients, List.copyOf(halves.values()),
                    Map.copyOf(bound), bootstrapServer);
        } catch (Exception e) {
            for (NmsHalf half : halves.values()) {
                half.close();
            }
            vertx.close().await();
            workers.shutdownNow();
            timers.shutdownNow();
            throw e;
        }
    }

    /**
     * What the conveyed configurations say about this NMS: the ports actually bound, its public keys and
     * certificates; tls only when {@code bootstrapsTls}.
     */
    private static CallHomeConfiguration.Nms nmsOf(NmsSettings settings, String nmsAddress,
                                                   Map<CallHomeStrategy, InetSocketAddress> bound,
                                                   boolean bootstrapsTls) {
        return new CallHomeConfiguration.Nms(nmsAddress,
                Optional.ofNullable(bound.get(CallHomeStrategy.REVERSE_SSH)).map(InetSocketAddress::getPort),
                settings.reverseSsh().map(ConveyedTrust::ofLogin),
                settings.reverseSsh().map(NmsSettings.ReverseSsh::username).orElse(DEFAULT_BIND_ACCOUNT),
                Optional.ofNullable(bound.get(CallHomeStrategy.DEVICE_SSH_CLIENT)).map(InetSocketAddress::getPort),
                settings.deviceSsh().map(ConveyedTrust::ofHost),
                settings.deviceSsh().map(NmsSettings.DeviceSsh::subsystem).orElse(DeviceSshServer.DEFAULT_SUBSYSTEM),
                settings.keepalives(), Optional.ofNullable(bound.get(CallHomeStrategy.TLS))
                        .filter(address -> bootstrapsTls)
                        .map(address -> CallHomeConfiguration.TlsClient.of(settings.tls().orElseThrow(),
                                address.getPort())));
    }

    /**
     * Whether zero-touch bootstrap can configure devices for tls: the NMS serves it and its client
     * certificate can be conveyed; when it cannot, that is logged and devices are not bootstrapped for
     * tls (the command line refuses it as the default strategy before anything starts).
     */
    private static boolean bootstrapsTls(NmsSettings settings) {
        if (settings.tls().isEmpty()) {
            return false;
        }
        try {
            CallHomeConfiguration.TlsClient.of(settings.tls().get(), settings.tls().get().listen().getPort());
            return true;
        } catch (IllegalArgumentException e) {
            LOG.warn("zero-touch bootstrap does not configure devices for tls: {}", e.getMessage());
            return false;
        }
    }

    /** A step that binds a listener. */
    @FunctionalInterface
    private interface Binding<T> {
        T bind() throws Exception;
    }

    private static <T> T listen(Listener listener, InetSocketAddress address, Binding<T> binding) throws Exception {
        try {
            return binding.bind();
        } catch (Exception e) {
            throw ListenFailedException.explain(listener, address, e);
        }
    }

    /**
     * Whether a session a certificate identified may stay: the half took the certificate at the
     * handshake, and only a revocation of its id through the API, or a pin of its id to a key (which
     * wins over a CA), since then undoes that.
     */
    private static boolean certified(TrustStore trust, DeviceSession session) {
        return session.facts().peerVerification().isCertificate() && trust.revocationOf(session.deviceId()).isEmpty()
                && trust.device(session.deviceId()).isEmpty();
    }

    /** Whether a session that reached NETCONF may stay although its device is not trusted: its strategy says. */
    private static boolean admitsUntrusted(NmsSettings settings, DeviceSession session) {
        return STRATEGIES.stream().anyMatch(strategy -> strategy.strategy() == session.strategy()
                && strategy.admitsUntrusted(settings, session));
    }

    /** Where reverse-ssh devices call home (the port actually bound), if served. */
    public InetSocketAddress callHomeAddress() {
        return address(CallHomeStrategy.REVERSE_SSH);
    }

    /** Where device-ssh-client devices log in (the port actually bound), if served. */
    public InetSocketAddress deviceSshAddress() {
        return address(CallHomeStrategy.DEVICE_SSH_CLIENT);
    }

    /** Where the devices of {@code strategy} connect (the port actually bound), if served. */
    public InetSocketAddress address(CallHomeStrategy strategy) {
        return Optional.ofNullable(bound.get(strategy)).orElseThrow(() ->
                new IllegalStateException("this NMS does not serve " + strategy.wireName()));
    }

    /**
     * For programs that embed the NMS: {@code listener} hears of every NETCONF session once it is up,
     * on the session's thread (it must not block).
     */
    public void onSession(Consumer<DeviceSession> listener) {
        clients.addSessionListener(listener);
    }

    /** For programs that embed the NMS: every registry event, as the event stream sends it, on the API's thread. */
    public void subscribe(Consumer<DeviceEvent> subscriber) {
        api.registry().subscribe(subscriber);
    }

    public int httpPort() {
        return api.actualPort();
    }

    /** The port the zero-touch bootstrap server listens on, if it runs. */
    public Optional<Integer> bootstrapPort() {
        return bootstrap.map(BootstrapVerticle::actualPort);
    }

    @Override
    public void close() throws IOException {
        for (NmsHalf half : halves) {
            half.close();
        }
        vertx.close().await();
        timers.shutdownNow();
        DaemonThreads.shutdown(workers, Duration.ofSeconds(5));
    }

}
