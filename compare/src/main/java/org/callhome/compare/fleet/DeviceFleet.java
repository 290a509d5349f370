package org.callhome.compare.fleet;

import io.vertx.core.json.JsonArray;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.callhome.compare.lab.DeviceSpec;
import org.callhome.device.DeviceAgent;
import org.callhome.device.SharedResources;
import org.callhome.device.callhome.DialerListener;
import org.callhome.shared.config.Endpoint;

/**
 * The devices of a cost run, in a JVM of their own so that their CPU time is measured apart from
 * the NMS's. Reads the device specs from the JSON file given as its first argument (the second is
 * the devices' max-wait in milliseconds; an optional third, how long a device waits before calling
 * again once its session ended, in milliseconds, 0 for at once, else the devices' own initial
 * backoff). The devices share the fleet's threads ({@link SharedResources}): a handful, whatever
 * their number. Then obeys one command per line on standard input and answers on standard output:
 * <ul>
 * <li>(at start) prints {@code ready};</li>
 * <li>{@code start [K]}: starts every device, or the first K (they dial at once), and prints
 *     {@code started};</li>
 * <li>{@code close}: closes every running device and prints {@code closed} (the process stays, warm);</li>
 * <li>{@code cpu}: prints {@code cpu <nanoseconds>}, the CPU time this process has used;</li>
 * <li>{@code stats}: prints {@code stats threads=T heapUsed=B rss=B fds=F} ({@link ProcessStats});</li>
 * <li>{@code stop} or end of input: closes every device, prints {@code stopped} and exits.</li>
 * </ul>
 */
public final class DeviceFleet {

    private DeviceFleet() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 && args.length != 3) {
            System.err.println("usage: DeviceFleet SPECS.json MAX_WAIT_MILLIS [AFTER_SESSION_MILLIS]");
            System.exit(2);
        }
        Duration maxWait = Duration.ofMillis(Long.parseLong(args[1]));
        SharedResources.Options options = SharedResources.Options.forThisMachine();
        if (args.length == 3) {
            options = options.withAfterSession(Duration.ofMillis(Long.parseLong(args[2])));
        }
        // standard output is the protocol: everything else printed (a logging library's notes) goes to stderr
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err);
        JsonArray array = new JsonArray(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
        List<DeviceSpec> specs = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            specs.add(DeviceSpec.fromJson(array.getJsonObject(i)));
        }
        SharedResources shared = SharedResources.start(options);
        DialingRecord dialing = new DialingRecord();
        List<DeviceAgent> agents = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("ready");
        String command;
        while ((command = in.readLine()) != null && !"stop".equals(command.strip())) {
            String[] words = command.strip().split("\\s+");
            switch (words[0]) {
                case "start" -> {
                    int count = words.length > 1 ? Math.min(specs.size(), Integer.parseInt(words[1])) : specs.size();
                    for (DeviceSpec spec : specs.subList(0, count)) {
                        agents.add(DeviceAgent.start(spec.settings(maxWait), dialing, shared));
                    }
                    out.println("started");
                }
                case "close" -> {
                    closeAll(agents);
                    out.println("closed");
                }
                case "cpu" -> out.println("cpu " + ProcessCpu.nanos());
                case "dialing" -> out.println("dialing " + dialing);
                case "stats" -> out.println(ProcessStats.ofThisProcess().toLine());
                default -> out.println("error unknown command '" + command.strip() + "'");
            }
        }
        closeAll(agents);
        shared.close();
        out.println("stopped");
        System.exit(0);
    }

    private static void closeAll(List<DeviceAgent> agents) throws Exception {
        for (DeviceAgent agent : agents) {
            agent.close();
        }
        agents.clear();
    }

    /**
     * What the fleet's dialers did, for a harness that waited in vain: attempts, connections, failures
     * and ends, and the last few reasons. Bounded: counts and at most {@link #REASONS} reasons.
     */
    static final class DialingRecord implements DialerListener {

        static final int REASONS = 5;

        private final AtomicLong attempts = new AtomicLong();
        private final AtomicLong connected = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final AtomicLong ended = new AtomicLong();
        private final Deque<String> reasons = new ArrayDeque<>();

        @Override
        public void attempt(Endpoint endpoint, int attemptOnEndpoint) {
            attempts.incrementAndGet();
        }

        @Override
        public void connected(Endpoint endpoint) {
            connected.incrementAndGet();
        }

        @Override
        public void failed(Endpoint endpoint, Throwable why) {
            failed.incrementAndGet();
            remember("failed: " + why);
        }

        @Override
        public void disconnected(Endpoint endpoint, String reason) {
            ended.incrementAndGet();
            remember("ended: " + reason);
        }

        private synchronized void remember(String reason) {
            if (reasons.size() == REASONS) {
                reasons.removeFirst();
            }
            reasons.addLast(reason.replace('\n', ' '));
        }

        /** One line: the counts, then the last reasons. */
        @Override
        public synchronized String toString() {
            return "attempts=" + attempts + " connected=" + connected + " failed=" + failed + " ended=" + ended
                    + " last=" + reasons;
        }
    }
}
