package org.callhome.nms;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.IOException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.callhome.nms.ListenFailedException.Listener;
import org.callhome.nms.callhome.DeviceSession;
import org.callhome.nms.metrics.NmsMetrics;
import org.callhome.nms.trust.TrustStore;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.strategy.SecurityFacts;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.callhome.nms.api.ApiVerticle;
import org.callhome.nms.callhome.NetconfClients;
import org.callhome.nms.callhome.ReverseSshAcceptor;
import org.callhome.nms.callhome.StartupLimiter;
import org.callhome.nms.devicessh.DeviceSshServer;
import org.callhome.nms.registry.DeviceRegistry;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NmsHalf;

/**
 * The running NMS: a Vert.x instance with the API verticle (which owns the registry), the NMS
 * half of each strategy it serves, and the one NETCONF layer they all feed. {@link #start}
 * returns once everything listens.
 */
public final class NmsServer implements AutoCloseable {

    private final Vertx vertx;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final ApiVerticle api;
    private final NetconfClients clients;
    private final List<NmsHalf> halves;
    private final InetSocketAddress callHomeAddress;
    private final InetSocketAddress deviceSshAddress;

    private NmsServer(Vertx vertx, ExecutorService workers, ScheduledExecutorService timers, ApiVerticle api,
                      NetconfClients clients, List<NmsHalf> halves, InetSocketAddress callHomeAddress,
                      InetSocketAddress deviceSshAddress) {
        this.vertx = vertx;
        this.workers = workers;
        this.timers = timers;
        this.api = api;
        this.clients = clients;
        this.halves = halves;
        this.callHomeAddress = callHomeAddress;
        this.deviceSshAddress = deviceSshAddress;
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
        settings.reverseSsh().ifPresent(reverse -> seeds.put(CallHomeStrategy.REVERSE_SSH, reverse.knownDevices()));
        settings.deviceSsh().ifPresent(device -> seeds.put(CallHomeStrategy.DEVICE_SSH_CLIENT, device.deviceAccounts()));
        return TrustStore.open(settings.stateDir(), seeds, Clock.systemUTC());
    }

    /**
     * Starts the NMS on {@code trust}, which must have been opened for these settings.
     *
     * @throws ListenFailedException when a listener cannot bind its address (everything started is closed again)
     */
    public static NmsServer start(NmsSettings settings, TrustStore trust) throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        NmsMetrics metrics = new NmsMetrics(prometheus);
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                        .setJvmMetricsEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(prometheus))
                .build();
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                daemon("nms-netconf"));
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("nms-timers"));
        Map<CallHomeStrategy, NmsHalf> halves = new ConcurrentHashMap<>();
        Map<CallHomeStrategy, String> listening = new ConcurrentHashMap<>();
        boolean lab = settings.reverseSsh().map(NmsSettings.ReverseSsh::trustUnknownDevices).orElse(false);
        Predicate<DeviceSession> admit = session -> trust.trusts(session.strategy(), session.deviceId(),
                session.keyFingerprint()) || (lab && session.strategy() == CallHomeStrategy.REVERSE_SSH
                && session.deviceId().startsWith(ReverseSshAcceptor.UNTRUSTED_PREFIX));
        try {
            ApiVerticle api = new ApiVerticle(new ApiVerticle.Settings(settings.http(), settings.limits(),
                    settings.rpcTimeout(), settings.apiToken(), trust, metrics, prometheus, halves, listening, admit));
            listen(Listener.HTTP, settings.http(), () -> vertx.deployVerticle(api).await());
            DeviceRegistry registry = api.registry();
            NetconfClients clients = new NetconfClients(registry, settings.limits(), workers, timers);
            InetSocketAddress callHome = null;
            InetSocketAddress deviceSsh = null;
            if (settings.reverseSsh().isPresent()) {
                NmsSettings.ReverseSsh reverse = settings.reverseSsh().get();
                ReverseSshAcceptor acceptor = new ReverseSshAcceptor(new ReverseSshAcceptor.Settings(reverse.listen(),
                        trust.view(CallHomeStrategy.REVERSE_SSH), reverse.identity(), reverse.username(),
                        reverse.trustUnknownDevices(), settings.authTimeout(), settings.keepalives(),
                        settings.limits()), registry, timers);
                acceptor.limitStartups(new StartupLimiter(settings.maxStartups(),
                        () -> metrics.startupRefused(CallHomeStrategy.REVERSE_SSH)));
                halves.put(CallHomeStrategy.REVERSE_SSH, acceptor);
                callHome = listen(Listener.CALL_HOME, reverse.listen(), () -> acceptor.start(clients::accept));
                listening.put(CallHomeStrategy.REVERSE_SSH, SecurityFacts.addressOf(callHome));
            }
            if (settings.deviceSsh().isPresent()) {
                NmsSettings.DeviceSsh device = settings.deviceSsh().get();
                DeviceSshServer server = new DeviceSshServer(new DeviceSshServer.Settings(device.listen(),
                        device.hostKey(), trust.view(CallHomeStrategy.DEVICE_SSH_CLIENT), device.subsystem(),
                        settings.authTimeout(), settings.keepalives(), settings.limits().maxWriteBacklogBytes()),
                        registry, timers);
                server.limitStartups(new StartupLimiter(settings.maxStartups(),
                        () -> metrics.startupRefused(CallHomeStrategy.DEVICE_SSH_CLIENT)));
                halves.put(CallHomeStrategy.DEVICE_SSH_CLIENT, server);
                deviceSsh = listen(Listener.DEVICE_SSH, device.listen(), () -> server.start(clients::accept));
                listening.put(CallHomeStrategy.DEVICE_SSH_CLIENT, SecurityFacts.addressOf(deviceSsh));
            }
            return new NmsServer(vertx, workers, timers, api, clients, List.copyOf(halves.values()), callHome,
                    deviceSsh);
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

    /** Where reverse-ssh devices call home (the port actually bound), if served. */
    public InetSocketAddress callHomeAddress() {
        return Optional.ofNullable(callHomeAddress).orElseThrow(() ->
                new IllegalStateException("this NMS does not serve reverse-ssh"));
    }

    /** Where device-ssh-client devices log in (the port actually bound), if served. */
    public InetSocketAddress deviceSshAddress() {
        return Optional.ofNullable(deviceSshAddress).orElseThrow(() ->
                new IllegalStateException("this NMS does not serve device-ssh-client"));
    }

    /**
     * For programs that embed the NMS: {@code listener} hears of every NETCONF session once it is up,
     * on the session's thread (it must not block).
     */
    public void onSession(Consumer<DeviceSession> listener) {
        clients.addSessionListener(listener);
    }

    /** For programs that embed the NMS: every registry event, as the event stream sends it, on the API's thread. */
    public void subscribe(Consumer<DeviceRegistry.DeviceEvent> subscriber) {
        api.registry().subscribe(subscriber);
    }

    public int httpPort() {
        return api.actualPort();
    }

    @Override
    public void close() throws Exception {
        for (NmsHalf half : halves) {
            half.close();
        }
        vertx.close().await();
        timers.shutdownNow();
        workers.shutdown();
        workers.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
