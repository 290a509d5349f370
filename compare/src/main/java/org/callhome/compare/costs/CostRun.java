package org.callhome.compare.costs;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
import org.callhome.nms.session.DeviceSession;
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
 *     is back (the devices' reconnect policy is the same for both strategies);</li>
 * <li>floor: the crypto of the algorithms the sessions negotiated, timed in this JVM
 *     ({@link CryptoFloor}), and the NMS's CPU per session as a multiple of it.</li>
 * </ol>
 */
public final class CostRun {

    static final String GET_CONFIG = "<get-config xmlns=\"" + Netconf.BASE_NS + "\">"
            + "<source><running/></source></get-config>";
    static final Duration RPC_TIMEOUT = Duration.ofSeconds(30);
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

    /**
     * The NMS of the run and the devices it trusts; {@code sessions} is where the NMS's one session
     * listener hands new sessions (NMS listeners cannot be removed, and one that kept an earlier
     * step's sessions would count them in the idle heap).
     */
    private record Lab(Testbed.Nms nms, List<DeviceSpec> devices, AtomicReference<FirstSessions> sessions) {
    }

    /**
     * The timed reconnect: the sessions it gave and the CPU each process spent on it; of the NMS's,
     * its JIT compiler's part, or empty where that is not known.
     */
    private record Reconnect(FirstSessions sessions, long nmsCpuNanos, long fleetCpuNanos,
                             OptionalLong nmsCompilerNanos) {
    }

    public CostRun(CallHomeStrategy strategy, Options options, Testbed testbed, Consumer<String> progress) {
        this.strategy = strategy;
        this.options = options;
        this.testbed = testbed;
        this.progress = progress;
    }

    public Outcome run() throws Exception {
        int n = options.devices();
        Lab lab = startNms(n);

        progress.accept(strategy.wireName() + ": bytes and round trips through a counting proxy");
        WireCounts wire = WireCounts.measure(testbed, lab.nms(),
                lab.devices().subList(0, Math.min(options.wireDevices(), n)));

        progress.accept(strategy.wireName() + ": " + n + " devices dialing at once (device fleet in its own JVM)");
        Path fleetFolder = testbed.dir().resolve("fleet-" + strategy.wireName());
        Duration maxWait = maxWait(n);
        try (FleetProcess fleet = FleetProcess.start(lab.devices(), maxWait, fleetFolder)) {
            long heapBefore = heapAfterGc();
            // The bring-up's sessions are closed by the reconnect and nothing keeps them (no local,
            // and the NMS's one listener now feeds the reconnect's): the idle heap is the live sessions'.
            Reconnect reconnect = timeReconnect(lab, fleet, bringUp(lab, fleet, n), n);
            long heapIdle = idleHeap();
            List<DeviceSession> live = reconnect.sessions().all();
            List<Double> rpcMillis = timeRpcs(live);
            double recoveryMillis = timeRecovery(lab, n);
            NegotiatedAlgorithms algorithms = live.get(0).facts().algorithms();
            progress.accept(strategy.wireName() + ": the crypto floor of " + algorithms.keyExchange() + " and "
                    + algorithms.hostKey());
            CryptoFloor.Floor floor = CryptoFloor.of(algorithms);

            StrategyCosts costs = costs(n, maxWait, wire, reconnect, heapIdle - heapBefore, rpcMillis,
                    recoveryMillis, floor);
            // a tls NMS pins devices in its trust store, approved through the API: the testbed approved the spec's
            int approved = strategy == CallHomeStrategy.TLS && !testbed.certificates()
                    ? lab.nms().spec().trusted().size() : 0;
            ConfigBurden config = ConfigInventory.of(strategy,
                    lab.devices().stream().map(DeviceSpec::settings).toList(), lab.nms().settings(), approved);
            return new Outcome(costs, config, algorithms);
        }
    }

    /** Keys for N devices, an NMS trusting them all, and the devices' settings pointing at it. */
    private Lab startNms(int n) throws Exception {
        progress.accept(strategy.wireName() + ": keys for " + n + " devices");
        Testbed.NmsKeys keys = testbed.nmsKeys("nms-" + strategy.wireName());
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add(String.format("%s-%04d", DeviceSpec.idPrefix(strategy), i));
        }
        Map<String, PublicKey> trusted = testbed.devicePublicKeys(ids);
        Testbed.NmsSpec spec = new Testbed.NmsSpec("nms-" + strategy.wireName(), strategy, keys, trusted, 0, false);
        Testbed.Nms nms = testbed.startNms(spec);
        List<DeviceSpec> devices = new ArrayList<>();
        for (String id : trusted.keySet()) {
            devices.add(testbed.deviceSpec(strategy, id, keys, nms.address(), Role.ADMIN));
        }
        AtomicReference<FirstSessions> sessions = new AtomicReference<>();
        nms.server().onSession(session -> {
            FirstSessions current = sessions.get();
            if (current != null) {
                current.add(session);
            }
        });
        return new Lab(nms, devices, sessions);
    }

    /** All N devices start and dial at once; returns their first sessions once each answered a get-config. */
    private List<DeviceSession> bringUp(Lab lab, FleetProcess fleet, int n) throws Exception {
        FirstSessions first = new FirstSessions(n);
        lab.sessions().set(first);
        fleet.startDevices();
        first.await(connectTimeout(n), "connected and answered a first get-config");
        return first.all();
    }

    /** The NMS drops the sessions {@link #MAX_WAVE} at a time and the devices reconnect: timed per device, and CPU. */
    private Reconnect timeReconnect(Lab lab, FleetProcess fleet, List<DeviceSession> up, int n) throws Exception {
        int wave = Math.min(n, MAX_WAVE);
        progress.accept(strategy.wireName() + ": the NMS drops the " + n + " sessions, " + wave
                + " at a time; timing the reconnect");
        FirstSessions sessions = new FirstSessions(n);
        lab.sessions().set(sessions);
        long nmsCpuBefore = ProcessCpu.nanos();
        OptionalLong compilerBefore = ProcessCpu.compilerNanos();
        long fleetCpuBefore = fleet.cpuNanos();
        for (int from = 0; from < n; from += wave) {
            int to = Math.min(n, from + wave);
            for (DeviceSession session : up.subList(from, to)) {
                session.netconf().close("the comparison times a reconnect");
            }
            sessions.awaitAnswered(to, connectTimeout(to - from), "reconnected and answered a first get-config");
        }
        long nmsCpu = ProcessCpu.nanos() - nmsCpuBefore;
        OptionalLong compilerAfter = ProcessCpu.compilerNanos();
        OptionalLong compiler = compilerBefore.isPresent() && compilerAfter.isPresent()
                ? OptionalLong.of(compilerAfter.getAsLong() - compilerBefore.getAsLong()) : OptionalLong.empty();
        return new Reconnect(sessions, nmsCpu, fleet.cpuNanos() - fleetCpuBefore, compiler);
    }

    /** NMS heap after a full GC, once the reconnected sessions have had a second to settle. */
    private static long idleHeap() throws InterruptedException {
        Thread.sleep(1000);
        return heapAfterGc();
    }

    /** get-config round trips, one at a time, round robin over the sessions. */
    private List<Double> timeRpcs(List<DeviceSession> live) throws Exception {
        progress.accept(strategy.wireName() + ": " + options.rpcs() + " get-config round trips");
        List<Double> rpcMillis = new ArrayList<>();
        for (int i = 0; i < options.rpcs(); i++) {
            DeviceSession session = live.get(i % live.size());
            long start = System.nanoTime();
            session.netconf().rpc(GET_CONFIG, RPC_TIMEOUT).get(RPC_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            rpcMillis.add((System.nanoTime() - start) / 1e6);
        }
        return rpcMillis;
    }

    /** The NMS is stopped and started again on its port; milliseconds until the last device is back. */
    private double timeRecovery(Lab lab, int n) throws Exception {
        progress.accept(strategy.wireName() + ": NMS restart, waiting for all " + n + " devices");
        Testbed.NmsSpec spec = lab.nms().spec();
        int port = lab.nms().address().getPort();
        testbed.stop(lab.nms());
        Testbed.NmsSpec again = spec.onPort(port);
        FirstSessions back = new FirstSessions(n);
        long restart = System.nanoTime();
        Testbed.Nms restarted = testbed.startNms(again);
        restarted.server().onSession(back::add);
        back.awaitConnected(recoveryTimeout(n), "connected again");
        double recoveryMillis = (back.lastConnectedNanos() - restart) / 1e6;
        testbed.stop(restarted);
        return recoveryMillis;
    }

    /** Every figure of the run with the method text the report shows beside it. */
    private StrategyCosts costs(int n, Duration maxWait, WireCounts wire, Reconnect reconnect, long heapGrowth,
                                List<Double> rpcMillis, double recoveryMillis, CryptoFloor.Floor floor) {
        FirstSessions sessions = reconnect.sessions();
        double nmsCpuMillis = reconnect.nmsCpuNanos() / 1e6 / n;
        return new StrategyCosts(strategy, n,
                Latency.of(sessions.setupMillis(), "per device: from the TCP connection (as the NMS accepted "
                        + "it) to the reply of a get-config the NMS sends on the device's hello; "
                        + n + " running devices reconnecting after the NMS dropped their sessions, at most "
                        + Math.min(n, MAX_WAVE) + " at a time"),
                Latency.of(sessions.handshakeMillis(), "per device: from the TCP connection to the device's "
                        + "NETCONF hello, as the NMS saw it; the same reconnect of " + n + " devices"),
                new Measured(wire.meanBytes(), "bytes", "both directions, counted by a TCP relay until the "
                        + "NMS had the device's hello; mean of " + wire.connections() + " connections"),
                new Measured(wire.meanRoundTrips(), "round trips", "half the number of times the direction of "
                        + "the traffic turned at the relay until the NMS had the hello; mean of "
                        + wire.connections() + " connections"),
                new Measured(reconnect.fleetCpuNanos() / 1e6 / n, "ms CPU", "CPU time (user+system, every thread) "
                        + "of the device process while its " + n + " running devices reconnected and answered a "
                        + "get-config, divided by " + n),
                new Measured(nmsCpuMillis, "ms CPU", "CPU time of the NMS process (which also "
                        + "runs this measurement) over the same reconnect, divided by " + n
                        + compilerShare(reconnect, n)),
                new Measured(heapGrowth / (double) n, "bytes", "NMS heap used after a full GC with "
                        + n + " idle sessions, minus before the devices, divided by " + n),
                Latency.of(rpcMillis, "get-config on the running datastore, one at a time, round robin over "
                        + n + " sessions, timed in the NMS from send to reply"),
                new Measured(recoveryMillis, "ms", "from starting the NMS again on the same port to the last of "
                        + n + " devices back with NETCONF up; dominated by the devices' reconnect policy "
                        + "(max-wait " + maxWait.toMillis() / 1000.0 + " s, retries 1 s doubling, jittered), the same "
                        + "for both strategies"),
                new Measured(floor.millis(), "ms CPU", floor.method()),
                new Measured(nmsCpuMillis / floor.millis(), "x", "NMS CPU per session divided by the NMS crypto "
                        + "floor per session (" + floor.keyExchange() + ", " + floor.hostKey() + ")"));
    }

    /** What the JIT compiler's threads took of the NMS's CPU, as a clause of its method text. */
    private static String compilerShare(Reconnect reconnect, int n) {
        if (reconnect.nmsCompilerNanos().isEmpty()) {
            return "";
        }
        double millis = reconnect.nmsCompilerNanos().getAsLong() / 1e6 / n;
        return String.format(Locale.ROOT, "; of it, %.2f ms per session (%.0f%%) was the JIT compiler's threads, "
                + "compiling code as it got hot: a warm, long-running NMS no longer pays that", millis,
                100 * millis * n * 1e6 / Math.max(1, reconnect.nmsCpuNanos()));
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

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
