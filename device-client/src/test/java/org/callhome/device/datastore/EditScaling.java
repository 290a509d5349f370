package org.callhome.device.datastore;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.w3c.dom.Element;

/**
 * A scaling harness for {@link ConfigEditor}: how the cost of one edit-config grows with the
 * length of the list it edits. It is a main class in the test sources rather than a JMH
 * benchmark because the benchmarks module does not depend on device-client; it needs no timing
 * precision, only the shape of the curve (per entry, an O(N²) editor is 40 times as slow for
 * 40,000 entries as for 1,000, an O(N) one equally fast). Not a test: nothing runs it in the build.
 *
 * <p>For each list length N it times four edits of {@code <acl>} holding N
 * {@code <entry><name>eI</name>…</entry>} elements: merging them into an empty datastore,
 * merging them into a datastore that already holds them, and deleting them all, in document
 * order (where a linear scan finds each at once) and last first. It reports the
 * median wall-clock milliseconds per edit-config (and the editing thread's CPU milliseconds,
 * which a busy machine and the garbage collector disturb less), the wall-clock microseconds per
 * entry, the per-entry wall-clock and CPU cost relative to the first N (1.0 means the edit
 * scales linearly) and the megabytes the edit allocates. A fixed heap and the parallel
 * collector keep the runs comparable; G1 on a busy two-core machine made them wander.
 *
 * <pre>
 * mvn -B -q -pl shared install -DskipTests \
 *   &amp;&amp; mvn -B -q -pl device-client test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *   &amp;&amp; java -XX:+UseParallelGC -Xms2g -Xmx2g -cp device-client/target/test-classes:device-client/target/classes:$(cat device-client/target/cp.txt) \
 *        org.callhome.device.datastore.EditScaling 1000 10000 40000
 * </pre>
 */
final class EditScaling {

    private static final String NS = "urn:example:scaling";
    /** Each case runs at least this long (after one unmeasured run), so short edits get several samples. */
    private static final long MIN_CASE_NANOS = 2_000_000_000L;
    /**
     * Each case runs at the first size this long, and at least {@link #WARM_UP_RUNS} times, before
     * anything is measured: on a busy machine the JIT compiler threads need the extra runs.
     */
    private static final long WARM_UP_NANOS = 1_000_000_000L;
    private static final int WARM_UP_RUNS = 30;
    private static final int MIN_RUNS = 3;
    private static final int MAX_RUNS = 50;
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private EditScaling() {
    }

    public static void main(String[] args) throws NetconfException {
        int[] sizes = args.length == 0 ? new int[] {1_000, 10_000, 40_000}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        warmUp(sizes[0]);
        System.out.printf(Locale.ROOT, "%-24s %7s %10s %10s %10s %10s %10s %10s%n",
                "case", "N", "ms/edit", "cpu ms", "us/entry", "vs 1st N", "cpu vs 1st", "MB alloc");
        for (Case scenario : Case.values()) {
            Timing first = null;
            int firstN = 0;
            for (int n : sizes) {
                Timing timing = measure(scenario, n);
                if (first == null) {
                    first = timing;
                    firstN = n;
                }
                double perEntryMicros = timing.wallMillis() * 1000 / n;
                double wallRatio = timing.wallMillis() / n / (first.wallMillis() / firstN);
                double cpuRatio = timing.cpuMillis() / n / (first.cpuMillis() / firstN);
                System.out.printf(Locale.ROOT, "%-24s %7d %10.1f %10.1f %10.2f %10.2f %10.2f %10.1f%n",
                        scenario.label, n, timing.wallMillis(), timing.cpuMillis(), perEntryMicros,
                        wallRatio, cpuRatio, timing.allocatedMegabytes());
            }
        }
    }

    /** Medians over the runs of one case: wall time, this thread's CPU time and its allocation. */
    private record Timing(double wallMillis, double cpuMillis, double allocatedMegabytes) {
    }

    private enum Case {
        MERGE_INTO_EMPTY("merge into empty"),
        MERGE_INTO_EXISTING("merge into existing"),
        DELETE_ALL("delete all"),
        DELETE_ALL_BACKWARDS("delete all, last first");

        final String label;

        Case(String label) {
            this.label = label;
        }

        Element data(int n) {
            return this == MERGE_INTO_EMPTY ? parse(dataOf("")) : parse(dataOf(entries(n, "", false)));
        }

        Element config(int n) {
            boolean delete = this == DELETE_ALL || this == DELETE_ALL_BACKWARDS;
            String operation = delete ? " xc:operation='delete'" : "";
            return parse(configOf(entries(n, operation, this == DELETE_ALL_BACKWARDS)));
        }
    }

    /** Runs every case at the first size for a while, so that the first rows are not measured cold. */
    private static void warmUp(int n) throws NetconfException {
        for (Case scenario : Case.values()) {
            Element data = scenario.data(n);
            Element config = scenario.config(n);
            long until = System.nanoTime() + WARM_UP_NANOS;
            for (int run = 0; run < WARM_UP_RUNS || System.nanoTime() < until; run++) {
                ConfigEditor.apply(data, config, EditOperation.MERGE, ErrorOption.STOP_ON_ERROR);
            }
        }
    }

    private static Timing measure(Case scenario, int n) throws NetconfException {
        Element data = scenario.data(n);
        Element config = scenario.config(n);
        ConfigEditor.apply(data, config, EditOperation.MERGE, ErrorOption.STOP_ON_ERROR); // warm-up
        List<Long> wall = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        List<Long> allocated = new ArrayList<>();
        long spent = 0;
        while (wall.size() < MAX_RUNS && (wall.size() < MIN_RUNS || spent < MIN_CASE_NANOS)) {
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long bytesStart = THREADS.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            ConfigEditor.apply(data, config, EditOperation.MERGE, ErrorOption.STOP_ON_ERROR);
            long took = System.nanoTime() - start;
            cpu.add(THREADS.getCurrentThreadCpuTime() - cpuStart);
            allocated.add(THREADS.getCurrentThreadAllocatedBytes() - bytesStart);
            wall.add(took);
            spent += took;
            if (took > MIN_CASE_NANOS) {
                break; // one sample of a very slow edit is enough to see the curve
            }
        }
        return new Timing(median(wall) / 1e6, median(cpu) / 1e6, median(allocated) / 1e6);
    }

    private static long median(List<Long> samples) {
        List<Long> sorted = new ArrayList<>(samples);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static String entries(int n, String operation, boolean backwards) {
        StringBuilder xml = new StringBuilder("<acl xmlns='" + NS + "'>");
        for (int j = 0; j < n; j++) {
            int i = backwards ? n - 1 - j : j;
            xml.append("<entry").append(operation).append("><name>e").append(i).append("</name>");
            if (operation.isEmpty()) {
                xml.append("<action>permit</action><sequence>").append(i).append("</sequence>");
            }
            xml.append("</entry>");
        }
        return xml.append("</acl>").toString();
    }

    private static String dataOf(String content) {
        return "<data xmlns='" + Netconf.BASE_NS + "'>" + content + "</data>";
    }

    private static String configOf(String content) {
        return "<config xmlns='" + Netconf.BASE_NS + "' xmlns:xc='" + Netconf.BASE_NS + "'>" + content + "</config>";
    }

    private static Element parse(String xml) {
        try {
            return NetconfXml.parse(xml, NetconfLimits.DEFAULT).getDocumentElement();
        } catch (NetconfException e) {
            throw new IllegalStateException("harness XML does not parse", e);
        }
    }
}
