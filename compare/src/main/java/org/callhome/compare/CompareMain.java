package org.callhome.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.sshd.common.config.VersionProperties;
import org.callhome.compare.bootstrap.BootstrapAttacks;
import org.callhome.compare.bootstrap.ZeroTouchScenario;
import org.callhome.compare.costs.CostRun;
import org.callhome.compare.costs.DeviceMove;
import org.callhome.compare.costs.TlsHeartbeatProbe;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.BootstrapResults;
import org.callhome.compare.model.ComparedStrategies;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.ConfigBurden;
import org.callhome.compare.model.CostRuns;
import org.callhome.compare.model.LivenessResult;
import org.callhome.compare.model.MoveResult;
import org.callhome.compare.model.RunInfo;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.StrategyCosts;
import org.callhome.compare.model.TrustModel;
import org.callhome.compare.model.TrustResults;
import org.callhome.compare.model.ZeroTouchResult;
import org.callhome.compare.report.ReportWriter;
import org.callhome.compare.report.SummaryTable;
import org.callhome.compare.security.SecurityScenario;
import org.callhome.compare.security.SecurityScenarios;
import org.callhome.shared.cli.BuildInfo;
import org.callhome.shared.cli.CommandLines;
import org.callhome.shared.ssh.SshPolicy;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NegotiatedAlgorithms;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of the side-by-side comparison: the project's main job. */
@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = BuildInfo.VersionProvider.class,
        sortOptions = false, subcommands = {ScaleCommand.class, ClusterCommand.class},
        description = {
            "Runs reverse-ssh (RFC 8071 over SSH), device-ssh-client and tls (RFC 8071 over TLS, NETCONF over "
                    + "TLS per RFC 7589) side by side on this machine, with the project's real NMS and devices on "
                    + "loopback, under each trust model that applies (keys pinned one by one, OpenSSH certificates "
                    + "or X.509 certificates of a device CA and an NMS CA; tls has no OpenSSH certificates), and "
                    + "writes a report.",
            "",
            "For each strategy: the configuration both sides needed (read off the settings the run used), security "
                    + "scenarios executed against real parts (rogue NMS, rogue device, man in the middle, stolen "
                    + "device credentials, where the NETCONF username comes from, an off-the-shelf client), "
                    + "and costs (setup and RPC latency, bytes and round trips, CPU per session on each side, NMS heap "
                    + "per idle session, recovery after an NMS restart). Every number in the report says how it was "
                    + "measured. For tls, also how its liveness deviates from RFC 8071 (no TLS heartbeats), as "
                    + "probed in the run. And per strategy, under pinned keys, a device moved to a second NMS over "
                    + "NETCONF (a confirmed commit through the first NMS's API, confirmed through the second's): "
                    + "timed, its RPCs and bytes counted.",
            "",
            "And zero-touch bootstrap (RFC 8572), per strategy and trust model: a factory-fresh device "
                    + "bootstraps from an NMS with keys of that model, calls home and is managed (timed, the conveyed "
                    + "configuration counted); then once per strategy, with pinned NMS keys, four bootstrap security "
                    + "scenarios (rogue bootstrap server, voucher for another serial, expired voucher, stolen IDevID).",
            "",
            "Writes report.md, report.html, report.txt (72 columns) and results.json to --out.",
            "",
            "'compare scale' measures performance and scale instead: sessions per second, CPU per session against "
                    + "the crypto floor, setup latency, thousands of idle sessions, the fleet's return after an NMS "
                    + "restart (see compare scale --help).",
            "",
            "'compare cluster' kills one node of a three-node NMS cluster under RPC load and measures the "
                    + "failover: the time until its devices are back on the others, the RPCs' outcomes meanwhile "
                    + "(see compare cluster --help)."
        })
public final class CompareMain implements Callable<Integer> {

    @Option(names = "--strategies", paramLabel = "LIST", split = ",",
            defaultValue = "reverse-ssh,device-ssh-client,tls",
            description = "Strategies to compare, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> strategies;

    @Option(names = "--trust", paramLabel = "LIST", split = ",", defaultValue = "pinned,openssh-cert,x509",
            description = "Trust models each strategy runs under, comma-separated (default: ${DEFAULT-VALUE}): "
                    + "pinned (each side pins the other's keys, the NMS one per device), openssh-cert (a device "
                    + "CA certifies each device, its id the certificate's principal as in RFC 8071 C6, and an NMS "
                    + "CA the NMS's keys; nothing pinned per device) and x509 (the same with X.509 certificates, "
                    + "RFC 6187: the device id in the subject, the SSH role in the extended key usage).")
    List<String> trust;

    @Option(names = "--devices", paramLabel = "N",
            description = "Devices per strategy in the cost run (default: 20, or 4 with --quick). "
                    + "They run in a child JVM; 1000 and more work, given time.")
    Integer devices;

    @Option(names = "--rpcs", paramLabel = "N",
            description = "get-config round trips timed per strategy (default: 200, or 20 with --quick).")
    Integer rpcs;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "report",
            description = "Folder for the report (default: ${DEFAULT-VALUE}); created, files in it replaced.")
    Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Decides the order in which the strategies are measured (default: ${DEFAULT-VALUE}); "
                    + "keys are always fresh.")
    long seed;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Cost runs per strategy and trust model (default: ${DEFAULT-VALUE}), interleaved: each run "
                    + "measures the trust models and the strategies in the seed's order, each rotated by one; the "
                    + "reports show each figure's median and its min-max across the runs.")
    int repeat;

    @Option(names = "--quick",
            description = "A short profile (few devices and RPCs), used by the tests; same sections and scenarios.")
    boolean quick;

    @Option(names = "--no-security", description = "Skip the security scenarios (costs and configuration only; "
            + "the zero-touch bootstrap still runs, its security scenarios do not).")
    boolean noSecurity;

    @Option(names = "--no-bootstrap", description = "Skip the zero-touch bootstrap dimension (RFC 8572): its "
            + "bootstrap of a factory-fresh device per strategy and trust model, and its security scenarios.")
    boolean noBootstrap;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Folder for keys, data and logs of the run (default: a temporary folder, deleted "
                    + "afterwards). Given, it is kept.")
    Path work;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the comparison with command-line {@code args}; the exit code. */
    public static int run(String... args) {
        return CommandLines.of(new CompareMain()).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (repeat < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat must be at least 1, got " + repeat);
        }
        List<CallHomeStrategy> order = parseStrategies();
        List<TrustModel> trusts = parseTrustModels();
        // each later cost run rotates the seed's order, so that every strategy goes first as often as the others
        List<List<CallHomeStrategy>> orders = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            List<CallHomeStrategy> rotated = new ArrayList<>(order);
            Collections.rotate(rotated, -i);
            orders.add(rotated);
        }
        int n = devices != null ? devices : quick ? 4 : 20;
        int rpcCount = rpcs != null ? rpcs : quick ? 20 : 200;
        CostRun.Options options;
        try {
            options = new CostRun.Options(n, rpcCount, Math.min(n, quick ? 2 : 5));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Map<TrustModel, List<SecurityScenario>> scenarios = new EnumMap<>(TrustModel.class);
        trusts.forEach(trustModel -> scenarios.put(trustModel, noSecurity ? List.of()
                : SecurityScenarios.forTrust(trustModel)));
        // a quick run is a smoke test: no warm-up, no figure to trust
        boolean warmUp = !quick;
        // the bootstrap dimension: one zero-touch bootstrap per strategy and trust model, then its security scenarios
        int bootstrapSteps = noBootstrap ? 0 : order.stream().mapToInt(strategy -> (int) trusts.stream()
                .filter(trustModel -> trustModel.appliesTo(strategy)).count() + (noSecurity ? 0 : 1)).sum();
        // each strategy under the trust models that apply to it (tls has no OpenSSH certificates)
        int runs = 0;
        for (CallHomeStrategy strategy : order) {
            for (TrustModel trustModel : trusts) {
                if (trustModel.appliesTo(strategy)) {
                    runs += 6 * repeat + scenarios.get(trustModel).size();
                }
            }
        }
        Progress progress = new Progress(System.err, System.console() != null,
                runs + order.size() * (warmUp ? 6 : 0) + bootstrapSteps + (order.contains(CallHomeStrategy.TLS) ? 1 : 0)
                        + order.size() + 1);
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        boolean temporary = work == null;
        Path workDir = temporary ? Files.createTempDirectory("callhome-compare") : Files.createDirectories(work);
        Map<TrustModel, Collected> collected = new EnumMap<>(TrustModel.class);
        trusts.forEach(trustModel -> collected.put(trustModel, new Collected()));
        Optional<BootstrapResults> bootstrap = Optional.empty();
        Optional<LivenessResult> liveness = Optional.empty();
        List<MoveResult> moves = new ArrayList<>();
        try {
            if (warmUp) {
                warmUp(workDir.resolve("warm-up"), order, options, progress);
            }
            for (int i = 0; i < repeat; i++) {
                String run = repeat == 1 ? "" : "cost run " + (i + 1) + "/" + repeat + ", ";
                List<TrustModel> trustOrder = new ArrayList<>(trusts);
                Collections.rotate(trustOrder, -i);
                for (TrustModel trustModel : trustOrder) {
                    Collected into = collected.get(trustModel);
                    for (CallHomeStrategy strategy : orders.get(i)) {
                        if (!trustModel.appliesTo(strategy)) {
                            continue;
                        }
                        Path folder = workDir.resolve(repeat == 1 ? "costs" : "costs-" + (i + 1))
                                .resolve(trustModel.wireName()).resolve(strategy.wireName());
                        try (Testbed testbed = new Testbed(folder, trustModel, strategy)) {
                            CostRun.Outcome outcome = new CostRun(strategy, options, testbed,
                                    step -> progress.step(run + trustModel.wireName() + ", " + step)).run();
                            into.costs.computeIfAbsent(strategy, first -> new ArrayList<>()).add(outcome.costs());
                            // the same settings every run: the first run's configuration and algorithms stand
                            into.config.putIfAbsent(strategy, outcome.config());
                            into.algorithms.putIfAbsent(strategy, describe(outcome.algorithms()));
                        }
                    }
                }
            }
            for (TrustModel trustModel : trusts) {
                for (SecurityScenario scenario : scenarios.get(trustModel)) {
                    for (CallHomeStrategy strategy : order) {
                        if (!trustModel.appliesTo(strategy)) {
                            continue;
                        }
                        progress.step(trustModel.wireName() + ", " + strategy.wireName() + ": security scenario "
                                + scenario.id());
                        try (Testbed testbed = new Testbed(workDir.resolve("security").resolve(trustModel.wireName())
                                .resolve(scenario.id()).resolve(strategy.wireName()), trustModel, strategy)) {
                            collected.get(trustModel).security.add(scenario.run(strategy, testbed));
                        }
                    }
                }
            }
            if (order.contains(CallHomeStrategy.TLS)) {
                progress.step("tls: probing for TLS heartbeats (RFC 8071 section 7)");
                liveness = Optional.of(TlsHeartbeatProbe.run(workDir.resolve("tls-liveness")));
            }
            for (CallHomeStrategy strategy : order) {
                progress.step(strategy.wireName() + ": moving a device to another NMS over NETCONF");
                moves.add(DeviceMove.run(workDir.resolve("move").resolve(strategy.wireName()), strategy));
            }
            if (!noBootstrap) {
                bootstrap = Optional.of(bootstrap(workDir.resolve("bootstrap"), order, trusts, progress));
            }
        } finally {
            if (temporary) {
                deleteQuietly(workDir);
            }
        }
        progress.step("writing the report");
        List<CallHomeStrategy> shown = new ArrayList<>(order);
        shown.sort(null);
        RunInfo run = new RunInfo(BuildInfo.current(), started.toString(), (System.nanoTime() - startNanos) / 1e9, seed,
                n, quick, repeat, shown, trusts, orders,
                HarnessRuns.jvm(), HarnessRuns.os(), Runtime.getRuntime().availableProcessors(), "Apache MINA SSHD "
                        + SshVersion.mina(), new LinkedHashMap<>(SshPolicy.cryptoProviders()));
        List<TrustResults> byTrust = new ArrayList<>();
        collected.forEach((trustModel, results) -> byTrust.add(results.toResults(trustModel)));
        ComparisonResults results = new ComparisonResults(run, byTrust, bootstrap, liveness, moves);
        List<Path> files = ReportWriter.write(results, out);
        progress.finish("done");
        System.out.println(SummaryTable.render(results));
        System.out.println("Report: " + String.join(", ", files.stream().map(Path::toString).toList()));
        return 0;
    }

    /** The strategies in the order they are measured: the ones asked for, shuffled by the seed. */
    private List<CallHomeStrategy> parseStrategies() {
        List<CallHomeStrategy> chosen;
        try {
            chosen = new ArrayList<>(ComparedStrategies.parse(strategies));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--strategies: " + e.getMessage());
        }
        Collections.shuffle(chosen, new Random(seed));
        return chosen;
    }

    /** The trust models asked for, in the order given. */
    private List<TrustModel> parseTrustModels() {
        List<TrustModel> chosen = new ArrayList<>();
        for (String name : trust) {
            TrustModel model;
            try {
                model = TrustModel.fromWireName(name.strip());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--trust: " + e.getMessage());
            }
            if (!chosen.contains(model)) {
                chosen.add(model);
            }
        }
        if (chosen.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--trust: name at least one");
        }
        return chosen;
    }

    /** What the runs under one trust model produced, as they produce it. */
    private static final class Collected {
        final Map<CallHomeStrategy, List<StrategyCosts>> costs = new EnumMap<>(CallHomeStrategy.class);
        final Map<CallHomeStrategy, ConfigBurden> config = new EnumMap<>(CallHomeStrategy.class);
        final Map<CallHomeStrategy, String> algorithms = new EnumMap<>(CallHomeStrategy.class);
        final List<SecurityResult> security = new ArrayList<>();

        TrustResults toResults(TrustModel trust) {
            Map<CallHomeStrategy, CostRuns> costRuns = new EnumMap<>(CallHomeStrategy.class);
            costs.forEach((strategy, runs) -> costRuns.put(strategy, new CostRuns(strategy, runs)));
            return new TrustResults(trust, config, security, costRuns, algorithms);
        }
    }

    /**
     * The bootstrap dimension, per strategy in the measured order: for each trust model that applies
     * to it a factory-fresh device bootstraps from an NMS with keys of that model (the conveyed
     * configuration trusts the NMS's key, in tls its own certificate, or its CA) and is managed, then
     * (unless {@code --no-security}) the bootstrap security scenarios, once, with pinned NMS keys: they
     * attack the SZTP artifacts, which the NMS's trust model does not change.
     */
    private BootstrapResults bootstrap(Path dir, List<CallHomeStrategy> order, List<TrustModel> trusts,
                                       Progress progress) throws Exception {
        List<ZeroTouchResult> zeroTouch = new ArrayList<>();
        List<SecurityResult> security = new ArrayList<>();
        for (CallHomeStrategy strategy : order) {
            for (TrustModel trustModel : trusts) {
                if (!trustModel.appliesTo(strategy)) {
                    continue;
                }
                progress.step("bootstrap, " + trustModel.wireName() + ", " + strategy.wireName() + ": zero touch");
                zeroTouch.add(new ZeroTouchScenario(dir.resolve("zero-touch")).run(strategy, trustModel));
            }
            if (!noSecurity) {
                progress.step("bootstrap, " + strategy.wireName() + ": security scenarios");
                security.addAll(new BootstrapAttacks(dir.resolve("security")).run(strategy));
            }
        }
        return new BootstrapResults(TrustModel.PINNED, zeroTouch, security);
    }

    /**
     * One unmeasured cost run of each strategy, with pinned keys and the measured runs' options,
     * before the measured ones: the NMS runs in this JVM, so without it the first measured run
     * would also pay for compiling the NMS's code (in one run its NMS CPU per session came out near
     * twice that of the runs after it).
     */
    private static void warmUp(Path dir, List<CallHomeStrategy> order, CostRun.Options options, Progress progress)
            throws Exception {
        for (CallHomeStrategy strategy : order) {
            try (Testbed testbed = new Testbed(dir.resolve(strategy.wireName()), TrustModel.PINNED, strategy)) {
                new CostRun(strategy, options, testbed, step -> progress.step("warm-up (not measured), " + step)).run();
            }
        }
    }

    private static String describe(NegotiatedAlgorithms algorithms) {
        return algorithms.keyExchange() + " / " + algorithms.cipherClientToServer() + " / "
                + algorithms.macClientToServer() + " / " + algorithms.hostKey();
    }

    /** Deletes a temporary folder of a run and all in it, whatever is left of it. */
    static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder; the system cleans it up otherwise
        }
    }

    /** The MINA SSHD version on the class path, as MINA reports it. */
    private static final class SshVersion {
        static String mina() {
            String version = VersionProperties.getVersionProperties()
                    .get("version");
            return version == null ? "(version unknown)" : version;
        }
    }
}
