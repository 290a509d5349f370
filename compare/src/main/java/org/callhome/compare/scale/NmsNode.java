package org.callhome.compare.scale;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.callhome.compare.costs.CryptoFloor;
import org.callhome.compare.fleet.ProcessCpu;
import org.callhome.compare.fleet.ProcessStats;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.TrustModel;
import org.callhome.nms.NmsServer;
import org.callhome.nms.cluster.ClusterSettings;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.config.StartupLimits;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The NMS of a scale run, in a JVM of its own (its heap bounded as the run says) so that its CPU
 * time, heap, resident set, threads and descriptors are its own: the project's {@link NmsServer},
 * pinning the keys of the run's devices, on loopback. Arguments: the run's testbed folder, the
 * strategy, the number of devices, the port (0: any) and {@code --max-startups}; for a node of a
 * cluster ({@code nms-server --cluster}) three more: the node's name (its state in
 * {@code <testbed>/<name>/state}, its keys the run's NMS's, shared by every node), its cluster
 * port and the members, {@code host:port,...}. Prints {@code ready PORT} once it listens, then
 * obeys one command per line on standard input, each answered with one line on standard output:
 * <ul>
 * <li>{@code http}: {@code http PORT}, where its API listens;</li>
 * <li>{@code hold} / {@code cycle}: keep each session after its first get-config, or close it;</li>
 * <li>{@code reset}: forget the counts, arrival times count from now;</li>
 * <li>{@code count}: {@code count answered=A sessions=S failed=F elapsedMs=T};</li>
 * <li>{@code await A MILLIS}: {@code reached} once A sessions were answered since the reset, or
 *     {@code timeout} and the counts;</li>
 * <li>{@code setups} / {@code arrivals}: the setup times, or the reply times since the reset, in
 *     milliseconds, comma-separated;</li>
 * <li>{@code stats}: {@code stats threads=T heapUsed=B rss=B fds=F} ({@link ProcessStats}, after a full GC);</li>
 * <li>{@code cpu}: {@code cpu NANOS JIT_NANOS}, the CPU time the process has used (no GC first) and
 *     the part of it its JIT compiler threads used (-1 where /proc cannot tell);</li>
 * <li>{@code algorithms}: {@code algorithms KEX / CIPHER / MAC / HOSTKEY} of the last session;</li>
 * <li>{@code floor}: {@code floor MILLIS METHOD}, the crypto floor of one side of a session for the
 *     algorithms the last session negotiated ({@link CryptoFloor}), measured in this JVM;</li>
 * <li>{@code refused}: {@code refused N}, the connections the NMS closed before key exchange since
 *     it started, as its own {@code /metrics} counts them ({@code callhome_startups_refused_total});</li>
 * <li>{@code stop} or end of input: closes the NMS, prints {@code stopped} and exits.</li>
 * </ul>
 */
public final class NmsNode {

    private static final String REFUSED_SERIES = "callhome_startups_refused_total";

    private NmsNode() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5 && args.length != 8) {
            System.err.println("usage: NmsNode TESTBED_DIR STRATEGY DEVICES PORT MAX_STARTUPS "
                    + "[NODE_NAME CLUSTER_PORT MEMBERS]");
            System.exit(2);
        }
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        CallHomeStrategy strategy = CallHomeStrategy.fromWireName(args[1]);
        int devices = Integer.parseInt(args[2]);
        StartupLimits startups = limits(args[4], devices);
        NodeSessions sessions = new NodeSessions();
        try (Testbed testbed = new Testbed(Path.of(args[0]), TrustModel.PINNED, strategy)) {
            Map<String, PublicKey> trusted = testbed.devicePublicKeys(ScaleRun.deviceIds(strategy, devices));
            Optional<ClusterSettings> cluster = args.length == 5 ? Optional.empty()
                    : Optional.of(new ClusterSettings(ClusterSettings.DEFAULT_NAME, Testbed.NMS_HOST,
                            Integer.parseInt(args[6]), List.of(args[7].split(",")), Optional.empty(), args[5]));
            Testbed.NmsSpec spec = new Testbed.NmsSpec(cluster.map(ClusterSettings::nodeName).orElse(ScaleRun.NMS_NAME),
                    strategy, testbed.nmsKeys(ScaleRun.NMS_NAME), trusted, Integer.parseInt(args[3]), false);
            NmsSettings settings = testbed.nmsSettings(spec).withStartups(startups);
            try (NmsServer server = NmsServer.start(settings, testbed.trustStore(spec, settings), Optional.empty(),
                    cluster)) {
                server.onSession(sessions::add);
                out.println("ready " + server.address(strategy).getPort());
                serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out, sessions,
                        server.httpPort());
            }
        }
        out.println("stopped");
        System.exit(0);
    }

    /**
     * {@code --max-startups} as given, with the per-source limit lifted to the total: every device
     * of the run calls from 127.0.0.1, where in the field each has an address of its own.
     */
    static StartupLimits limits(String maxStartups, int devices) {
        StartupLimits given = StartupLimits.withMaxStartups(maxStartups, StartupLimits.DEFAULT_PER_SOURCE,
                StartupLimits.DEFAULT_KEX_TIMEOUT);
        return new StartupLimits(given.start(), given.ratePercent(), given.full(), given.full(), given.kexTimeout());
    }

    private static void serve(BufferedReader in, PrintStream out, NodeSessions sessions, int httpPort)
            throws Exception {
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.strip().split("\\s+");
            switch (words[0]) {
                case "stop" -> {
                    return;
                }
                case "http" -> out.println("http " + httpPort);
                case "hold", "cycle" -> {
                    sessions.cycle(words[0].equals("cycle"));
                    out.println("ok");
                }
                case "reset" -> {
                    sessions.reset();
                    out.println("ok");
                }
                case "count" -> out.println("count " + sessions.counts());
                case "await" -> out.println(sessions.await(Integer.parseInt(words[1]),
                        Duration.ofMillis(Long.parseLong(words[2]))) ? "reached" : "timeout " + sessions.counts());
                case "setups" -> out.println("setups " + join(sessions.setups()));
                case "arrivals" -> out.println("arrivals " + join(sessions.arrivals()));
                case "stats" -> out.println(ProcessStats.ofThisProcess().toLine());
                case "cpu" -> out.println("cpu " + ProcessCpu.nanos() + " " + ProcessCpu.compilerNanos().orElse(-1));
                case "roles" -> out.println("roles" + ProcessCpu.nanosByRole().map(NmsNode::roles).orElse(""));
                case "algorithms" -> out.println("algorithms " + sessions.algorithms());
                case "refused" -> out.println("refused " + refused(httpPort));
                case "floor" -> out.println(sessions.lastAlgorithms().map(CryptoFloor::of)
                        .map(floor -> String.format(Locale.ROOT, "floor %.6f %s", floor.millis(), floor.method()))
                        .orElse("error no session has negotiated algorithms yet"));
                default -> out.println("error unknown command '" + line.strip() + "'");
            }
        }
    }

    /** The sum of the NMS's {@code callhome_startups_refused_total} series, read from its /metrics on loopback. */
    private static long refused(int httpPort) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/metrics")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the NMS's /metrics answered " + response.statusCode());
        }
        double sum = 0;
        for (String line : response.body().split("\n")) {
            if (line.startsWith(REFUSED_SERIES + "{") || line.startsWith(REFUSED_SERIES + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Math.round(sum);
    }

    /** " key=nanos" per thread role. */
    private static String roles(Map<ProcessCpu.ThreadRole, Long> nanos) {
        return nanos.entrySet().stream().map(role -> " " + role.getKey().key() + "=" + role.getValue())
                .collect(Collectors.joining());
    }

    private static String join(double[] values) {
        return Arrays.stream(values).mapToObj(value -> String.format(Locale.ROOT, "%.3f", value))
                .collect(Collectors.joining(","));
    }
}
