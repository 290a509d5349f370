package org.callhome.compare.fleet;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.callhome.compare.lab.DeviceSpec;

/**
 * A {@link DeviceFleet} running in a child JVM (same Java, same class path), driven line by line.
 * Its log goes to a file next to the specs. Its heap is sized to the fleet:
 * {@link #BASE_HEAP_MIB} plus {@link #HEAP_KIB_PER_DEVICE} per device.
 */
public final class FleetProcess implements AutoCloseable {

    /** The fleet's heap besides its devices: the JVM's own, the pools, the specs. */
    static final int BASE_HEAP_MIB = 128;
    /** Heap allowed per device: several times what an idle device holds, for its handshakes under way. */
    static final int HEAP_KIB_PER_DEVICE = 160;

    private final ChildProcess child;

    private FleetProcess(Process process, Path log) {
        this.child = new ChildProcess(process, "the device fleet", log);
    }

    /** Starts the fleet of {@code specs} (not yet dialing, max-wait {@code maxWait}) and waits until it is ready. */
    public static FleetProcess start(List<DeviceSpec> specs, Duration maxWait, Path folder) throws IOException {
        return start(specs, maxWait, Optional.empty(), folder);
    }

    /**
     * As {@link #start(List, Duration, Path)}, each device calling again {@code afterSession} after its
     * session ended (zero: at once) instead of after its initial backoff.
     */
    public static FleetProcess start(List<DeviceSpec> specs, Duration maxWait, Optional<Duration> afterSession,
                                     Path folder) throws IOException {
        Files.createDirectories(folder);
        JsonArray array = new JsonArray();
        specs.forEach(spec -> array.add(spec.toJson()));
        Path file = folder.resolve("fleet-specs.json");
        Files.writeString(file, array.encodePrettily());
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xss512k", "-XX:+UseSerialGC",
                "-Xmx" + heapMib(specs.size()) + "m", "-DCALLHOME_LOG_LEVEL=WARN", "-cp",
                System.getProperty("java.class.path"), DeviceFleet.class.getName(), file.toString(),
                Long.toString(maxWait.toMillis())));
        afterSession.ifPresent(wait -> command.add(Long.toString(wait.toMillis())));
        Path log = folder.resolve("fleet.log");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        FleetProcess fleet = new FleetProcess(process, log);
        fleet.expect("ready");
        return fleet;
    }

    /** Starts every device dialing. */
    public void startDevices() throws IOException {
        send("start");
        expect("started");
    }

    /** Starts the first {@code count} devices dialing. */
    public void startDevices(int count) throws IOException {
        send("start " + count);
        expect("started");
    }

    /** Closes every running device; the process stays, warm. */
    public void closeDevices() throws IOException {
        send("close");
        expect("closed");
    }

    /** What the fleet's dialers did so far: counts of attempts, connections, failures and ends, the last reasons. */
    public String dialing() throws IOException {
        return child.ask("dialing", "dialing ").substring(8);
    }

    /** The last {@code lines} lines of the fleet's log, for an error ({@link ChildProcess#logTail}). */
    public String logTail(int lines) {
        return child.logTail(lines);
    }

    /** CPU time the fleet's process has used so far, in nanoseconds. */
    public long cpuNanos() throws IOException {
        return Long.parseLong(child.ask("cpu", "cpu ").substring(4).strip());
    }

    /** Threads, heap after a full GC, resident memory and open descriptors of the fleet's process. */
    public ProcessStats stats() throws IOException {
        child.send("stats");
        return ProcessStats.parse(child.answer("stats"));
    }

    /** The child's -Xmx in MiB for {@code devices} devices. */
    static long heapMib(int devices) {
        return BASE_HEAP_MIB + (long) devices * HEAP_KIB_PER_DEVICE / 1024;
    }

    private void send(String command) throws IOException {
        child.send(command);
    }

    private void expect(String word) throws IOException {
        String answer = child.answer(word);
        if (!word.equals(answer)) {
            throw new IOException("the device fleet answered '" + answer + "' instead of '" + word + "'"
                    + child.exit());
        }
    }

    @Override
    public void close() throws IOException {
        child.close();
    }
}
