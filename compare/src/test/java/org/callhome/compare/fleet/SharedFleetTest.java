package org.callhome.compare.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.callhome.compare.lab.DeviceSpec;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.TrustModel;
import org.callhome.device.DeviceAgent;
import org.callhome.device.SharedResources;
import org.callhome.device.callhome.DialerListener;
import org.callhome.nms.session.DeviceSession;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Devices sharing a fleet's threads ({@link SharedResources}) against a real NMS, real SSH and
 * NETCONF on loopback: every device is managed, the fleet has as many threads for twenty devices
 * as for two, and closing it leaves none of them; and the fleet's own process answers {@code stats}.
 */
class SharedFleetTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int WORKERS = 2;
    private static final int IO_THREADS = 2;

    @TempDir
    Path dir;

    /** The NETCONF sessions the NMS handed over since the last {@link #clear}, each answering a get-config. */
    private final Map<String, Boolean> answered = new ConcurrentHashMap<>();

    @ParameterizedTest
    @EnumSource(CallHomeStrategy.class)
    void aSharedFleetIsManagedWithAsManyThreadsForTwentyDevicesAsForTwoAndLeavesNoneWhenClosed(
            CallHomeStrategy strategy) throws Exception {
        try (Testbed testbed = new Testbed(dir, TrustModel.PINNED, strategy)) {
            List<DeviceSpec> specs = lab(testbed, strategy, 20);
            Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
            SharedResources shared = SharedResources.start(new SharedResources.Options(WORKERS, IO_THREADS,
                    Optional.empty()));
            // the JDK gives the channel group an unnamed thread of its own as it is made
            Set<Thread> unnamed = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> !before.contains(thread) && !thread.getName().startsWith("device-"))
                    .collect(Collectors.toSet());
            try {
                List<DeviceAgent> two = startAll(specs.subList(0, 2), shared);
                Eventually.until(WAIT, () -> answered.size() == 2, () -> "managed: " + answered.keySet());
                int threadsForTwo = fleetThreads(unnamed).size();
                closeAll(two);
                clear();

                List<DeviceAgent> twenty = startAll(specs, shared);
                Eventually.until(WAIT, () -> answered.size() == 20, () -> "managed: " + answered.keySet());
                List<Thread> forTwenty = fleetThreads(unnamed);
                // MINA's I/O and resume pools start with the fleet; a tls fleet adds Netty's I/O threads on first use
                int tlsIo = strategy == CallHomeStrategy.TLS ? IO_THREADS : 0;
                assertEquals(WORKERS + 2 * IO_THREADS + tlsIo + 3, threadsForTwo, "the fleet's threads: "
                        + fleetThreads(unnamed));
                assertEquals(threadsForTwo, forTwenty.size(), "the fleet's threads: " + forTwenty);
                closeAll(twenty);
            } finally {
                shared.close();
            }
            Eventually.until(WAIT, () -> fleetThreads(unnamed).isEmpty(),
                    () -> "left running: " + fleetThreads(unnamed));
        }
    }

    @Test
    void theFleetProcessAnswersStatsAndWhatItsDialersDid() throws Exception {
        try (Testbed testbed = new Testbed(dir)) {
            List<DeviceSpec> specs = lab(testbed, CallHomeStrategy.REVERSE_SSH, 3);
            try (FleetProcess fleet = FleetProcess.start(specs, DeviceSpec.MAX_WAIT, Optional.of(Duration.ZERO),
                    dir.resolve("fleet"))) {
                fleet.startDevices();
                Eventually.until(WAIT, () -> answered.size() == 3, () -> "managed: " + answered.keySet());
                ProcessStats stats = fleet.stats();
                assertTrue(stats.threads() > 3, stats.toString());
                assertTrue(stats.heapUsedBytes() > 0, stats.toString());
                assertTrue(stats.rssBytes() > stats.heapUsedBytes(), stats.toString());
                assertTrue(stats.fds() >= 3 + 3, "stdio and a socket per device: " + stats);
                String dialing = fleet.dialing();
                assertTrue(dialing.matches("attempts=\\d+ connected=\\d+ failed=\\d+ ended=\\d+ last=.*"), dialing);
                long connected = Long.parseLong(dialing.replaceAll(".* connected=(\\d+) .*", "$1"));
                assertTrue(connected >= 3, "every device connected at least once: " + dialing);
            }
        }
    }

    /** An NMS of {@code strategy} trusting {@code n} devices, and their specs; sessions are counted as they come. */
    private List<DeviceSpec> lab(Testbed testbed, CallHomeStrategy strategy, int n) throws Exception {
        Testbed.NmsKeys keys = testbed.nmsKeys("nms");
        Map<String, PublicKey> trusted = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
            String id = "dev-" + i;
            trusted.put(id, testbed.devicePublicKey(id));
        }
        Testbed.Nms nms = testbed.startNms(new Testbed.NmsSpec("nms", strategy, keys, trusted, 0, false));
        nms.server().onSession(this::count);
        InetSocketAddress address = nms.address();
        List<DeviceSpec> specs = new ArrayList<>();
        for (String id : trusted.keySet()) {
            specs.add(testbed.deviceSpec(strategy, id, keys, address, Role.ADMIN));
        }
        return specs;
    }

    private void count(DeviceSession session) {
        session.netconf().rpc("<get-config xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\"><source><running/>"
                + "</source></get-config>", Duration.ofSeconds(60)).whenComplete((reply, failure) -> {
                    if (failure == null) {
                        answered.put(session.deviceId(), true);
                    }
                });
    }

    private void clear() {
        answered.clear();
    }

    private static List<DeviceAgent> startAll(List<DeviceSpec> specs, SharedResources shared) throws Exception {
        List<DeviceAgent> agents = new ArrayList<>();
        for (DeviceSpec spec : specs) {
            agents.add(DeviceAgent.start(spec.settings(), new DialerListener() { }, shared));
        }
        return agents;
    }

    private static void closeAll(List<DeviceAgent> agents) throws Exception {
        for (DeviceAgent agent : agents) {
            agent.close();
        }
    }

    /** The live threads of the fleet: named {@code device-...}, or the group's own. */
    private static List<Thread> fleetThreads(Set<Thread> unnamed) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("device-") || unnamed.contains(thread))
                .toList();
    }
}
