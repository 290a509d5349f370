package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.ConfigBurden;
import org.callhome.compare.model.ConfigItem;
import org.callhome.compare.model.ConfigItem.Kind;
import org.callhome.compare.model.ConfigItem.Origin;
import org.callhome.compare.model.ConfigItem.Side;
import org.callhome.compare.model.CostRuns;
import org.callhome.compare.model.Latency;
import org.callhome.compare.model.LivenessResult;
import org.callhome.compare.model.Measured;
import org.callhome.compare.model.MoveResult;
import org.callhome.compare.model.RunInfo;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.compare.model.StrategyCosts;
import org.callhome.compare.model.TrustModel;
import org.callhome.compare.model.TrustResults;
import org.callhome.shared.cli.BuildInfo;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * Comparison results built by hand, shaped like a real run of ten devices under pinned keys and
 * under OpenSSH certificates: the certificate configurations trade the NMS's per-device keys for
 * CA keys (and an optional list of expected ids), the certificate handshakes cost a little more,
 * and one scenario runs under certificates alone. With tls, as the default run: tls under pinned
 * keys and X.509 certificates only (OpenSSH certificates do not apply to it), cheaper than reverse-ssh
 * on every cost but the RPC latency, and tls's liveness probe, which found no TLS heartbeat.
 */
final class ComparisonFixture {

    static final CallHomeStrategy RS = CallHomeStrategy.REVERSE_SSH;
    static final CallHomeStrategy DSC = CallHomeStrategy.DEVICE_SSH_CLIENT;
    static final CallHomeStrategy TLS = CallHomeStrategy.TLS;
    static final TrustModel PINNED = TrustModel.PINNED;
    static final TrustModel CERT = TrustModel.OPENSSH_CERT;
    static final TrustModel X509 = TrustModel.X509;
    static final List<TrustModel> BOTH_TRUST = List.of(PINNED, CERT);
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
    /** The scenario only certificates have. */
    static final String OTHER_CA = "Certificate signed by another CA";
    /** The name of the NMS's optional list under certificates, in both strategies. */
    static final String EXPECTED_IDS = "expected device ids";
    /** The device CA key the reverse-ssh NMS trusts under certificates. */
    static final String DEVICE_CA = "device CA public key";
    static final String PINNED_ALGORITHMS = "curve25519-sha256 / chacha20-poly1305@openssh.com / (implicit) / "
            + "ssh-ed25519";
    static final String CERT_ALGORITHMS = "curve25519-sha256 / chacha20-poly1305@openssh.com / (implicit) / "
            + "ssh-ed25519-cert-v01@openssh.com";
    static final String X509_ALGORITHMS = "curve25519-sha256 / chacha20-poly1305@openssh.com / (implicit) / "
            + "x509v3-ecdsa-sha2-nistp256";
    static final String TLS_ALGORITHMS = "x25519 / TLS_AES_128_GCM_SHA256 / (implicit) / ecdsa_secp256r1_sha256";
    /** device-client's refusal of a configuration asking for TLS heartbeats, as the probe quotes it. */
    static final String REFUSAL = "TLS heartbeats (RFC 6520) cannot be sent: Java's TLS does not implement them; "
            + "the device tests liveness with TCP keepalives, tcp-client-parameters/keepalives";
    static final String INSTEAD = "TCP keepalives (SO_KEEPALIVE) from the call-home keepalive settings: idle 30 s, "
            + "a probe every 30 s, the connection dropped after 3 unanswered";
    /** tls's liveness as the probe finds it: the ServerHello answers without heartbeat, the reader refuses. */
    static final LivenessResult LIVENESS = new LivenessResult("TLSv1.2", false, List.of(65281, 23, 11), REFUSAL,
            INSTEAD, List.of("sent the device's TLS server a TLS 1.2 ClientHello of 120 bytes offering heartbeat "
                    + "(peer_allowed_to_send) " + HOSTILE,
                    "the device's ServerHello left out the heartbeat extension (15): its extensions were [65281, 23, "
                            + "11] " + LONG_WORD,
                    "the reader refused it: " + REFUSAL));

    /** Each strategy's device moved to another NMS; tls's confirmation failed, and the paths are the trees'. */
    static final List<MoveResult> MOVE = List.of(
            new MoveResult(RS, PINNED, true, 412.3, true, true, 3, 812,
                    "/ietf-netconf-server:netconf-server/call-home/netconf-client/endpoints/endpoint/ssh/"
                            + "tcp-client-parameters/remote-port", List.of("sent through A's API: " + HOSTILE)),
            new MoveResult(DSC, PINNED, true, 1234.5, true, true, 3, 845,
                    "/callhome-device-ssh-client:device-ssh-client/netconf-clients/netconf-client/endpoints/"
                            + "endpoint/tcp-client-parameters/remote-port", List.of("B's registry: connected")),
            new MoveResult(TLS, PINNED, true, -1, false, false, 2, 790,
                    "/ietf-netconf-server:netconf-server/call-home/netconf-client/endpoints/endpoint/tls/"
                            + "tcp-client-parameters/remote-port", List.of("B's registry: not connected " + LONG_WORD)));

    private static final ComparisonResults BOTH = results(List.of(RS, DSC), BOTH_TRUST, 1);
    private static final ComparisonResults REVERSE_SSH_ONLY = results(List.of(RS), BOTH_TRUST, 1);
    private static final ComparisonResults REPEATED = results(List.of(RS, DSC), BOTH_TRUST, 3);
    private static final ComparisonResults PINNED_ONLY = results(List.of(RS, DSC), List.of(PINNED), 1);
    private static final ComparisonResults THREE_TRUST = results(List.of(RS, DSC), List.of(PINNED, CERT, X509), 1);
    private static final List<TrustModel> ALL_TRUST = List.of(PINNED, CERT, X509);
    private static final ComparisonResults THREE_STRATEGIES = withMove(withLiveness(results(List.of(RS, DSC, TLS),
            ALL_TRUST, 1), LIVENESS), MOVE);
    private static final ComparisonResults THREE_REPEATED = withMove(withLiveness(results(List.of(RS, DSC, TLS),
            ALL_TRUST, 3), LIVENESS), MOVE);

    private ComparisonFixture() {
    }

    /** Both strategies under both trust models. */
    static ComparisonResults bothStrategies() {
        return BOTH;
    }

    /** reverse-ssh alone, under both trust models. */
    static ComparisonResults reverseSshOnly() {
        return REVERSE_SSH_ONLY;
    }

    /** Both strategies under pinned keys, OpenSSH and X.509 certificates: the default run. */
    static ComparisonResults threeTrustModels() {
        return THREE_TRUST;
    }

    /**
     * The default run: reverse-ssh, device-ssh-client and tls under pinned keys, OpenSSH and X.509
     * certificates (tls under pinned keys and X.509 certificates only), with tls's liveness probe.
     */
    static ComparisonResults threeStrategies() {
        return THREE_STRATEGIES;
    }

    /** {@link #threeStrategies} with three cost runs each. */
    static ComparisonResults threeStrategiesRepeated() {
        return THREE_REPEATED;
    }

    /** {@code strategies} under pinned keys, OpenSSH and X.509 certificates, with tls's liveness when tls ran. */
    static ComparisonResults strategies(CallHomeStrategy... strategies) {
        ComparisonResults results = results(List.of(strategies), ALL_TRUST, 1);
        return List.of(strategies).contains(TLS) ? withLiveness(results, LIVENESS) : results;
    }

    /** {@code results} with {@code liveness} as tls's liveness probe. */
    static ComparisonResults withLiveness(ComparisonResults results, LivenessResult liveness) {
        return new ComparisonResults(results.run(), results.trustModels(), results.bootstrap(), Optional.of(liveness),
                results.move());
    }

    /** {@code results} with {@code move} as the devices moved to another NMS. */
    static ComparisonResults withMove(ComparisonResults results, List<MoveResult> move) {
        return new ComparisonResults(results.run(), results.trustModels(), results.bootstrap(), results.liveness(),
                move);
    }

    /** Both strategies under pinned keys alone: a run of one trust model. */
    static ComparisonResults pinnedOnly() {
        return PINNED_ONLY;
    }

    /** Both strategies with three cost runs each (--repeat 3), every run's figures a little different. */
    static ComparisonResults repeated() {
        return REPEATED;
    }

    /**
     * {@code results} with the result of {@code scenario} for {@code strategy} under {@code trust}
     * given another verdict and summary.
     */
    static ComparisonResults withVerdict(ComparisonResults results, TrustModel trust, String scenario,
                                         CallHomeStrategy strategy, Verdict verdict, String summary) {
        return with(results, trust, under -> {
            List<SecurityResult> security = under.security().stream()
                    .map(result -> !result.scenario().equals(scenario) || result.strategy() != strategy ? result
                            : new SecurityResult(result.scenario(), result.title(), result.question(),
                                    result.matters(), strategy, verdict, summary, result.finding(), result.evidence()))
                    .toList();
            return new TrustResults(under.trust(), under.config(), security, under.costs(), under.algorithms());
        });
    }

    /** {@code results} with the configuration items of {@code strategy} under {@code trust} changed by {@code change}. */
    static ComparisonResults withItems(ComparisonResults results, TrustModel trust, CallHomeStrategy strategy,
                                       UnaryOperator<ConfigItem> change) {
        return with(results, trust, under -> {
            Map<CallHomeStrategy, ConfigBurden> config = new LinkedHashMap<>(under.config());
            ConfigBurden burden = config.get(strategy);
            config.put(strategy, new ConfigBurden(strategy, burden.devices(),
                    burden.items().stream().map(change).toList()));
            return new TrustResults(under.trust(), config, under.security(), under.costs(), under.algorithms());
        });
    }

    /** {@code item} made one value per device, as an inventory would record it. */
    static ConfigItem perDevice(ConfigItem item) {
        return new ConfigItem(item.side(), item.name(), item.kind(), item.secret(), true, item.origin(),
                item.side() == Side.NMS ? DEVICES : 1, item.optional());
    }

    private static ComparisonResults with(ComparisonResults results, TrustModel trust,
                                          UnaryOperator<TrustResults> change) {
        return new ComparisonResults(results.run(), results.trustModels().stream()
                .map(under -> under.trust() == trust ? change.apply(under) : under).toList(), results.bootstrap(),
                results.liveness(), results.move());
    }

    private static List<SecurityResult> security(List<CallHomeStrategy> strategies, TrustModel trust) {
        List<SecurityResult> results = new ArrayList<>();
        for (CallHomeStrategy strategy : strategies) {
            if (!trust.appliesTo(strategy)) {
                continue;
            }
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
            if (trust != PINNED) {
                results.add(new SecurityResult("certificate-other-ca", OTHER_CA,
                        "Does the NMS refuse a device whose certificate a CA it does not trust signed?",
                        "A CA the NMS does not trust must vouch for nothing.", strategy, Verdict.HOLDS,
                        "other CA refused", "The NMS refused the certificate before any NETCONF message.",
                        List.of("nms event: rejected 'certificate' unknown-ca (" + strategy.wireName() + ")")));
            }
        }
        if (!strategies.contains(RS)) {
            return results;
        }
        results.add(new SecurityResult("tls-downgrade", "Downgrade to a weaker transport",
                "Can an on-path attacker make the session use weaker algorithms than both sides allow?",
                "Downgrades undo every other protection.", RS, Verdict.NOT_RUN, "no legacy peer",
                "No peer offering only legacy algorithms is available in this build.", List.of()));
        return results;
    }

    private static ComparisonResults results(List<CallHomeStrategy> strategies, List<TrustModel> trustModels,
                                             int runs) {
        List<TrustResults> trust = new ArrayList<>();
        for (TrustModel model : trustModels) {
            Map<CallHomeStrategy, ConfigBurden> config = new LinkedHashMap<>();
            Map<CallHomeStrategy, CostRuns> costs = new LinkedHashMap<>();
            Map<CallHomeStrategy, String> algorithms = new LinkedHashMap<>();
            for (CallHomeStrategy strategy : strategies) {
                if (!model.appliesTo(strategy)) {
                    continue;
                }
                config.put(strategy, new ConfigBurden(strategy, DEVICES,
                        strategy == TLS ? tlsItems(model) : model != PINNED ? certificateItems(strategy)
                                : items(strategy)));
                List<StrategyCosts> each = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    each.add(costs(strategy, model, run));
                }
                costs.put(strategy, new CostRuns(strategy, each));
                algorithms.put(strategy, strategy == TLS ? TLS_ALGORITHMS : model == CERT ? CERT_ALGORITHMS
                        : model == X509 ? X509_ALGORITHMS : PINNED_ALGORITHMS);
            }
            trust.add(new TrustResults(model, config, security(strategies, model), costs, algorithms));
        }
        List<List<CallHomeStrategy>> orders = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            orders.add(strategies);
        }
        RunInfo run = new RunInfo(BUILD, "2025-03-04T10:15:30Z", 84.25, 42, DEVICES, false, runs, strategies,
                trustModels, orders, "17.0.12+7 (Eclipse Adoptium)", "Linux 6.8.0 amd64", 8,
                "Apache MINA SSHD 2.14.0",
                Map.of("SunEC", "SunEC version 17", "BC", "BouncyCastle Security Provider v1.78.1"));
        return new ComparisonResults(run, trust);
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

    /**
     * tls: under pinned keys each side holds the other's own certificate (the NMS one per device,
     * learned from it); under X.509 certificates the CA certificates, and the NMS optionally the
     * expected device ids.
     */
    private static List<ConfigItem> tlsItems(TrustModel trust) {
        if (trust == PINNED) {
            return List.of(
                    new ConfigItem(Side.DEVICE, "Device TLS key (private)", Kind.PRIVATE_KEY, true, true,
                            Origin.GENERATED_ON_DEVICE, 1),
                    new ConfigItem(Side.DEVICE, "Device certificate (its own)", Kind.CERTIFICATE, false, true,
                            Origin.GENERATED_ON_DEVICE, 1),
                    new ConfigItem(Side.DEVICE, "NMS call-home address", Kind.ADDRESS, false, false,
                            Origin.CONVEYED_TO_DEVICE, 1),
                    new ConfigItem(Side.DEVICE, "NMS certificate (pinned)", Kind.PINNED_KEY, false, false,
                            Origin.CONVEYED_TO_DEVICE, 1),
                    new ConfigItem(Side.NMS, "NMS TLS key (private)", Kind.PRIVATE_KEY, true, false,
                            Origin.NMS_LOCAL, 1),
                    new ConfigItem(Side.NMS, "NMS certificate", Kind.CERTIFICATE, false, false, Origin.NMS_LOCAL, 1),
                    new ConfigItem(Side.NMS, "Device certificate (pinned)", Kind.PINNED_KEY, false, true,
                            Origin.LEARNED_FROM_DEVICE, DEVICES));
        }
        return List.of(
                new ConfigItem(Side.DEVICE, "Device TLS key (private)", Kind.PRIVATE_KEY, true, true,
                        Origin.GENERATED_ON_DEVICE, 1),
                new ConfigItem(Side.DEVICE, "Device certificate (device CA)", Kind.CERTIFICATE, false, true,
                        Origin.CONVEYED_TO_DEVICE, 1),
                new ConfigItem(Side.DEVICE, "NMS call-home address", Kind.ADDRESS, false, false,
                        Origin.CONVEYED_TO_DEVICE, 1),
                new ConfigItem(Side.DEVICE, "NMS CA certificate", Kind.CA_KEY, false, false,
                        Origin.CONVEYED_TO_DEVICE, 1),
                new ConfigItem(Side.NMS, "NMS TLS key (private)", Kind.PRIVATE_KEY, true, false, Origin.NMS_LOCAL, 1),
                new ConfigItem(Side.NMS, "NMS certificate (NMS CA)", Kind.CERTIFICATE, false, false,
                        Origin.NMS_LOCAL, 1),
                new ConfigItem(Side.NMS, "device CA certificate", Kind.CA_KEY, false, false, Origin.NMS_LOCAL, 1),
                new ConfigItem(Side.NMS, EXPECTED_IDS, Kind.NAME, false, true, Origin.NMS_LOCAL, DEVICES, true));
    }

    /**
     * Under certificates: each side holds its own certificate and the CA keys it trusts, and the
     * NMS's only per-device value is the optional list of expected ids.
     */
    private static List<ConfigItem> certificateItems(CallHomeStrategy strategy) {
        if (strategy == RS) {
            return List.of(
                    new ConfigItem(Side.DEVICE, "Device SSH host key (private)", Kind.PRIVATE_KEY, true, true,
                            Origin.GENERATED_ON_DEVICE, 1),
                    new ConfigItem(Side.DEVICE, "Device host certificate", Kind.CERTIFICATE, false, true,
                            Origin.CONVEYED_TO_DEVICE, 1),
                    new ConfigItem(Side.DEVICE, "NMS call-home address", Kind.ADDRESS, false, false,
                            Origin.CONVEYED_TO_DEVICE, 1),
                    new ConfigItem(Side.DEVICE, "NMS CA (cert-authority for the NMS's account)", Kind.LOGIN_CA, false,
                            false, Origin.CONVEYED_TO_DEVICE, 1),
                    new ConfigItem(Side.DEVICE, "NETCONF account name and role", Kind.NAME, false, false,
                            Origin.CONVEYED_TO_DEVICE, 1),
                    new ConfigItem(Side.NMS, "Call-home listen port", Kind.ADDRESS, false, false, Origin.NMS_LOCAL, 1),
                    new ConfigItem(Side.NMS, DEVICE_CA, Kind.CA_KEY, false, false, Origin.NMS_LOCAL, 1),
                    new ConfigItem(Side.NMS, "NMS login key (private)", Kind.PRIVATE_KEY, true, false,
                            Origin.NMS_LOCAL, 1),
                    new ConfigItem(Side.NMS, "NMS user certificate", Kind.CERTIFICATE, false, false,
                            Origin.NMS_LOCAL, 1),
                    new ConfigItem(Side.NMS, "NMS username on the devices", Kind.NAME, false, false,
                            Origin.NMS_LOCAL, 1),
                    new ConfigItem(Side.NMS, EXPECTED_IDS, Kind.NAME, false, true, Origin.NMS_LOCAL, DEVICES, true));
        }
        return List.of(
                new ConfigItem(Side.DEVICE, "Device client key (private)", Kind.PRIVATE_KEY, true, true,
                        Origin.GENERATED_ON_DEVICE, 1),
                new ConfigItem(Side.DEVICE, "Device user certificate", Kind.CERTIFICATE, false, true,
                        Origin.CONVEYED_TO_DEVICE, 1),
                new ConfigItem(Side.DEVICE, "NMS address", Kind.ADDRESS, false, false, Origin.CONVEYED_TO_DEVICE, 1),
                new ConfigItem(Side.DEVICE, "NMS CA (@cert-authority)", Kind.CA_KEY, false, false,
                        Origin.CONVEYED_TO_DEVICE, 1),
                new ConfigItem(Side.DEVICE, "Bind account name", Kind.NAME, false, true, Origin.CONVEYED_TO_DEVICE, 1),
                new ConfigItem(Side.NMS, "NMS host key (private)", Kind.PRIVATE_KEY, true, false, Origin.NMS_LOCAL, 1),
                new ConfigItem(Side.NMS, "NMS host certificate", Kind.CERTIFICATE, false, false, Origin.NMS_LOCAL, 1),
                new ConfigItem(Side.NMS, "device CA (cert-authority for device logins)", Kind.LOGIN_CA, false, false,
                        Origin.NMS_LOCAL, 1),
                new ConfigItem(Side.NMS, EXPECTED_IDS, Kind.NAME, false, true, Origin.NMS_LOCAL, DEVICES, true));
    }

    /**
     * Run 0 under pinned keys has the round figures the tests quote; under certificates the bytes,
     * the latencies and both CPUs are a little higher, the round trips the same (X.509 chains: more
     * bytes still); later runs drift by a few percent. tls costs less than both SSH strategies: 3,000
     * bytes and 4 round trips under pinned keys, 3,600 bytes with X.509 chains.
     */
    private static StrategyCosts costs(CallHomeStrategy strategy, TrustModel trust, int run) {
        boolean rs = strategy == RS;
        boolean tls = strategy == TLS;
        boolean cert = trust != PINNED;
        Random random = new Random((strategy.ordinal() + 1) + 10L * run + (cert ? 100 : 0));
        double drift = 1 + 0.03 * run;
        double bytes = tls ? (trust == X509 ? 3600 : 3000)
                : trust == X509 ? (rs ? 5800 : 7000) : cert ? (rs ? 4300 : 5600) : (rs ? 4000 : 5000);
        double nmsCpu = (rs ? 4.5 : tls ? 3.6 : 5.25) * (cert ? 1.2 : 1);
        return new StrategyCosts(strategy, DEVICES,
                Latency.of(samples(random, (rs ? 38 : tls ? 26 : 31) + (cert ? 3 : 0), 200),
                        "TCP connect to the first rpc-reply, per device."),
                Latency.of(samples(random, (rs ? 22 : tls ? 15 : 19) + (cert ? 3 : 0), 200),
                        "TCP connect to the device's hello at the NMS."),
                new Measured(bytes * drift, "bytes", BYTES_METHOD),
                new Measured(rs ? 7 : tls ? 4 : 6, "round trips",
                        "Request/response turns seen by the relay until NETCONF."),
                new Measured((rs ? 3.14159 : tls ? 2.0 : 2.71828) * (cert ? 1.25 : 1) * drift, "ms",
                        "Process CPU time of the device divided by sessions."),
                new Measured(nmsCpu * drift, "ms", "Process CPU time of the NMS divided by sessions."),
                new Measured((rs ? 61_440 : tls ? 49_152 : 57_344) + (cert ? 1_024 : 0), "bytes",
                        "Heap after GC with N idle sessions minus without, / N."),
                Latency.of(samples(random, 0.4, 1000), "get-config round trip on an established session."),
                new Measured(rs ? 2150 : tls ? 1500 : 1200, "ms", "NMS restart until every device had a session again."),
                new Measured(0.22, "ms CPU", "X25519 key pair and agreement, one Ed25519 signature and one "
                        + "verification, median CPU time."),
                new Measured(nmsCpu * drift / 0.22, "x", "NMS CPU per session divided by the crypto floor."));
    }

    private static List<Double> samples(Random random, double median, int count) {
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            samples.add(median * Math.exp(random.nextGaussian() * 0.3));
        }
        return samples;
    }
}
