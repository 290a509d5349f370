package org.callhome.compare.costs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.callhome.compare.fleet.FleetProcess;
import org.callhome.compare.fleet.FleetStats;
import org.callhome.compare.lab.DeviceSpec;
import org.callhome.compare.lab.Testbed;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * A scale harness, run by hand (see docs/performance.md): one NMS in this JVM and N devices of one
 * strategy in a device fleet's JVM, all dialing at once; prints how long until the NMS has every
 * device's hello (and a first get-config answered), then what the fleet's process holds
 * ({@link FleetStats}) in all and per device. Nothing here is asserted.
 */
public final class FleetScale {

    static final String USAGE = "usage: FleetScale [--devices N] [--strategy reverse-ssh|device-ssh-client]"
            + " [--after-session MILLIS] [--work DIR]";

    private FleetScale() {
    }

    public static void main(String[] args) throws Exception {
        int devices = 1000;
        CallHomeStrategy strategy = CallHomeStrategy.REVERSE_SSH;
        Optional<Duration> afterSession = Optional.empty();
        Path work = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--devices" -> devices = Integer.parseInt(required(args[i], value));
                case "--strategy" -> strategy = CallHomeStrategy.fromWireName(required(args[i], value));
                case "--after-session" -> afterSession = Optional.of(Duration.ofMillis(
                        Long.parseLong(required(args[i], value))));
                case "--work" -> work = Path.of(required(args[i], value));
                case "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> {
                    System.err.println("unknown option '" + args[i] + "'\n" + USAGE);
                    System.exit(2);
                }
            }
            i++;
        }
        if (devices < 1) {
            throw new IllegalArgumentException("--devices must be positive, got " + devices);
        }
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("fleet-scale");
        try (Testbed testbed = new Testbed(dir)) {
            run(testbed, strategy, devices, afterSession);
        }
        System.exit(0);
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return value;
    }

    private static void run(Testbed testbed, CallHomeStrategy strategy, int n, Optional<Duration> afterSession)
            throws Exception {
        long start = System.nanoTime();
        Testbed.NmsKeys keys = testbed.nmsKeys("nms");
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add(String.format("%s-%05d", strategy == CallHomeStrategy.REVERSE_SSH ? "rs" : "dc", i));
        }
        Map<String, PublicKey> trusted = testbed.devicePublicKeys(ids);
        Testbed.Nms nms = testbed.startNms(new Testbed.NmsSpec("nms", strategy, keys, trusted, 0, false));
        List<DeviceSpec> specs = new ArrayList<>();
        for (String id : trusted.keySet()) {
            specs.add(testbed.deviceSpec(strategy, id, keys, nms.address(), Role.ADMIN));
        }
        System.out.printf("%d device keys, data folders and an NMS trusting them: %.1f s%n", n, seconds(start));
        Duration maxWait = Duration.ofMillis(Math.max(DeviceSpec.MAX_WAIT.toMillis(), 50L * n));
        try (FleetProcess fleet = FleetProcess.start(specs, maxWait, afterSession, testbed.dir().resolve("fleet"))) {
            FleetStats empty = fleet.stats();
            System.out.println("fleet before its devices: " + empty);
            FirstSessions sessions = new FirstSessions(n);
            nms.server().onSession(sessions::add);
            long dial = System.nanoTime();
            fleet.startDevices();
            System.out.printf("%d devices started (keys read, data folders opened, dialing): %.1f s%n", n,
                    seconds(dial));
            sessions.awaitConnected(Duration.ofSeconds(120).plusMillis(600L * n), "connected");
            System.out.printf("all %d devices connected (NMS has each hello): %.1f s after the first dialed%n", n,
                    (sessions.lastConnectedNanos() - dial) / 1e9);
            sessions.await(Duration.ofSeconds(120).plusMillis(200L * n), "answered a first get-config");
            FleetStats full = fleet.stats();
            System.out.println("fleet with its devices connected: " + full);
            System.out.printf("per device: heap %.1f KiB, RSS %.1f KiB, %.2f fds; fleet threads %d (before: %d)%n",
                    (full.heapUsedBytes() - empty.heapUsedBytes()) / 1024.0 / n,
                    (full.rssBytes() - empty.rssBytes()) / 1024.0 / n,
                    (full.fds() - empty.fds()) / (double) n, full.threads(), empty.threads());
            System.out.printf("fleet CPU: %.1f s%n", fleet.cpuNanos() / 1e9);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
