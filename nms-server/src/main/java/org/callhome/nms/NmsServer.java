package org.callhome.nms;

import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.callhome.nms.api.ApiVerticle;
import org.callhome.nms.api.ApiVerticle.TrustedDevice;
import org.callhome.nms.callhome.NetconfClients;
import org.callhome.nms.callhome.ReverseSshAcceptor;
import org.callhome.nms.devicessh.DeviceSshServer;
import org.callhome.nms.registry.DeviceRegistry;
import org.callhome.shared.ssh.SshKeys;
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
    private final List<NmsHalf> halves;
    private final InetSocketAddress callHomeAddress;
    private final InetSocketAddress deviceSshAddress;

    private NmsServer(Vertx vertx, ExecutorService workers, ScheduledExecutorService timers, ApiVerticle api,
                      List<NmsHalf> halves, InetSocketAddress callHomeAddress, InetSocketAddress deviceSshAddress) {
        this.vertx = vertx;
        this.workers = workers;
        this.timers = timers;
        this.api = api;
        this.halves = halves;
        this.callHomeAddress = callHomeAddress;
        this.deviceSshAddress = deviceSshAddress;
    }

    public static NmsServer start(NmsSettings settings) throws Exception {
        Vertx vertx = Vertx.vertx();
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                daemon("nms-netconf"));
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("nms-timers"));
        List<NmsHalf> halves = new ArrayList<>();
        try {
            ApiVerticle api = new ApiVerticle(settings.http(), settings.limits(), settings.rpcTimeout(),
                    trusted(settings));
            vertx.deployVerticle(api).await();
            DeviceRegistry registry = api.registry();
            NetconfClients clients = new NetconfClients(registry, settings.limits(), workers, timers);
            InetSocketAddress callHome = null;
            InetSocketAddress deviceSsh = null;
            if (settings.reverseSsh().isPresent()) {
                NmsSettings.ReverseSsh reverse = settings.reverseSsh().get();
                ReverseSshAcceptor acceptor = new ReverseSshAcceptor(new ReverseSshAcceptor.Settings(reverse.listen(),
                        reverse.knownDevices(), reverse.identity(), reverse.username(), reverse.trustUnknownDevices(),
                        settings.authTimeout(), settings.keepalives(), settings.limits()), registry, timers);
                halves.add(acceptor);
                callHome = acceptor.start(clients::accept);
            }
            if (settings.deviceSsh().isPresent()) {
                NmsSettings.DeviceSsh device = settings.deviceSsh().get();
                DeviceSshServer server = new DeviceSshServer(new DeviceSshServer.Settings(device.listen(),
                        device.hostKey(), device.deviceAccounts(), device.subsystem(), settings.authTimeout(),
                        settings.keepalives(), 4L * settings.limits().maxMessageBytes()), registry, timers);
                halves.add(server);
                deviceSsh = server.start(clients::accept);
            }
            return new NmsServer(vertx, workers, timers, api, halves, callHome, deviceSsh);
        } catch (Exception e) {
            for (NmsHalf half : halves) {
                half.close();
            }
            vertx.close().await();
            workers.shutdownNow();
            timers.shutdownNow();
            throw e;
        }
    }

    /** The devices trusted at start, from the trust files of every strategy served. */
    private static List<TrustedDevice> trusted(NmsSettings settings) {
        List<TrustedDevice> trusted = new ArrayList<>();
        settings.reverseSsh().ifPresent(reverse -> reverse.knownDevices().asMap().forEach((id, key) ->
                trusted.add(new TrustedDevice(id, CallHomeStrategy.REVERSE_SSH, SshKeys.fingerprint(key)))));
        settings.deviceSsh().ifPresent(device -> device.deviceAccounts().asMap().forEach((id, key) -> {
            if (settings.reverseSsh().flatMap(reverse -> reverse.knownDevices().keyOf(id)).isPresent()) {
                throw new IllegalArgumentException("device id '" + id + "' is in both --known-devices and "
                        + "--device-accounts: a device uses one strategy");
            }
            trusted.add(new TrustedDevice(id, CallHomeStrategy.DEVICE_SSH_CLIENT, SshKeys.fingerprint(key)));
        }));
        return trusted;
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
