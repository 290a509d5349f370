package org.callhome.compare.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.callhome.compare.fleet.ChildProcess;
import org.callhome.compare.fleet.ProcessCpu;
import org.callhome.compare.fleet.ProcessStats;
import org.callhome.nms.config.StartupLimits;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * An {@link NmsNode} in a child JVM (same Java, same class path, the heap the run gives it), driven
 * line by line. Its log goes to {@code nms-N.log} in the run's folder.
 */
final class NmsProcess implements AutoCloseable {

    /**
     * What a node of a cluster's JVM opens to Hazelcast, as nms-server's jar does in its manifest
     * (Add-Opens, Add-Exports): Hazelcast warns at start without them.
     */
    static final List<String> CLUSTER_JAVA_OPTIONS = List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.management/sun.management=ALL-UNNAMED",
            "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED");

    /** Lines of the JVM's own (unified logging, "[...]") accepted before the NMS says it is ready. */
    private static final int MAX_JVM_LINES = 20;

    private final ChildProcess child;
    private final int port;

    private NmsProcess(Process process, Path log) throws IOException {
        this.child = new ChildProcess(process, "the NMS", log);
        // the JVM may print before the NMS does (a flight recording says it started, always on standard output)
        String ready = readLine("ready");
        for (int skipped = 0; !ready.startsWith("ready ") && ready.startsWith("[") && skipped < MAX_JVM_LINES;
                skipped++) {
            ready = readLine("ready");
        }
        if (!ready.startsWith("ready ")) {
            throw new IOException("the NMS answered '" + ready + "' instead of 'ready PORT'" + child.exit());
        }
        this.port = Integer.parseInt(ready.substring(6).strip());
    }

    /**
     * Starts the NMS of {@code strategy} for the run's {@code devices} (their keys already in
     * {@code testbedDir}) on {@code port} (0: any), its JVM given {@code javaOptions} after the heap
     * (a profiler's, say), and waits until it listens.
     */
    static NmsProcess start(Path testbedDir, CallHomeStrategy strategy, int devices, int port, String maxStartups,
                            String heap, List<String> javaOptions, Path log) throws IOException {
        return start(testbedDir, strategy, devices, port, maxStartups, heap, javaOptions, log, List.of());
    }

    /**
     * Starts the NMS of {@code strategy} as node {@code node} of a cluster ({@code nms-server --cluster}):
     * its cluster member on {@code clusterPort} of loopback, finding the others at {@code members}
     * ({@code host:port} each), its listeners on ports of its own, its keys the run's NMS's. Waits
     * until it has joined and listens.
     */
    static NmsProcess startNode(Path testbedDir, CallHomeStrategy strategy, int devices, String node, int clusterPort,
                                List<String> members, String heap, Path log) throws IOException {
        return start(testbedDir, strategy, devices, 0, StartupLimits.DEFAULT_MAX_STARTUPS, heap, CLUSTER_JAVA_OPTIONS, log,
                List.of(node, Integer.toString(clusterPort), String.join(",", members)));
    }

    private static NmsProcess start(Path testbedDir, CallHomeStrategy strategy, int devices, int port,
                                    String maxStartups, String heap, List<String> javaOptions, Path log,
                                    List<String> clusterArguments) throws IOException {
        Files.createDirectories(log.getParent());
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-Xss512k"));
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NmsNode.class.getName(),
                testbedDir.toString(), strategy.wireName(), Integer.toString(devices), Integer.toString(port),
                maxStartups));
        command.addAll(clusterArguments);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            return new NmsProcess(process, log);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    int port() {
        return port;
    }

    /** Where its API listens. */
    int httpPort() throws IOException {
        return Integer.parseInt(ask("http", "http ").substring(5).strip());
    }

    /** Its process id. */
    long pid() {
        return child.pid();
    }

    /** Ends it with SIGKILL, as a crash would ({@link ChildProcess#kill}). */
    void kill() throws IOException {
        child.kill();
    }

    void hold() throws IOException {
        ask("hold", "ok");
    }

    void cycle() throws IOException {
        ask("cycle", "ok");
    }

    void reset() throws IOException {
        ask("reset", "ok");
    }

    /** The last {@code lines} lines of the NMS's log, for an error ({@link ChildProcess#logTail}). */
    String logTail(int lines) {
        return child.logTail(lines);
    }

    /** The counts since the last reset, as the NMS prints them. */
    String counts() throws IOException {
        return ask("count", "count ").substring(6);
    }

    /** Waits until {@code count} sessions were answered since the reset; false (and the counts logged) if not in time. */
    boolean await(int count, Duration timeout) throws IOException {
        String answer = ask("await " + count + " " + timeout.toMillis(), "");
        if (answer.equals("reached")) {
            return true;
        }
        if (answer.startsWith("timeout")) {
            return false;
        }
        throw new IOException("the NMS answered '" + answer + "' to await" + child.exit());
    }

    /** Setup times since the reset, in milliseconds. */
    List<Double> setups() throws IOException {
        return numbers(ask("setups", "setups"));
    }

    /** Reply times since the reset, in milliseconds from it. */
    List<Double> arrivals() throws IOException {
        return numbers(ask("arrivals", "arrivals"));
    }

    /** CPU time the NMS process has used so far, and its JIT compiler's part (-1 if unknown), in nanoseconds. */
    Cpu cpu() throws IOException {
        String[] parts = ask("cpu", "cpu ").split(" ");
        return new Cpu(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
    }

    /** CPU time of the NMS's live threads so far by their role, in nanoseconds; empty where /proc is missing. */
    Map<ProcessCpu.ThreadRole, Long> cpuByRole() throws IOException {
        Map<ProcessCpu.ThreadRole, Long> roles = new EnumMap<>(ProcessCpu.ThreadRole.class);
        String answer = ask("roles", "roles");
        for (String pair : answer.substring("roles".length()).strip().split(" ")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                roles.put(ProcessCpu.ThreadRole.ofKey(pair.substring(0, equals)), Long.parseLong(pair.substring(equals + 1)));
            }
        }
        return roles;
    }

    /** CPU nanoseconds of a process and of its JIT compiler threads (-1 if unknown). */
    record Cpu(long nanos, long compilerNanos) {
        /** The JIT compiler's share of the CPU since {@code before}, 0..1; 0 when unknown. */
        double compilerShareSince(Cpu before) {
            long used = nanos - before.nanos;
            if (compilerNanos < 0 || before.compilerNanos < 0 || used <= 0) {
                return 0;
            }
            return Math.min(1, Math.max(0, (compilerNanos - before.compilerNanos) / (double) used));
        }
    }

    /** The algorithms the NMS's last session negotiated. */
    String algorithms() throws IOException {
        return ask("algorithms", "algorithms ").substring(11);
    }

    /** The crypto floor of one side of the last session's algorithms, measured in the NMS's JVM. */
    Floor floor() throws IOException {
        String answer = ask("floor", "floor ");
        String[] parts = answer.split(" ", 3);
        return new Floor(Double.parseDouble(parts[1]), parts[2]);
    }

    /** A crypto floor: CPU milliseconds and how they were measured. */
    record Floor(double millis, String method) {
    }

    /** Connections the NMS closed before key exchange since it started (its --max-startups at work). */
    long refused() throws IOException {
        return Long.parseLong(ask("refused", "refused ").substring(8).strip());
    }

    /** The NMS process's threads, heap after a full GC, resident memory and descriptors. */
    ProcessStats stats() throws IOException {
        return ProcessStats.parse(ask("stats", "stats "));
    }

    private static List<Double> numbers(String answer) {
        String list = answer.substring(answer.indexOf(' ') + 1).strip();
        if (!answer.contains(" ") || list.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(Double::parseDouble).toList();
    }

    private String ask(String command, String expectedPrefix) throws IOException {
        return child.ask(command, expectedPrefix);
    }

    private String readLine(String command) throws IOException {
        return child.answer(command);
    }

    /** Stops the NMS (its sessions closed as on a restart) and waits for its process to end. */
    @Override
    public void close() throws IOException {
        child.close();
    }
}
