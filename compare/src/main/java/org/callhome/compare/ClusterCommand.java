package org.callhome.compare;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.callhome.compare.model.ClusterResults;
import org.callhome.compare.model.ClusterResults.StrategyFailover;
import org.callhome.compare.report.ClusterReport;
import org.callhome.compare.scale.ClusterRun;
import org.callhome.shared.cli.BuildInfo;
import org.callhome.shared.config.ReconnectStrategy;
import org.callhome.shared.strategy.CallHomeStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code compare cluster}: the NMS cluster failover scenario. */
@Command(name = "cluster", mixinStandardHelpOptions = true, versionProvider = BuildInfo.VersionProvider.class,
        sortOptions = false,
        description = {
            "Kills one node of an NMS cluster under load and measures the failover, per strategy, with the "
                    + "project's real NMS on loopback, keys pinned:",
            "  1. three NMS nodes start as one cluster (nms-server --cluster: Vert.x over Hazelcast), each in a JVM "
                    + "of its own with its own state and listeners, sharing the NMS's keys;",
            "  2. N simulated devices in one other JVM call them, their endpoint list the three nodes and their "
                    + "reconnect strategy random-selection; the run waits until all are connected and records how "
                    + "they spread over the nodes;",
            "  3. RPCs (get-config of running) at a fixed rate through the APIs of the two nodes that will "
                    + "survive, each to a device drawn at random; then the node holding the most devices is killed "
                    + "with SIGKILL, and a survivor's GET /api/devices, polled every 100 ms, times when every device "
                    + "it held is shown connected on another node and when none is shown on the killed node;",
            "  4. the RPCs go on for a while; their outcomes are counted by HTTP status before the kill, during "
                    + "the failover (kill to all back) and after it.",
            "",
            "Writes results.json, report.md and report.txt to --out, each figure with how it was measured. One run "
                    + "is one kill on this machine: repeat it for a spread."
        })
final class ClusterCommand implements Callable<Integer> {

    @Option(names = "--strategies", paramLabel = "LIST", split = ",", defaultValue = "reverse-ssh,device-ssh-client",
            description = "Strategies to run it for, comma-separated, in this order (default: ${DEFAULT-VALUE}; "
                    + "tls works too).")
    List<String> strategies;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "300",
            description = "Devices in the fleet (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--rpc-rate", paramLabel = "R", defaultValue = "20",
            description = "RPCs sent per second through the surviving nodes' APIs (default: ${DEFAULT-VALUE}).")
    double rpcRate;

    @Option(names = "--before", paramLabel = "S", defaultValue = "10",
            description = "Seconds of RPCs before the kill (default: ${DEFAULT-VALUE}).")
    int before;

    @Option(names = "--after", paramLabel = "S", defaultValue = "15",
            description = "Seconds of RPCs once every device is back (default: ${DEFAULT-VALUE}).")
    int after;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "" + ReconnectStrategy.DEFAULT_MAX_ATTEMPTS,
            description = "The devices' attempts on one endpoint before the next (reconnect-strategy max-attempts; "
                    + "default: ${DEFAULT-VALUE}, the model's).")
    int maxAttempts;

    @Option(names = "--nms-heap", paramLabel = "SIZE", defaultValue = "512m",
            description = "Each node's maximum heap, as -Xmx takes it (default: ${DEFAULT-VALUE}).")
    String nmsHeap;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "report/cluster",
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
        ClusterRun.Options options;
        try {
            options = new ClusterRun.Options(devices, rpcRate, Duration.ofSeconds(before), Duration.ofSeconds(after),
                    maxAttempts, nmsHeap);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Progress progress = new Progress(System.err, System.console() != null, order.size() * ClusterRun.steps() + 1);
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        List<StrategyFailover> measured = HarnessRuns.eachStrategy(order, work, "callhome-cluster",
                (strategy, folder) -> new ClusterRun(strategy, options, folder, progress::step).run());
        progress.step("writing the report");
        ClusterResults results = new ClusterResults(new ClusterResults.ClusterRunInfo(BuildInfo.current(),
                started.toString(), (System.nanoTime() - startNanos) / 1e9, devices, ClusterRun.nodes(), rpcRate,
                before, after, maxAttempts, nmsHeap,
                HarnessRuns.jvm(), HarnessRuns.os(), Runtime.getRuntime().availableProcessors()), measured);
        List<Path> files = ClusterReport.write(results, out);
        progress.finish("done");
        HarnessRuns.announce(ClusterReport.text(results), files);
        return 0;
    }
}
