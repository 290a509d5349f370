package org.callhome.compare.scale;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.callhome.compare.fleet.FleetProcess;
import org.callhome.compare.fleet.ProcessCpu;
import org.callhome.compare.fleet.ProcessStats;
import org.callhome.compare.lab.DeviceSpec;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.Latency;
import org.callhome.compare.model.Measured;
import org.callhome.compare.model.ScaleResults.Figure;
import org.callhome.compare.model.ScaleResults.Goal;
import org.callhome.compare.model.ScaleResults.StrategyScale;
import org.callhome.compare.model.TrustModel;
import org.callhome.nms.config.StartupLimits;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The scale harness for one strategy: the project's NMS in a child JVM with a bounded heap
 * ({@link NmsProcess}), the devices in another ({@link FleetProcess}), on loopback, keys pinned.
 * In order:
 * <ol>
 * <li>sustained: C devices at once; the NMS closes each session after its first get-config and
 *     the device calls again at once; after a warm-up that lasts until the NMS's JIT compiler has
 *     settled, sessions answered per second over a fixed time, and each process's CPU time over
 *     that time divided by the sessions, against the crypto floor measured in the NMS's JVM;</li>
 * <li>sequential: one device does the same on the warm NMS; each session's setup (TCP connection
 *     to the get-config reply, timed in the NMS) is one sample: no queueing in the number;</li>
 * <li>idle: all N devices call and stay; the time until the last is answered, then the NMS's heap
 *     (after a full GC), resident set, threads and descriptors, against before;</li>
 * <li>storm, once per {@code --max-startups}: the NMS is stopped (its sessions closed) and started
 *     again on its port with that limit; the time from its listening until each device is back.</li>
 * </ol>
 */
public final class ScaleRun {

    /** The sustained run measures once the NMS's JIT compiler uses less than this share of its CPU... */
    private static final double SETTLED_COMPILER_SHARE = 0.05;
    /** ...over a window this long... */
    private static final Duration WARM_UP_WINDOW = Duration.ofSeconds(3);

    /** The NMS's name in the run's folder. */
    static final String NMS_NAME = "nms";
    private static final String STORM_FIGURE = "storm";
    /** Lines of the NMS's and the fleet's logs an error quotes when a wait ran out. */
    private static final int LOG_TAIL_LINES = 20;

    /**
     * @param devices     N, held idle and restarted in the storms
     * @param dialers     C, the sustained run's concurrent devices
     * @param sustained   how long the sustained run is measured (after its warm-up)
     * @param sequential  sequential sessions timed
     * @param maxStartups the NMS's --max-startups in each storm
     * @param nmsHeap     the NMS JVM's -Xmx
     * @param nmsJavaOptions more options of the NMS JVM (a profiler's, say)
     * @param maxWarmUp   the longest warm-up of the sustained run
     */
    public record Options(int devices, int dialers, Duration sustained, int sequential, List<String> maxStartups,
                          String nmsHeap, List<String> nmsJavaOptions, Duration maxWarmUp) {
        public Options {
            if (maxWarmUp.isNegative()) {
                throw new IllegalArgumentException("--warm-up must not be negative");
            }
            nmsJavaOptions = List.copyOf(nmsJavaOptions);
            if (devices < 1) {
                throw new IllegalArgumentException("--devices must be at least 1, got " + devices);
            }
            if (dialers < 1 || dialers > devices) {
                throw new IllegalArgumentException("--dialers must be in 1..--devices (" + devices + "), got "
                        + dialers);
            }
            if (sequential < 1) {
                throw new IllegalArgumentException("--sequential must be at least 1, got " + sequential);
            }
            if (sustained.isNegative() || sustained.isZero()) {
                throw new IllegalArgumentException("--seconds must be positive");
            }
            maxStartups = List.copyOf(maxStartups);
            for (String limit : maxStartups) {
                NmsNode.limits(limit, devices);
            }
            if (!nmsHeap.matches("[1-9][0-9]*[kKmMgG]?")) {
                throw new IllegalArgumentException("--nms-heap must be a size as -Xmx takes it (e.g. 1g, 768m), got '"
                        + nmsHeap + "'");
            }
        }
    }

    private final CallHomeStrategy strategy;
    private final Options options;
    private final Path dir;
    private final Consumer<String> progress;
    private int nmsStarts;

    public ScaleRun(CallHomeStrategy strategy, Options options, Path dir, Consumer<String> progress) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.options = Objects.requireNonNull(options, "options");
        this.dir = dir;
        this.progress = progress;
    }

    /** The progress steps {@link #run()} reports. */
    public static int steps(Options options) {
        return 4 + options.maxStartups().size();
    }

    /** Device {@code index}'s id (from 1), the same in the NMS's and the fleet's process. */
    static String deviceId(CallHomeStrategy strategy, int index) {
        return String.format(Locale.ROOT, "%s-%05d", DeviceSpec.idPrefix(strategy), index);
    }

    /** The ids of the run's {@code devices} devices, in order. */
    static List<String> deviceIds(CallHomeStrategy strategy, int devices) {
        List<String> ids = new ArrayList<>(devices);
        for (int i = 1; i <= devices; i++) {
            ids.add(deviceId(strategy, i));
        }
        return ids;
    }

    public StrategyScale run() throws Exception {
        int n = options.devices();
        String name = strategy.wireName();
        progress.accept(name + ": keys for " + n + " devices");
        try (Testbed testbed = new Testbed(dir, TrustModel.PINNED, strategy)) {
            Testbed.NmsKeys keys = testbed.nmsKeys(NMS_NAME);
            testbed.devicePublicKeys(deviceIds(strategy, n));
            List<Figure> figures = new ArrayList<>();
            List<Goal> goals = new ArrayList<>();
            NmsProcess nms = startNms(testbed, 0, StartupLimits.DEFAULT_MAX_STARTUPS);
            Latency sequential;
            String algorithms;
            try {
                List<DeviceSpec> specs = new ArrayList<>();
                InetSocketAddress address = new InetSocketAddress(Testbed.NMS_HOST, nms.port());
                for (int i = 1; i <= n; i++) {
                    specs.add(testbed.deviceSpec(strategy, deviceId(strategy, i), keys, address, Role.ADMIN));
                }
                // the first C devices call again at once after a session: sequential and sustained runs
                try (FleetProcess cycling = FleetProcess.start(specs.subList(0, options.dialers()), maxWait(n),
                        Optional.of(Duration.ZERO), dir.resolve("fleet-cycling"))) {
                    progress.accept(name + ": " + options.dialers() + " devices calling, closed and calling again for "
                            + options.sustained().toSeconds() + " s");
                    sustained(nms, cycling, figures, goals);
                    progress.accept(name + ": " + options.sequential() + " sequential sessions of one device");
                    sequential = sequential(nms, cycling);
                    algorithms = nms.algorithms();
                    figures.add(new Figure("sequentialSetupP50", "single-session setup, p50",
                            new Measured(sequential.p50(), "ms", sequential.method())));
                    figures.add(new Figure("sequentialSetupP99", "single-session setup, p99",
                            new Measured(sequential.p99(), "ms", sequential.method())));
                    goals.add(new Goal("single-session setup p50 <= 10 ms on a warm NMS", "sequentialSetupP50",
                            sequential.p50(), 10));

                }
                // all N devices with their own reconnect policy: idle sessions, then the storms
                try (FleetProcess fleet = FleetProcess.start(specs, maxWait(n), dir.resolve("fleet"))) {
                    progress.accept(name + ": " + n + " devices calling and staying idle");
                    idle(nms, fleet, figures, goals);

                    for (String limit : options.maxStartups()) {
                        progress.accept(name + ": NMS restarted with --max-startups " + limit + ", waiting for all "
                                + n + " devices");
                        long down = System.nanoTime();
                        nms.close();
                        long stopped = System.nanoTime();
                        nms = startNms(testbed, address.getPort(), limit);
                        long listening = System.nanoTime();
                        storm(nms, limit, new Downtime((stopped - down) / 1e9, (listening - stopped) / 1e9), figures,
                                goals);
                    }
                }
            } finally {
                nms.close();
            }
            return new StrategyScale(strategy, algorithms, figures, sequential, goals);
        }
    }

    private NmsProcess startNms(Testbed testbed, int port, String maxStartups) throws IOException {
        return NmsProcess.start(testbed.dir(), strategy, options.devices(), port, maxStartups, options.nmsHeap(),
                options.nmsJavaOptions(), dir.resolve("nms-" + ++nmsStarts + ".log"));
    }

    /** One device, sessions one after the other: a warm-up, then the timed ones. */
    private Latency sequential(NmsProcess nms, FleetProcess fleet) throws Exception {
        nms.cycle();
        nms.reset();
        fleet.startDevices(1);
        int warmUp = Math.min(200, Math.max(5, options.sequential() / 2));
        require(nms.await(warmUp, timeout(warmUp)), nms, fleet, warmUp + " sequential warm-up sessions");
        nms.reset();
        require(nms.await(options.sequential(), timeout(options.sequential())), nms, fleet,
                options.sequential() + " sequential sessions");
        List<Double> setups = nms.setups().subList(0, options.sequential());
        fleet.closeDevices();
        return Latency.of(setups, "per session of one device calling again as soon as the NMS closed "
                + "its previous session (no other session in progress): from the TCP connection to the reply of "
                + "the get-config the NMS sends on the device's hello, timed in the NMS; on the NMS the sustained "
                + "run warmed, after " + warmUp + " sessions of this device");
    }

    /** C devices cycling at once; sessions per second and CPU per session on each side. */
    private void sustained(NmsProcess nms, FleetProcess fleet, List<Figure> figures, List<Goal> goals)
            throws Exception {
        int c = options.dialers();
        nms.cycle();
        nms.reset();
        fleet.startDevices(c);
        // warm-up: every dialer has had a few sessions, then until the NMS's JIT compiler has settled
        require(nms.await(3 * c, timeout(3 * c)), nms, fleet, (3 * c) + " warm-up sessions of " + c + " dialers");
        long warmUpStart = System.nanoTime();
        NmsProcess.Cpu last = nms.cpu();
        double compilerShare = 1;
        while (compilerShare > SETTLED_COMPILER_SHARE && System.nanoTime() - warmUpStart < options.maxWarmUp().toNanos()) {
            Thread.sleep(WARM_UP_WINDOW.toMillis());
            NmsProcess.Cpu now = nms.cpu();
            compilerShare = now.compilerShareSince(last);
            last = now;
        }
        double warmUpSeconds = (System.nanoTime() - warmUpStart) / 1e9;
        nms.reset();
        NmsProcess.Cpu nmsCpu = nms.cpu();
        Map<ProcessCpu.ThreadRole, Long> rolesBefore = nms.cpuByRole();
        long fleetCpu = fleet.cpuNanos();
        long start = System.nanoTime();
        Thread.sleep(options.sustained().toMillis());
        NmsProcess.Cpu nmsCpuAfter = nms.cpu();
        Map<ProcessCpu.ThreadRole, Long> rolesAfter = nms.cpuByRole();
        long nmsCpuUsed = nmsCpuAfter.nanos() - nmsCpu.nanos();
        double jitShare = nmsCpuAfter.compilerShareSince(nmsCpu);
        long fleetCpuUsed = fleet.cpuNanos() - fleetCpu;
        double seconds = (System.nanoTime() - start) / 1e9;
        int sessions = answered(nms.counts());
        fleet.closeDevices();
        nms.hold();
        if (sessions == 0) {
            throw new IllegalStateException("no session was answered in " + options.sustained().toSeconds()
                    + " s of the sustained run: " + nms.counts());
        }
        String window = c + " devices, each calling again as soon as the NMS closed its session after the first "
                + "get-config, measured over " + String.format(Locale.ROOT, "%.1f", seconds) + " s after a warm-up of "
                + String.format(Locale.ROOT, "%.0f", warmUpSeconds) + " s (until the NMS's JIT compiler used under "
                + Math.round(SETTLED_COMPILER_SHARE * 100) + "% of its CPU over " + WARM_UP_WINDOW.toSeconds()
                + " s, at most " + options.maxWarmUp().toSeconds() + " s)";
        NmsProcess.Floor floor = nms.floor();
        double nmsCpuMillis = nmsCpuUsed / 1e6 / sessions;
        double deviceCpuMillis = fleetCpuUsed / 1e6 / sessions;
        figures.add(new Figure("cryptoFloor", "crypto floor of one side of a session",
                new Measured(floor.millis(), "ms CPU", floor.method())));
        figures.add(new Figure("sustainedRate", "sustained call-home sessions",
                new Measured(sessions / seconds, "sessions/s", "sessions answered (connect, hellos, one get-config, "
                        + "closed by the NMS) per second; " + window)));
        figures.add(new Figure("nmsCpuPerSession", "NMS CPU per session",
                new Measured(nmsCpuMillis, "ms CPU", "CPU time (user+system, every thread) of the "
                        + "NMS process over the sustained run divided by its " + sessions + " sessions; " + window)));
        for (Map.Entry<ProcessCpu.ThreadRole, Long> role : rolesAfter.entrySet()) {
            long used = role.getValue() - rolesBefore.getOrDefault(role.getKey(), 0L);
            figures.add(new Figure("nmsCpuPerSession." + role.getKey().key(),
                    "NMS CPU per session in its " + role.getKey().label(),
                    new Measured(Math.max(0, used) / 1e6 / sessions, "ms CPU", "CPU time of the NMS's "
                            + role.getKey().label() + " over the sustained run (read per thread from /proc, 10 ms "
                            + "ticks; threads that ended in the run are missing) divided by its " + sessions
                            + " sessions")));
        }
        figures.add(new Figure("nmsJitShare", "of the NMS's CPU, its JIT compiler's",
                new Measured(jitShare * 100, "%", "CPU time of the NMS's JIT compiler threads (read from "
                        + "/proc) over the sustained run, as a share of the NMS's CPU time; 0 where /proc is missing")));
        figures.add(new Figure("nmsCpuRatio", "NMS CPU per session / crypto floor",
                new Measured(nmsCpuMillis / floor.millis(), "x", "NMS CPU per session divided by the crypto floor, "
                        + "both measured in this run")));
        figures.add(new Figure("deviceCpuPerSession", "device CPU per session",
                new Measured(deviceCpuMillis, "ms CPU", "CPU time of the device process over the "
                        + "same run divided by the same " + sessions + " sessions")));
        figures.add(new Figure("deviceCpuRatio", "device CPU per session / crypto floor",
                new Measured(deviceCpuMillis / floor.millis(), "x", "device CPU per session divided by the same "
                        + "floor (measured in the NMS's JVM; the device process runs the same MINA and providers)")));
        goals.add(new Goal("NMS CPU per session <= 3x its crypto floor", "nmsCpuRatio", nmsCpuMillis / floor.millis(),
                3));
    }

    /** All N devices call and stay: time until all are answered, then what the NMS holds per session. */
    private void idle(NmsProcess nms, FleetProcess fleet, List<Figure> figures, List<Goal> goals) throws Exception {
        int n = options.devices();
        nms.hold();
        ProcessStats before = nms.stats();
        ProcessStats fleetBefore = fleet.stats();
        nms.reset();
        long start = System.nanoTime();
        fleet.startDevices();
        double started = (System.nanoTime() - start) / 1e9;
        require(nms.await(n, recoveryTimeout(n)), nms, fleet, "all " + n + " devices up");
        double bringUp = Collections.max(nms.arrivals()) / 1000;
        Thread.sleep(2000);
        ProcessStats after = nms.stats();
        ProcessStats fleetAfter = fleet.stats();
        figures.add(new Figure("bringUp", "time to bring " + n + " idle sessions up",
                new Measured(bringUp, "s", "from the fleet's order to start its " + n + " devices (each dials as "
                        + "soon as it has started, one after another in one process: " + String.format(Locale.ROOT,
                        "%.1f", started) + " s to start them all) to the last device answering its first "
                        + "get-config, timed in the NMS")));
        double heapKiB = (after.heapUsedBytes() - before.heapUsedBytes()) / 1024.0 / n;
        figures.add(new Figure("idleHeapPerSession", "NMS heap per idle session",
                new Measured(heapKiB, "KiB", "NMS heap used after a full GC with " + n + " idle sessions, minus "
                        + "before the devices called, divided by " + n + "; NMS -Xmx" + options.nmsHeap())));
        figures.add(new Figure("idleRssPerSession", "NMS resident memory per idle session",
                new Measured((after.rssBytes() - before.rssBytes()) / 1024.0 / n, "KiB", "the NMS process's "
                        + "resident set (VmRSS) with the " + n + " idle sessions minus before, divided by " + n)));
        figures.add(new Figure("nmsThreads", "NMS threads with " + n + " idle sessions",
                new Measured(after.threads(), "threads", "live threads of the NMS JVM (" + before.threads()
                        + " before the devices called)")));
        figures.add(new Figure("nmsFds", "NMS file descriptors with " + n + " idle sessions",
                new Measured(after.fds(), "descriptors", "entries of /proc/PID/fd of the NMS (" + before.fds()
                        + " before the devices called)")));
        goals.add(new Goal("<= 50 KiB NMS heap per idle session", "idleHeapPerSession", heapKiB, 50));
        figures.add(new Figure("fleetThreads", "device fleet threads with " + n + " devices",
                new Measured(fleetAfter.threads(), "threads", "live threads of the devices' JVM, every device "
                        + "sharing them (" + fleetBefore.threads() + " before the devices started)")));
        figures.add(new Figure("fleetHeapPerDevice", "device fleet heap per device",
                new Measured((fleetAfter.heapUsedBytes() - fleetBefore.heapUsedBytes()) / 1024.0 / n, "KiB",
                        "the devices' JVM's heap used after a full GC with " + n + " idle sessions, minus before "
                                + "the devices started, divided by " + n)));
    }

    /** How long the NMS took to stop (its sessions closed, its process ended) and a new one to listen, in seconds. */
    private record Downtime(double stopping, double starting) {
        double total() {
            return stopping + starting;
        }
    }

    /** After a restart of the NMS: from its listening to each device back. */
    private void storm(NmsProcess nms, String limit, Downtime down, List<Figure> figures, List<Goal> goals)
            throws Exception {
        int n = options.devices();
        require(nms.await(n, recoveryTimeout(n)), nms, "all " + n + " devices back after the restart");
        List<Double> arrivals = new ArrayList<>(nms.arrivals());
        Collections.sort(arrivals);
        double all = arrivals.get(arrivals.size() - 1) / 1000;
        double half = arrivals.get((arrivals.size() - 1) / 2) / 1000;
        String id = STORM_FIGURE + "[" + limit + "]";
        String method = "from the restarted NMS listening (--max-startups " + limit + ", per source lifted to its "
                + "total: every device calls from 127.0.0.1) to the reply of the get-config it sent on a device's "
                + "hello; the devices' own reconnect policy (1 s doubling to 60 s, jittered) unchanged";
        figures.add(new Figure(id + ".all", "all " + n + " back after a restart, --max-startups " + limit,
                new Measured(all, "s", method + "; the last device")));
        figures.add(new Figure(id + ".half", "half of them back, --max-startups " + limit,
                new Measured(half, "s", method + "; the median device")));
        figures.add(new Figure(id + ".down", "NMS down before the storm, --max-startups " + limit,
                new Measured(down.total(), "s", "from the order to stop the NMS (its sessions closed, as the devices "
                        + "see a crash) to the new NMS listening (" + String.format(Locale.ROOT, "%.1f s stopping, "
                        + "%.1f s starting", down.stopping(), down.starting()) + "): the devices spent it calling a "
                        + "closed port, each "
                        + "call failed doubling its backoff (1 s, 2 s, 4 s...), so after a downtime D a device's next "
                        + "call can be up to about D later still")));
        figures.add(new Figure(id + ".refused", "connections refused before key exchange, --max-startups " + limit,
                new Measured(nms.refused(), "connections", "connections the restarted NMS closed before key "
                        + "exchange until every device was back, as its /metrics counts them "
                        + "(callhome_startups_refused_total); each such device calls again after its backoff")));
        if (limit.equals(StartupLimits.DEFAULT_MAX_STARTUPS)) {
            double goal = n <= 2000 ? 15 : 30;
            goals.add(new Goal(String.format(Locale.ROOT, "%,d devices back within %.0f s of an NMS restart "
                    + "(2,000 within 15 s, 10,000 within 30 s)", n, goal), id + ".all", all, goal));
        }
    }

    private static int answered(String counts) {
        for (String field : counts.split("\\s+")) {
            if (field.startsWith("answered=")) {
                return Integer.parseInt(field.substring(9));
            }
        }
        throw new IllegalArgumentException("no answered= in '" + counts + "'");
    }

    private static void require(boolean reached, NmsProcess nms, String what) throws IOException {
        if (!reached) {
            throw new IllegalStateException("not reached in time: " + what + " (NMS counted " + nms.counts() + ")"
                    + nms.logTail(LOG_TAIL_LINES));
        }
    }

    /** As {@link #require(boolean, NmsProcess, String)}, with what the fleet's dialers saw. */
    private static void require(boolean reached, NmsProcess nms, FleetProcess fleet, String what) throws IOException {
        if (!reached) {
            throw new IllegalStateException("not reached in time: " + what + " (NMS counted " + nms.counts()
                    + "; the fleet's dialers: " + fleet.dialing() + ")" + nms.logTail(LOG_TAIL_LINES)
                    + fleet.logTail(LOG_TAIL_LINES));
        }
    }

    /** The devices' max-wait: long enough that thousands of handshakes queued at once are not abandoned. */
    static Duration maxWait(int devices) {
        Duration scaled = Duration.ofMillis(50L * devices);
        return scaled.compareTo(DeviceSpec.MAX_WAIT) > 0 ? scaled : DeviceSpec.MAX_WAIT;
    }

    private static Duration timeout(int sessions) {
        return Duration.ofSeconds(60).plusMillis(100L * sessions);
    }

    /** After a restart, devices come back as their backoff (up to a minute) and --max-startups allow. */
    private static Duration recoveryTimeout(int devices) {
        return Duration.ofSeconds(180).plusMillis(60L * devices);
    }
}
