package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.ConfigBurden;
import org.callhome.compare.model.ConfigItem;
import org.callhome.compare.model.ConfigItem.Kind;
import org.callhome.compare.model.ConfigItem.Origin;
import org.callhome.compare.model.ConfigItem.Side;
import org.callhome.compare.model.CostRuns;
import org.callhome.compare.model.Latency;
import org.callhome.compare.model.Measured;
import org.callhome.compare.model.RunInfo;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.compare.model.StrategyCosts;
import org.callhome.shared.cli.BuildInfo;
import org.callhome.shared.strategy.CallHomeStrategy;

/** Comparison results built by hand, shaped like a real run of ten devices. */
final class ComparisonFixture {

    static final CallHomeStrategy RS = CallHomeStrategy.REVERSE_SSH;
    static final CallHomeStrategy DSC = CallHomeStrategy.DEVICE_SSH_CLIENT;
    static final int DEVICES = 10;

    /** Markup-like evidence that every format must keep as text. */
    static final String HOSTILE = "<script>alert(\"pwned\" & 'x')</script>";
    /** A word longer than any line, which the fixed-width outputs must split rather than cut. */
    static final String LONG_WORD = "SHA256:" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789".repeat(3);

    static final String BYTES_METHOD = "Bytes counted by a TCP relay between device and NMS, both directions, "
            + "from SYN to the first byte after the NETCONF hello exchange, averaged per connection.";

    /** The build every fixture run names. */
    static final BuildInfo BUILD = new BuildInfo("9.9.9-TEST", "abc1234", false);
    static final String ROGUE_NMS_MATTERS = "A hijacked call-home address must learn nothing.";

    private static final ComparisonResults BOTH = results(List.of(RS, DSC), 1);
    private static final ComparisonResults REVERSE_SSH_ONLY = results(List.of(RS), 1);
    private static final ComparisonResults REPEATED = results(List.of(RS, DSC), 3);

    private ComparisonFixture() {
    }

    static ComparisonResults bothStrategies() {
        return BOTH;
    }

    static ComparisonResults reverseSshOnly() {
        return REVERSE_SSH_ONLY;
    }

    /** Both strategies with three cost runs each (--repeat 3), every run's figures a little different. */
    static ComparisonResults repeated() {
        return REPEATED;
    }

    /** {@code results} with the result of {@code scenario} for {@code strategy} given another verdict and summary. */
    static ComparisonResults withVerdict(ComparisonResults results, String scenario, CallHomeStrategy strategy,
                                         Verdict verdict, String summary) {
        List<SecurityResult> security = results.security().stream()
                .map(result -> !result.scenario().equals(scenario) || result.strategy() != strategy ? result
                        : new SecurityResult(result.scenario(), result.title(), result.question(), result.matters(),
                                strategy, verdict, summary, result.finding(), result.evidence()))
                .toList();
        return new ComparisonResults(results.run(), results.config(), security, results.costs());
    }

    private static List<SecurityResult> security(List<CallHomeStrategy> strategies) {
        List<SecurityResult> results = new ArrayList<>();
        for (CallHomeStrategy strategy : strategies) {
            results.add(new SecurityResult("rogue-nms", "Rogue NMS on the call-home address",
                    "Does the device reveal a credential or data to an endpoint without the NMS's keys?",
                    ROGUE_NMS_MATTERS, strategy, Verdict.HOLDS, "refused <&>",
                    "The device closed the connection before any NETCONF message was sent.",
                    List.of("device log: host key mismatch for 127.0.0.1:41873 " + HOSTILE,
                            "fingerprint offered " + LONG_WORD)));
            results.add(new SecurityResult("stolen-device-key", "Stolen device key replayed from another address",
                    "Can a copy of one device's key open a session that the NMS attributes to that device?",
                    "What a stolen device opens is how far a theft reaches.",
                    strategy, strategy == RS ? Verdict.FAILS : Verdict.DIFFERS,
                    strategy == RS ? "copy logs in" : "copy passes as the device",
                    "The NMS accepted the session & listed it under the device's id <dev-3>.",
                    List.of("GET /api/devices -> 200 {\"id\":\"dev-3\",\"peer\":\"127.0.0.1:50211\"}",
                            "nms event: session-up dev-3 'strategy=" + strategy.wireName() + "'")));
        }
        results.add(new SecurityResult("tls-downgrade", "Downgrade to a weaker transport",
                "Can an on-path attacker make the session use weaker algorithms than both sides allow?",
                "Downgrades undo every other protection.", RS, Verdict.NOT_RUN, "no legacy peer",
                "No peer offering only legacy algorithms is available in this build.", List.of()));
        return results;
    }

    private static ComparisonResults results(List<CallHomeStrategy> strategies, int runs) {
        Map<CallHomeStrategy, ConfigBurden> config = new LinkedHashMap<>();
        Map<CallHomeStrategy, CostRuns> costs = new LinkedHashMap<>();
        Map<CallHomeStrategy, String> algorithms = new LinkedHashMap<>();
        for (CallHomeStrategy strategy : strategies) {
            config.put(strategy, new ConfigBurden(strategy, DEVICES, items(strategy)));
            List<StrategyCosts> each = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                each.add(costs(strategy, run));
            }
            costs.put(strategy, new CostRuns(strategy, each));
            algorithms.put(strategy, "curve25519-sha256 / chacha20-poly1305@openssh.com / (implicit) / ssh-ed25519");
        }
        List<List<CallHomeStrategy>> orders = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            orders.add(strategies);
        }
        RunInfo run = new RunInfo(BUILD, "2025-03-04T10:15:30Z", 84.25, 42, DEVICES, false, runs, strategies, orders,
                "17.0.12+7 (Eclipse Adoptium)", "Linux 6.8.0 amd64", 8, "Apache MINA SSHD 2.14.0",
                Map.of("SunEC", "SunEC version 17", "BC", "BouncyCastle Security Provider v1.78.1"), algorithms);
        return new ComparisonResults(run, config, security(strategies), costs);
    }

    private static List<ConfigItem> items(CallHomeStrategy strategy) {
        if (strategy == RS) {
            return List.of(
                    new ConfigItem(Side.DEVICE, "Device SSH host key (private)", Kind.PRIVATE_KEY, true, true,
                            Origin.GENERATED_ON_DEVICE, 1),
                    new ConfigItem(Side.DEVICE, "NMS call-home address", Kind.ADDRESS, false, false,
                            Origin.CONVEYED_TO_DEVICE, 1),
                    new ConfigItem(Side.DEVICE, "NMS login public key (authorized)", Kind.LOGIN_ACCOUNT, false, false,
                            Origin.CONVEYED_TO_DEVICE, 1),
                    new ConfigItem(Side.NMS, "NMS login key (private)", Kind.PRIVATE_KEY, true, false,
                            Origin.NMS_LOCAL, 1),
                    new ConfigItem(Side.NMS, "Call-home listen port", Kind.ADDRESS, false, false, Origin.NMS_LOCAL, 1),
                    new ConfigItem(Side.NMS, "Device host key (pinned)", Kind.PINNED_KEY, false, true,
                            Origin.LEARNED_FROM_DEVICE, DEVICES));
        }
        return List.of(
                new ConfigItem(Side.DEVICE, "Device client key (private)", Kind.PRIVATE_KEY, true, true,
                        Origin.GENERATED_ON_DEVICE, 1),
                new ConfigItem(Side.DEVICE, "NMS address", Kind.ADDRESS, false, false, Origin.CONVEYED_TO_DEVICE, 1),
                new ConfigItem(Side.DEVICE, "NMS host key (pinned)", Kind.PINNED_KEY, false, false,
                        Origin.CONVEYED_TO_DEVICE, 1),
                new ConfigItem(Side.DEVICE, "Bind account name", Kind.NAME, false, true, Origin.CONVEYED_TO_DEVICE, 1),
                new ConfigItem(Side.NMS, "NMS host key (private)", Kind.PRIVATE_KEY, true, false, Origin.NMS_LOCAL, 1),
                new ConfigItem(Side.NMS, "Device account (login key)", Kind.LOGIN_ACCOUNT, false, true,
                        Origin.LEARNED_FROM_DEVICE, DEVICES));
    }

    /** Run 0 has the round figures the tests quote; later runs drift by a few percent. */
    private static StrategyCosts costs(CallHomeStrategy strategy, int run) {
        boolean rs = strategy == RS;
        Random random = new Random((rs ? 1 : 2) + 10L * run);
        double drift = 1 + 0.03 * run;
        return new StrategyCosts(strategy, DEVICES,
                Latency.of(samples(random, rs ? 38 : 31, 200), "TCP connect to the first rpc-reply, per device."),
                Latency.of(samples(random, rs ? 22 : 19, 200), "TCP connect to the device's hello at the NMS."),
                new Measured((rs ? 4000 : 5000) * drift, "bytes", BYTES_METHOD),
                new Measured(rs ? 7 : 6, "round trips", "Request/response turns seen by the relay until NETCONF."),
                new Measured((rs ? 3.14159 : 2.71828) * drift, "ms",
                        "Process CPU time of the device divided by sessions."),
                new Measured((rs ? 4.5 : 5.25) * drift, "ms", "Process CPU time of the NMS divided by sessions."),
                new Measured(rs ? 61_440 : 57_344, "bytes", "Heap after GC with N idle sessions minus without, / N."),
                Latency.of(samples(random, 0.4, 1000), "get-config round trip on an established session."),
                new Measured(rs ? 2150 : 1200, "ms", "NMS restart until every device had a session again."));
    }

    private static List<Double> samples(Random random, double median, int count) {
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            samples.add(median * Math.exp(random.nextGaussian() * 0.3));
        }
        return samples;
    }
}
