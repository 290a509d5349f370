package org.callhome.compare;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.sshd.common.config.VersionProperties;
import org.callhome.compare.model.ScaleResults;
import org.callhome.compare.model.ScaleResults.StrategyScale;
import org.callhome.compare.report.ScaleReport;
import org.callhome.compare.scale.ScaleRun;
import org.callhome.nms.config.StartupLimits;
import org.callhome.shared.cli.BuildInfo;
import org.callhome.shared.ssh.SshPolicy;
import org.callhome.shared.strategy.CallHomeStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code compare scale}: the performance and scale harness. */
@Command(name = "scale", mixinStandardHelpOptions = true, versionProvider = BuildInfo.VersionProvider.class,
        sortOptions = false,
        description = {
            "Measures how far one NMS scales, per strategy, with the project's real NMS in a JVM of its own "
                    + "(heap bounded by --nms-heap) and N simulated devices in another JVM sharing its threads, on "
                    + "loopback, keys pinned:",
            "  1. sustained sessions per second with C concurrent dialers (connect, hellos, one get-config, "
                    + "close), after a warm-up until the NMS's JIT compiler has settled, and each side's CPU per "
                    + "session against the crypto floor of the negotiated algorithms;",
            "  2. single-session setup latency on the warm NMS: one device, sessions one after the other (p50, "
                    + "p99);",
            "  3. N idle sessions held: time to bring them up, NMS heap and resident memory per session, "
                    + "threads, file descriptors;",
            "  4. a storm per --max-startups value: the NMS restarted, time until every device is back.",
            "",
            "Writes results.json, report.md and report.txt to --out, each figure with how it was measured, and "
                    + "holds the figures against the goals (CPU per session, heap per idle session, fleet back "
                    + "after a restart, setup p50). Each of the two processes holds a descriptor per device: "
                    + "ulimit -n must exceed N by a few hundred."
        })
final class ScaleCommand implements Callable<Integer> {

    @Option(names = "--strategies", paramLabel = "LIST", split = ",",
            defaultValue = "reverse-ssh,device-ssh-client,tls",
            description = "Strategies to measure, comma-separated, in this order (default: ${DEFAULT-VALUE}).")
    List<String> strategies;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "2000",
            description = "Devices held idle and brought back after each NMS restart (default: ${DEFAULT-VALUE}; "
                    + "10000 works with ulimit -n 20000).")
    int devices;

    @Option(names = "--dialers", paramLabel = "C", defaultValue = "16",
            description = "Concurrent dialers of the sustained run (default: ${DEFAULT-VALUE}).")
    int dialers;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
            description = "How long the sustained run is measured, after its warm-up (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warm-up", paramLabel = "S", defaultValue = "90",
            description = "The longest warm-up of the sustained run, in seconds (default: ${DEFAULT-VALUE}): it "
                    + "ends sooner once the NMS's JIT compiler uses under 5%% of its CPU over 3 s.")
    int warmUp;

    @Option(names = "--sequential", paramLabel = "K", defaultValue = "300",
            description = "Sequential sessions timed for the single-session latency (default: ${DEFAULT-VALUE}).")
    int sequential;

    @Option(names = "--max-startups", paramLabel = "LIST", split = ",",
            defaultValue = StartupLimits.DEFAULT_MAX_STARTUPS + ",512",
            description = "The NMS's --max-startups in each storm, one storm each, comma-separated "
                    + "(N or START:RATE:FULL; default: ${DEFAULT-VALUE}). The per-source limit is lifted to the "
                    + "total: every device calls from 127.0.0.1.")
    List<String> maxStartups;

    @Option(names = "--nms-heap", paramLabel = "SIZE", defaultValue = "1g",
            description = "The NMS JVM's maximum heap, as -Xmx takes it (default: ${DEFAULT-VALUE}).")
    String nmsHeap;

    @Option(names = "--nms-java-option", paramLabel = "OPTION",
            description = "One more option of the NMS JVM, repeatable: to profile it, say "
                    + "(--nms-java-option=-XX:StartFlightRecording=filename=nms.jfr). Each NMS start of the run "
                    + "gets it.")
    List<String> nmsJavaOptions = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "report/scale",
            description = "Folder for the report (default: ${DEFAULT-VALUE}); created, files in it replaced.")
    Path out;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Folder for keys, data and logs of the run (default: a temporary folder, deleted "
                    + "afterwards). Given, it is kept.")
    Path work;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<CallHomeStrategy> order = HarnessRuns.strategies(spec, strategies);
        ScaleRun.Options options;
        try {
            options = new ScaleRun.Options(devices, dialers, Duration.ofSeconds(seconds), sequential,
                    maxStartups.stream().map(String::strip).toList(), nmsHeap, nmsJavaOptions,
                    Duration.ofSeconds(warmUp));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Progress progress = new Progress(System.err, System.console() != null,
                order.size() * ScaleRun.steps(options) + 1);
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        List<StrategyScale> measured = HarnessRuns.eachStrategy(order, work, "callhome-scale",
                (strategy, folder) -> new ScaleRun(strategy, options, folder, progress::step).run());
        progress.step("writing the report");
        String mina = VersionProperties.getVersionProperties().get("version");
        ScaleResults results = new ScaleResults(new ScaleResults.ScaleRunInfo(BuildInfo.current(), started.toString(),
                (System.nanoTime() - startNanos) / 1e9, devices, dialers, seconds, sequential, options.maxStartups(),
                nmsHeap, HarnessRuns.jvm(), HarnessRuns.os(), Runtime.getRuntime().availableProcessors(),
                "Apache MINA SSHD " + (mina == null ? "(version unknown)" : mina),
                new LinkedHashMap<>(SshPolicy.cryptoProviders())), measured);
        List<Path> files = ScaleReport.write(results, out);
        progress.finish("done");
        HarnessRuns.announce(ScaleReport.text(results), files);
        return 0;
    }
}
