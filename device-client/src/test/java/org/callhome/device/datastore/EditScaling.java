package org.callhome.device.datastore;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.callhome.device.yang.DeviceSchema;
import org.callhome.device.yang.SchemaException;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.testing.RepositoryFiles;
import org.w3c.dom.Element;

/**
 * A scaling harness for {@link ConfigEditor}: how the cost of one edit-config grows with the
 * length of the list it edits. It is a main class in the test sources rather than a JMH
 * benchmark because the benchmarks module does not depend on device-client; it needs no timing
 * precision, only the shape of the curve (per entry, an O(N²) editor is 40 times as slow for
 * 40,000 entries as for 1,000, an O(N) one equally fast). Not a test: nothing runs it in the build.
 *
 * <p>For each list length N it times four edits of {@code <acl>} holding N
 * {@code <entry><name>eI</name>…</entry>} elements, in a namespace no YANG module defines, so
 * without schema: merging them into an empty datastore, merging them into a datastore that
 * already holds them, and deleting them all, in document order (where a linear scan finds each
 * at once) and last first. It reports the median wall-clock milliseconds per edit-config (and
 * the editing thread's CPU milliseconds, which a busy machine and the garbage collector disturb
 * less), the wall-clock microseconds per entry, the per-entry wall-clock and CPU cost relative
 * to the first N (1.0 means the edit scales linearly) and the megabytes the edit allocates. A
 * fixed heap and the parallel collector keep the runs comparable; G1 on a busy two-core machine
 * made them wander.
 *
 * <p>It then times the same four edits on a list the schema defines, edited by the schema:
 * {@code <interfaces xmlns="urn:example:system">} of {@code examples/yang/example-system} holding
 * N {@code <interface><name>eI</name><mtu>1500</mtu></interface>} entries, plus the
 * {@link SchemaCheck} of the result, which runs on every edit of running. The last table sets
 * both side by side: schema-less ms, schema edit ms, check ms, their sum, and the ratio of the
 * sum to the schema-less edit. The example modules are read from the folder the system property
 * {@value #YANG_PROPERTY} names, or else from {@code examples/yang} of the repository above the
 * working directory.
 *
 * <pre>
 * mvn -B -q -o -pl device-client -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *   &amp;&amp; java -XX:+UseParallelGC -Xms2g -Xmx2g -cp device-client/target/test-classes:device-client/target/classes:$(cat device-client/target/cp.txt) \
 *        org.callhome.device.datastore.EditScaling 1000 10000 40000
 * </pre>
 */
final class EditScaling {

    /** The system property naming the folder of the example YANG modules. */
    static final String YANG_PROPERTY = "callhome.examples.yang";

    private static final String NS = "urn:example:scaling";
    private static final String SYSTEM_NS = "urn:example:system";
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

    public static void main(String[] args) throws NetconfException, SchemaException {
        int[] sizes = args.length == 0 ? new int[] {1_000, 10_000, 40_000}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        SchemaTree schema = SchemaTree.of(DeviceSchema.load(List.of(examplesYang())));
        Edit schemaLess = new Edit(null, null);
        Edit withSchema = new Edit(schema, new SchemaCheck(schema));
        requireSchemaAware(withSchema);
        warmUp(schemaLess, sizes[0]);
        warmUp(withSchema, sizes[0]);

        Map<Case, List<Timing>> without = new EnumMap<>(Case.class);
        System.out.println("without schema (<acl> in " + NS + ")");
        System.out.printf(Locale.ROOT, "%-24s %7s %10s %10s %10s %10s %10s %10s%n",
                "case", "N", "ms/edit", "cpu ms", "us/entry", "vs 1st N", "cpu vs 1st", "MB alloc");
        for (Case scenario : Case.values()) {
            List<Timing> timings = new ArrayList<>();
            for (int n : sizes) {
                Timing timing = measure(schemaLess, scenario, n);
                timings.add(timing);
                printRow(scenario.label, sizes, timings.size() - 1, edits(timings), 24);
            }
            without.put(scenario, timings);
        }

        Map<Case, List<Timing>> with = new EnumMap<>(Case.class);
        System.out.println();
        System.out.println("with schema (<interfaces> in " + SYSTEM_NS + "), edit and check timed apart");
        System.out.printf(Locale.ROOT, "%-30s %7s %10s %10s %10s %10s %10s %10s%n",
                "case", "N", "ms/edit", "cpu ms", "us/entry", "vs 1st N", "cpu vs 1st", "MB alloc");
        for (Case scenario : Case.values()) {
            List<Timing> timings = new ArrayList<>();
            for (int n : sizes) {
                Timing timing = measure(withSchema, scenario, n);
                timings.add(timing);
                printRow(scenario.label, sizes, timings.size() - 1, edits(timings), 30);
            }
            List<Sample> checks = timings.stream().map(Timing::check).toList();
            for (int i = 0; i < sizes.length; i++) {
                printRow(scenario.label + ": check", sizes, i, checks, 30);
            }
            with.put(scenario, timings);
        }

        System.out.println();
        System.out.println("side by side: median wall-clock ms per edit-config (schema = edit + check)");
        System.out.printf(Locale.ROOT, "%-24s %7s %11s %11s %11s %11s %9s %11s%n",
                "case", "N", "schema-less", "schema edit", "check", "schema", "ratio", "schema us/e");
        for (Case scenario : Case.values()) {
            for (int i = 0; i < sizes.length; i++) {
                Timing plain = without.get(scenario).get(i);
                Timing typed = with.get(scenario).get(i);
                System.out.printf(Locale.ROOT, "%-24s %7d %11.1f %11.1f %11.1f %11.1f %9.2f %11.2f%n",
                        scenario.label, sizes[i], plain.edit().wallMillis(), typed.edit().wallMillis(),
                        typed.check().wallMillis(), typed.total().wallMillis(),
                        typed.total().wallMillis() / plain.edit().wallMillis(),
                        typed.total().wallMillis() * 1000 / sizes[i]);
            }
        }
    }

    /** {@code examples/yang}: from the system property, or found upwards from the working directory. */
    private static Path examplesYang() {
        String given = System.getProperty(YANG_PROPERTY);
        Path folder = given != null ? Path.of(given) : RepositoryFiles.root().resolve("examples/yang");
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("no folder of example YANG modules at " + folder.toAbsolutePath()
                    + "; run from the repository or set -D" + YANG_PROPERTY);
        }
        return folder;
    }

    /** Fails unless {@code edit} rejects an mtu out of its range, as only an edit by the schema does. */
    private static void requireSchemaAware(Edit edit) throws NetconfException {
        Element config = parse(configOf(interfaceEntries(1, "", false).replace(">1500<", ">0<")));
        try {
            edit.apply(parse(dataOf("")), config);
        } catch (NetconfException e) {
            if (e.error().tag() == ErrorTag.INVALID_VALUE) {
                return; // mtu 0 is outside 68..9216
            }
            throw e;
        }
        throw new IllegalStateException("an mtu of 0 was accepted: the interfaces are not edited by the schema");
    }

    private static List<Sample> edits(List<Timing> timings) {
        return timings.stream().map(Timing::edit).toList();
    }

    /** Row {@code i} of {@code samples}, its per-entry cost compared with row 0's. */
    private static void printRow(String label, int[] sizes, int i, List<Sample> samples, int labelWidth) {
        Sample first = samples.get(0);
        Sample sample = samples.get(i);
        int n = sizes[i];
        double perEntryMicros = sample.wallMillis() * 1000 / n;
        double wallRatio = sample.wallMillis() / n / (first.wallMillis() / sizes[0]);
        double cpuRatio = sample.cpuMillis() / n / (first.cpuMillis() / sizes[0]);
        System.out.printf(Locale.ROOT, "%-" + labelWidth + "s %7d %10.1f %10.1f %10.2f %10.2f %10.2f %10.1f%n",
                label, n, sample.wallMillis(), sample.cpuMillis(), perEntryMicros,
                wallRatio, cpuRatio, sample.allocatedMegabytes());
    }

    /** Medians over the runs of one step: wall time, this thread's CPU time and its allocation. */
    private record Sample(double wallMillis, double cpuMillis, double allocatedMegabytes) {
    }

    /** One case at one size: the edit, the schema check of its result (zero without schema), and both. */
    private record Timing(Sample edit, Sample check, Sample total) {
    }

    /**
     * How an edit runs: schema-less ({@code schema} null), or by the schema and followed by its
     * check, as an edit of running is.
     */
    private record Edit(SchemaTree schema, SchemaCheck check) {

        String entries(int n, String operation, boolean backwards) {
            return schema == null ? aclEntries(n, operation, backwards) : interfaceEntries(n, operation, backwards);
        }

        EditResult apply(Element data, Element config) throws NetconfException {
            return schema == null
                    ? ConfigEditor.apply(data, config, EditOperation.MERGE, ErrorOption.STOP_ON_ERROR)
                    : ConfigEditor.apply(data, config, EditOperation.MERGE, ErrorOption.STOP_ON_ERROR, schema);
        }

        void check(EditResult result) throws NetconfException {
            if (check != null) {
                check.check(result.data());
            }
        }
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

        Element data(Edit edit, int n) {
            return this == MERGE_INTO_EMPTY ? parse(dataOf("")) : parse(dataOf(edit.entries(n, "", false)));
        }

        Element config(Edit edit, int n) {
            boolean delete = this == DELETE_ALL || this == DELETE_ALL_BACKWARDS;
            String operation = delete ? " xc:operation='delete'" : "";
            return parse(configOf(edit.entries(n, operation, this == DELETE_ALL_BACKWARDS)));
        }
    }

    /** Runs every case at the first size for a while, so that the first rows are not measured cold. */
    private static void warmUp(Edit edit, int n) throws NetconfException {
        for (Case scenario : Case.values()) {
            Element data = scenario.data(edit, n);
            Element config = scenario.config(edit, n);
            long until = System.nanoTime() + WARM_UP_NANOS;
            for (int run = 0; run < WARM_UP_RUNS || System.nanoTime() < until; run++) {
                edit.check(edit.apply(data, config));
            }
        }
    }

    private static Timing measure(Edit edit, Case scenario, int n) throws NetconfException {
        Element data = scenario.data(edit, n);
        Element config = scenario.config(edit, n);
        edit.check(edit.apply(data, config)); // warm-up
        List<long[]> editRuns = new ArrayList<>();
        List<long[]> checkRuns = new ArrayList<>();
        long spent = 0;
        while (editRuns.size() < MAX_RUNS && (editRuns.size() < MIN_RUNS || spent < MIN_CASE_NANOS)) {
            long[] edited = new long[3];
            EditResult result = timed(edited, () -> edit.apply(data, config));
            long[] checked = new long[3];
            timed(checked, () -> {
                edit.check(result);
                return result;
            });
            editRuns.add(edited);
            checkRuns.add(checked);
            long took = edited[0] + checked[0];
            spent += took;
            if (took > MIN_CASE_NANOS) {
                break; // one sample of a very slow edit is enough to see the curve
            }
        }
        List<long[]> totals = new ArrayList<>();
        for (int i = 0; i < editRuns.size(); i++) {
            long[] a = editRuns.get(i);
            long[] b = checkRuns.get(i);
            totals.add(new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
        }
        return new Timing(sample(editRuns), sample(checkRuns), sample(totals));
    }

    /** One step that may fail with a NETCONF error. */
    private interface Step {
        EditResult run() throws NetconfException;
    }

    /** Runs {@code step}, putting its wall nanoseconds, CPU nanoseconds and allocated bytes into {@code into}. */
    private static EditResult timed(long[] into, Step step) throws NetconfException {
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long bytesStart = THREADS.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        EditResult result = step.run();
        into[0] = System.nanoTime() - start;
        into[1] = THREADS.getCurrentThreadCpuTime() - cpuStart;
        into[2] = THREADS.getCurrentThreadAllocatedBytes() - bytesStart;
        return result;
    }

    private static Sample sample(List<long[]> runs) {
        return new Sample(median(runs, 0) / 1e6, median(runs, 1) / 1e6, median(runs, 2) / 1e6);
    }

    private static long median(List<long[]> runs, int field) {
        List<Long> sorted = new ArrayList<>();
        for (long[] run : runs) {
            sorted.add(run[field]);
        }
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static String aclEntries(int n, String operation, boolean backwards) {
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

    private static String interfaceEntries(int n, String operation, boolean backwards) {
        StringBuilder xml = new StringBuilder("<interfaces xmlns='" + SYSTEM_NS + "'>");
        for (int j = 0; j < n; j++) {
            int i = backwards ? n - 1 - j : j;
            xml.append("<interface").append(operation).append("><name>e").append(i).append("</name>");
            if (operation.isEmpty()) {
                xml.append("<mtu>1500</mtu>");
            }
            xml.append("</interface>");
        }
        return xml.append("</interfaces>").toString();
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
