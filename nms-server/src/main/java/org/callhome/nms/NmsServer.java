package org.callhome.nms;

import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.callhome.nms.api.ApiVerticle;
import org.callhome.nms.callhome.NetconfClients;
import org.callhome.nms.callhome.ReverseSshAcceptor;
import org.callhome.nms.registry.DeviceRegistry;
import org.callhome.shared.ssh.SshKeys;

/**
 * The running NMS: a Vert.x instance with the API verticle (which owns the registry), and the
 * call-home listener feeding it. {@link #start} returns once everything listens.
 */
public final class NmsServer implements AutoCloseable {

    private final Vertx vertx;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final ApiVerticle api;
    private final ReverseSshAcceptor acceptor;
    private final InetSocketAddress callHomeAddress;

    private NmsServer(Vertx vertx, ExecutorService workers, ScheduledExecutorService timers, ApiVerticle api,
                      ReverseSshAcceptor acceptor, InetSocketAddress callHomeAddress) {
        this.vertx = vertx;
        this.workers = workers;
        this.timers = timers;
        this.api = api;
        this.acceptor = acceptor;
        this.callHomeAddress = callHomeAddress;
    }

    public static NmsServer start(NmsSettings settings) throws Exception {
        Vertx vertx = Vertx.vertx();
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                daemon("nms-netconf"));
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("nms-timers"));
        Map<String, String> trusted = new LinkedHashMap<>();
        settings.knownDevices().asMap().forEach((id, key) -> trusted.put(id, SshKeys.fingerprint(key)));
        ApiVerticle api = new ApiVerticle(settings.http(), settings.limits(), settings.rpcTimeout(), trusted);
        try {
            vertx.deployVerticle(api).await();
            DeviceRegistry registry = api.registry();
            NetconfClients clients = new NetconfClients(registry, settings.limits(), workers, timers);
            ReverseSshAcceptor acceptor = new ReverseSshAcceptor(new ReverseSshAcceptor.Settings(settings.listen(),
                    settings.knownDevices(), settings.identity(), settings.username(), settings.trustUnknownDevices(),
                    settings.authTimeout(), settings.keepalives(), settings.limits()), registry, timers);
            InetSocketAddress bound = acceptor.start(clients::accept);
            return new NmsServer(vertx, workers, timers, api, acceptor, bound);
        } catch (Exception e) {
            vertx.close().await();
            workers.shutdownNow();
            timers.shutdownNow();
            throw e;
        }
    }

    /** Where devices call home (the port actually bound). */
    public InetSocketAddress callHomeAddress() {
        return callHomeAddress;
    }

    public int httpPort() {
        return api.actualPort();
    }

    @Override
    public void close() throws Exception {
        acceptor.close();
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
