package org.callhome.compare.costs;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.callhome.compare.config.ConfigInventory;
import org.callhome.compare.fleet.FleetProcess;
import org.callhome.compare.fleet.ProcessCpu;
import org.callhome.compare.lab.DeviceSpec;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.ConfigBurden;
import org.callhome.compare.model.Latency;
import org.callhome.compare.model.Measured;
import org.callhome.compare.model.StrategyCosts;
import org.callhome.device.DeviceAgent;
import org.callhome.device.callhome.DialerListener;
import org.callhome.nms.registry.DeviceEvent;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NegotiatedAlgorithms;

/**
 * Measures what one strategy costs, with real parts on loopback: an NMS in this JVM and N devices
 * in a child JVM ({@link FleetProcess}), so that each side's CPU time is its own process's.
 * The steps, each timed or counted as its {@code method} text says:
 * <ol>
 * <li>wire: a few devices connect through a {@link CountingProxy}: bytes and round trips until the
 *     NMS has the device's NETCONF hello (this also warms the NMS's code up);</li>
 * <li>bring-up: all N devices start and dial at once (this warms both JVMs' code up);</li>
 * <li>setup: the NMS drops every session and the running devices reconnect at once; per device,
 *     TCP connection to the device's hello (handshake) and to the reply of a first get-config sent
 *     on hello (setup); CPU of both processes over that reconnect, divided by N;</li>
 * <li>heap: NMS heap after a full GC, before the devices and with N idle sessions;</li>
 * <li>rpc: get-config round trips, one at a time, round robin over the sessions;</li>
 * <li>recovery: the NMS is closed and started again on the same port; time until every device
 *     is back (the devices' reconnect policy is the same for both strategies).</li>
 * </ol>
 */
public final class CostRun {

    private static final String GET_CONFIG = "<get-config xmlns=\"" + Netconf.BASE_NS + "\">"
            + "<source><running/></source></get-config>";
    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(30);
    /** Sessions dropped at once in the timed reconnect. */
    private static final int MAX_WAVE = 100;

    /**
     * @param devices     N
     * @param rpcs        get-config round trips to time
     * @param wireDevices devices that connect through the counting proxy
     */
    public record Options(int devices, int rpcs, int wireDevices) {
        public Options {
            if (devices < 2) {
                throw new IllegalArgumentException("--devices must be at least 2, got " + devices);
            }
            if (rpcs < 1 || wireDevices < 1) {
                throw new IllegalArgumentException("rpcs and wire devices must be positive");
            }
        }
    }

    /** What the run of one strategy produced. */
    public record Outcome(StrategyCosts costs, ConfigBurden config, NegotiatedAlgorithms algorithms) {
    }

    private final CallHomeStrategy strategy;
    private final Options options;
    private final Testbed testbed;
    private final Consumer<String> progress;

    public CostRun(CallHomeStrategy strategy, Options options, Testbed testbed, Consumer<String> progress) {
        this.strategy = strategy;
        this.options = options;
        this.testbed = testbed;
        this.progress = progress;
    }

    public Outcome run() throws Exception {
        int n = options.devices();
        progress.accept(strategy.wireName() + ": keys for " + n + " devices");
        Testbed.NmsKeys keys = testbed.nmsKeys("nms-" + strategy.wireName());
        Map<String, PublicKey> trusted = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String id = String.format("%s-%04d", strategy == CallHomeStrategy.REVERSE_SSH ? "rs" : "dc", i);
            ids.add(id);
            trusted.put(id, testbed.devicePublicKey(id));
        }
        Testbed.NmsSpec spec = new Testbed.NmsSpec("nms-" + strategy.wireName(), strategy, keys, trusted, 0, false);
        Testbed.Nms nms = testbed.startNms(spec);
        List<DeviceSpec> specs = new ArrayList<>();
        for (String id : ids) {
            specs.add(testbed.deviceSpec(strategy, id, keys, nms.address(), Role.ADMIN));
        }

        progress.accept(strategy.wireName() + ": bytes and round trips through a counting proxy");
        Wire wire = wire(nms, specs.subList(0, Math.min(options.wireDevices(), n)));

        progress.accept(strategy.wireName() + ": " + n + " devices dialing at once (device fleet in its own JVM)");
        Path fleetFolder = testbed.dir().resolve("fleet-" + strategy.wireName());
        Duration maxWait = maxWait(n);
        try (FleetProcess fleet = FleetProcess.start(specs, maxWait, fleetFolder)) {
            long heapBefore = heapAfterGc();
            Sessions first = new Sessions(n);
            nms.server().onSession(first::add);
            fleet.startDevices();
            first.await(connectTimeout(n), "connected and answered a first get-config");

            int wave = Math.min(n, MAX_WAVE);
            progress.accept(strategy.wireName() + ": the NMS drops the " + n + " sessions, " + wave
                    + " at a time; timing the reconnect");
            Sessions sessions = new Sessions(n);
            nms.server().onSession(sessions::add);
            long nmsCpuBefore = ProcessCpu.nanos();
            long fleetCpuBefore = fleet.cpuNanos();
            List<org.callhome.nms.session.DeviceSession> up = first.all();
            for (int from = 0; from < n; from += wave) {
                int to = Math.min(n, from + wave);
                for (org.callhome.nms.session.DeviceSession session : up.subList(from, to)) {
                    session.netconf().close("the comparison times a reconnect");
                }
                sessions.awaitAnswered(to, connectTimeout(to - from), "reconnected and answered a first get-config");
            }
            long nmsCpu = ProcessCpu.nanos() - nmsCpuBefore;
            long fleetCpu = fleet.cpuNanos() - fleetCpuBefore;
            Thread.sleep(1000);
            long heapIdle = heapAfterGc();

            progress.accept(strategy.wireName() + ": " + options.rpcs() + " get-config round trips");
            List<Double> rpcMillis = new ArrayList<>();
            List<org.callhome.nms.session.DeviceSession> live = sessions.all();
            for (int i = 0; i < options.rpcs(); i++) {
                var session = live.get(i % live.size());
                long start = System.nanoTime();
                session.netconf().rpc(GET_CONFIG, RPC_TIMEOUT).get(RPC_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                rpcMillis.add((System.nanoTime() - start) / 1e6);
            }

            progress.accept(strategy.wireName() + ": NMS restart, waiting for all " + n + " devices");
            int port = nms.address().getPort();
            testbed.stop(nms);
            Testbed.NmsSpec again = new Testbed.NmsSpec(spec.name(), strategy, keys, trusted, port, false);
            Sessions back = new Sessions(n);
            long restart = System.nanoTime();
            Testbed.Nms restarted = testbed.startNms(again);
            restarted.server().onSession(back::add);
            back.awaitConnected(recoveryTimeout(n), "connected again");
            double recoveryMillis = (back.lastConnectedNanos() - restart) / 1e6;
            testbed.stop(restarted);

            StrategyCosts costs = new StrategyCosts(strategy, n,
                    Latency.of(sessions.setupMillis(), "per device: from the TCP connection (its SSH session's "
                            + "creation on the NMS) to the reply of a get-config the NMS sends on the device's hello; "
                            + n + " running devices reconnecting after the NMS dropped their sessions, at most "
                            + Math.min(n, MAX_WAVE) + " at a time"),
                    Latency.of(sessions.handshakeMillis(), "per device: from the TCP connection to the device's "
                            + "NETCONF hello, as the NMS saw it; the same reconnect of " + n + " devices"),
                    new Measured(wire.meanBytes(), "bytes", "both directions, counted by a TCP relay until the "
                            + "NMS had the device's hello; mean of " + wire.connections() + " connections"),
                    new Measured(wire.meanRoundTrips(), "round trips", "half the number of times the direction of "
                            + "the traffic turned at the relay until the NMS had the hello; mean of "
                            + wire.connections() + " connections"),
                    new Measured(fleetCpu / 1e6 / n, "ms CPU", "CPU time (user+system, every thread) of the device "
                            + "process while its " + n + " running devices reconnected and answered a get-config, "
                            + "divided by " + n),
                    new Measured(nmsCpu / 1e6 / n, "ms CPU", "CPU time of the NMS process (which also runs this "
                            + "measurement) over the same reconnect, divided by " + n),
                    new Measured((heapIdle - heapBefore) / (double) n, "bytes", "NMS heap used after a full GC with "
                            + n + " idle sessions, minus before the devices, divided by " + n),
                    Latency.of(rpcMillis, "get-config on the running datastore, one at a time, round robin over "
                            + n + " sessions, timed in the NMS from send to reply"),
                    new Measured(recoveryMillis, "ms", "from starting the NMS again on the same port to the last of "
                            + n + " devices back with NETCONF up; dominated by the devices' reconnect policy "
                            + "(max-wait " + maxWait.toMillis() / 1000.0 + " s, retries 1 s doubling, jittered), the same "
                            + "for both strategies"));
            ConfigBurden config = ConfigInventory.of(strategy, specs.stream().map(DeviceSpec::settings).toList(),
                    nms.settings());
            return new Outcome(costs, config, live.get(0).facts().algorithms());
        }
    }

    /**
     * The devices' max-wait: their own default for up to 100, then 50 ms per device, so that
     * thousands of handshakes queued on a small machine are not abandoned and retried forever.
     */
    private static Duration maxWait(int devices) {
        Duration scaled = Duration.ofMillis(50L * devices);
        return scaled.compareTo(DeviceSpec.MAX_WAIT) > 0 ? scaled : DeviceSpec.MAX_WAIT;
    }

    /** After a restart, devices come back as their backoff (up to a minute) and the NMS's --max-startups allow. */
    private static Duration recoveryTimeout(int devices) {
        return Duration.ofSeconds(120).plusMillis(600L * devices);
    }

    private static Duration connectTimeout(int devices) {
        return Duration.ofSeconds(60).plusMillis(200L * devices);
    }

    /** What the counting relay saw, per connection. */
    private record Wire(List<CountingProxy.Counts> counts) {
        int connections() {
            return counts.size();
        }

        double meanBytes() {
            return counts.stream().mapToLong(CountingProxy.Counts::bytes).average().orElse(0);
        }

        double meanRoundTrips() {
            return counts.stream().mapToDouble(CountingProxy.Counts::roundTrips).average().orElse(0);
        }
    }

    /** Connects {@code specs} in this JVM through a counting relay, one after the other, then disconnects them. */
    private Wire wire(Testbed.Nms nms, List<DeviceSpec> specs) throws Exception {
        List<CountingProxy.Counts> counts = new ArrayList<>();
        try (CountingProxy proxy = new CountingProxy(nms.address())) {
            for (DeviceSpec spec : specs) {
                CountDownLatch up = new CountDownLatch(1);
                CountDownLatch down = new CountDownLatch(1);
                List<CountingProxy.Counts> seen = new ArrayList<>();
                Consumer<org.callhome.nms.session.DeviceSession> onSession = session -> {
                    if (session.deviceId().equals(spec.id())) {
                        synchronized (seen) {
                            seen.add(proxy.countsFor(portOf(session.remoteAddress())));
                        }
                        up.countDown();
                    }
                };
                Consumer<DeviceEvent> onEvent = event -> {
                    if ("disconnected".equals(event.type()) && spec.id().equals(event.data().getString("id"))) {
                        down.countDown();
                    }
                };
                nms.server().onSession(onSession);
                nms.server().subscribe(onEvent);
                DeviceAgent agent = testbed.startDevice(spec.calling("127.0.0.1", proxy.port()),
                        new DialerListener() { });
                try {
                    if (!up.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException(spec.id() + " did not connect through the counting relay");
                    }
                } finally {
                    testbed.stop(agent);
                }
                if (!down.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the NMS did not see " + spec.id() + " disconnect");
                }
                synchronized (seen) {
                    if (seen.get(0) == null) {
                        throw new IllegalStateException("the relay has no connection for " + spec.id());
                    }
                    counts.add(seen.get(0));
                }
            }
        }
        return new Wire(counts);
    }

    private static int portOf(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The first session of each of N devices: handshake, and setup through a first get-config. */
    private static final class Sessions {
        private final int expected;
        private final Map<String, org.callhome.nms.session.DeviceSession> byDevice = new LinkedHashMap<>();
        private final List<Double> handshakes = new ArrayList<>();
        private final List<Double> setups = new ArrayList<>();
        private final CountDownLatch connected;
        private final CountDownLatch answered;
        private long lastConnectedNanos;

        Sessions(int expected) {
            this.expected = expected;
            this.connected = new CountDownLatch(expected);
            this.answered = new CountDownLatch(expected);
        }

        void add(org.callhome.nms.session.DeviceSession session) {
            synchronized (this) {
                if (byDevice.putIfAbsent(session.deviceId(), session) != null) {
                    return;
                }
                handshakes.add(session.handshake().toNanos() / 1e6);
                lastConnectedNanos = System.nanoTime();
            }
            connected.countDown();
            session.netconf().rpc(GET_CONFIG, RPC_TIMEOUT).whenComplete((reply, failure) -> {
                if (failure == null) {
                    synchronized (this) {
                        setups.add((System.nanoTime() - session.openedNanos()) / 1e6);
                        notifyAll();
                    }
                    answered.countDown();
                }
            });
        }

        /** Waits until {@code count} devices answered their first get-config. */
        void awaitAnswered(int count, Duration timeout, String what) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (this) {
                while (setups.size() < count) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException(setups.size() + " of " + count + " devices " + what
                                + " within " + timeout.toSeconds() + " s");
                    }
                    wait(Math.max(1, left / 1_000_000));
                }
            }
        }

        void await(Duration timeout, String what) throws InterruptedException {
            if (!answered.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(count() + " of " + expected + " devices " + what + " within "
                        + timeout.toSeconds() + " s");
            }
        }

        void awaitConnected(Duration timeout, String what) throws InterruptedException {
            if (!connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(count() + " of " + expected + " devices " + what + " within "
                        + timeout.toSeconds() + " s");
            }
        }

        synchronized int count() {
            return byDevice.size();
        }

        synchronized long lastConnectedNanos() {
            return lastConnectedNanos;
        }

        synchronized List<Double> handshakeMillis() {
            return List.copyOf(handshakes);
        }

        synchronized List<Double> setupMillis() {
            return List.copyOf(setups);
        }

        synchronized List<org.callhome.nms.session.DeviceSession> all() {
            return List.copyOf(byDevice.values());
        }
    }
}
