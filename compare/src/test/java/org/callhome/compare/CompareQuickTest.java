package org.callhome.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.callhome.compare.model.TrustModel;
import org.callhome.compare.security.SecurityScenario;
import org.callhome.compare.security.SecurityScenarios;
import org.callhome.shared.cli.BuildInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison as its users run it, with the short profile and two cost runs: {@code compare
 * --quick --repeat 2} writes every report file, opening with findings computed from the run and
 * ending with what ran; under every trust model the run compared, every section has numbers (or
 * verdicts) for every strategy it applies to (tls under pinned keys and X.509), produced by the run itself, and the evidence names no file of the
 * run by its path.
 */
class CompareQuickTest {

    private static final List<String> STRATEGIES = List.of("reverse-ssh", "device-ssh-client", "tls");
    /** The strategies OpenSSH certificates apply to. */
    private static final List<String> SSH = List.of("reverse-ssh", "device-ssh-client");

    @TempDir
    Path dir;

    @Test
    void quickRunWritesEverySectionForEveryStrategy() throws Exception {
        Path out = dir.resolve("report");
        assertEquals(0, CompareMain.run("--quick", "--repeat", "2", "--out", out.toString(), "--work",
                dir.resolve("work").toString()));
        for (String file : List.of("report.md", "report.html", "report.txt", "results.json")) {
            assertTrue(Files.size(out.resolve(file)) > 500, file);
        }
        for (String line : Files.readAllLines(out.resolve("report.txt"), StandardCharsets.UTF_8)) {
            assertTrue(line.length() <= 72, "over 72 columns: " + line);
        }
        JsonObject results = new JsonObject(Files.readString(out.resolve("results.json")));
        assertEquals("callhome-compare/2", results.getString("format"));
        JsonObject run = results.getJsonObject("run");
        assertTrue(run.getBoolean("quick"));
        assertEquals(BuildInfo.current().version(), run.getString("version"));
        assertEquals(BuildInfo.current().commit(), run.getString("commit"));
        assertEquals(2, run.getInteger("repeat"));
        JsonArray orders = run.getJsonArray("measuredOrder");
        assertEquals(2, orders.size());
        List<String> rotated = new ArrayList<>(orders.getJsonArray(0).stream().map(String.class::cast).toList());
        Collections.rotate(rotated, -1);
        assertEquals(rotated, orders.getJsonArray(1).stream().map(String.class::cast).toList(),
                "the second run measures the strategies rotated by one");

        List<String> trustModels = run.getJsonArray("trustModels").stream().map(String.class::cast).toList();
        assertEquals(List.of("pinned", "openssh-cert", "x509"), trustModels, "all three trust models by default");
        JsonObject byTrust = results.getJsonObject("trustModels");
        assertEquals(trustModels, List.copyOf(byTrust.fieldNames()));
        JsonObject pinned = byTrust.getJsonObject("pinned");
        for (String strategy : STRATEGIES) {
            JsonObject config = pinned.getJsonObject("configuration").getJsonObject(strategy);
            assertEquals(1000 + config.getLong("nmsParameters") - 1, config.getLong("nmsValuesFor1000"), strategy);
            String perDevice = strategy.equals("device-ssh-client") ? "LOGIN_ACCOUNT" : "PINNED_KEY";
            assertEquals(1000, config.getJsonObject("nmsValuesByKindFor1000").getLong(perDevice), strategy);
            assertEquals(1, config.getLong("nmsLearnedFromEachDevice"), strategy);
            assertFalse(pinned.getJsonObject("algorithms").getString(strategy).isBlank(), strategy);
        }
        JsonObject certificates = byTrust.getJsonObject("openssh-cert");
        assertFalse(certificates.getJsonObject("configuration").containsKey("tls"), "tls has no OpenSSH certificates");
        assertFalse(certificates.getJsonObject("costs").containsKey("tls"), "tls has no OpenSSH certificates");
        for (String strategy : SSH) {
            // O(1) against O(N): read off the settings the certificate run used, not typed in
            JsonObject config = certificates.getJsonObject("configuration").getJsonObject(strategy);
            assertFalse(config.getBoolean("nmsGrowsWithDevices"), strategy + ": " + config.encode());
            assertEquals(config.getLong("nmsValuesForDevices"), config.getLong("nmsValuesFor1000"), strategy);
            assertEquals(0, config.getLong("nmsPerDeviceValuesFor1000"), strategy);
            assertEquals(0, config.getLong("nmsLearnedFromEachDevice"), strategy);
            assertEquals(1000, config.getLong("nmsOptionalValuesFor1000"), strategy + ": the expected ids");
            assertTrue(pinned.getJsonObject("configuration").getJsonObject(strategy).getBoolean("nmsGrowsWithDevices"),
                    strategy);
            assertTrue(certificates.getJsonObject("algorithms").getString(strategy).contains("-cert-v01@openssh.com"),
                    strategy + " negotiated a certificate host key: " + certificates.getJsonObject("algorithms"));
            JsonObject comparison = results.getJsonObject("trustComparison").getJsonObject(strategy);
            assertEquals("pinned", comparison.getString("baseline"), comparison.encode());
        }
        Map<String, Set<String>> certificateVerdicts = new HashMap<>();
        JsonArray certificateSecurity = certificates.getJsonArray("security");
        for (int i = 0; i < certificateSecurity.size(); i++) {
            JsonObject result = certificateSecurity.getJsonObject(i);
            certificateVerdicts.computeIfAbsent(result.getString("scenario"), k -> new HashSet<>())
                    .add(result.getString("strategy"));
        }
        for (SecurityScenario scenario : SecurityScenarios.forTrust(TrustModel.OPENSSH_CERT)) {
            assertEquals(Set.copyOf(SSH), certificateVerdicts.get(scenario.id()), scenario.id());
        }
        JsonObject x509 = byTrust.getJsonObject("x509");
        for (String strategy : STRATEGIES) {
            JsonObject config = x509.getJsonObject("configuration").getJsonObject(strategy);
            assertFalse(config.getBoolean("nmsGrowsWithDevices"), strategy + ": " + config.encode());
            assertTrue(x509.getJsonObject("algorithms").getString(strategy).contains(strategy.equals("tls")
                    ? "EC P-256" : "x509v3-ecdsa-sha2-nistp256"),
                    strategy + " negotiated an X.509 server key: " + x509.getJsonObject("algorithms"));
        }
        Map<String, Set<String>> x509Verdicts = new HashMap<>();
        JsonArray x509Security = x509.getJsonArray("security");
        for (int i = 0; i < x509Security.size(); i++) {
            JsonObject result = x509Security.getJsonObject(i);
            x509Verdicts.computeIfAbsent(result.getString("scenario"), k -> new HashSet<>())
                    .add(result.getString("strategy"));
        }
        for (SecurityScenario scenario : SecurityScenarios.forTrust(TrustModel.X509)) {
            assertEquals(Set.copyOf(STRATEGIES), x509Verdicts.get(scenario.id()), scenario.id());
        }
        for (String trust : trustModels) {
            JsonObject under = byTrust.getJsonObject(trust);
            checkConfigurationAndCosts(trust, trust.equals("openssh-cert") ? SSH : STRATEGIES,
                    under.getJsonObject("configuration"), under.getJsonObject("costs"));
        }
        assertEquals(trustModels.size() > 1, !results.getJsonObject("trustComparison").isEmpty());

        String tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().toString();
        Map<String, Set<String>> verdicts = new HashMap<>();
        JsonArray security = pinned.getJsonArray("security");
        for (int i = 0; i < security.size(); i++) {
            JsonObject result = security.getJsonObject(i);
            verdicts.computeIfAbsent(result.getString("scenario"), k -> new HashSet<>())
                    .add(result.getString("strategy"));
        }
        for (String trust : trustModels) {
            JsonArray trustSecurity = byTrust.getJsonObject(trust).getJsonArray("security");
            for (int i = 0; i < trustSecurity.size(); i++) {
                JsonObject result = trustSecurity.getJsonObject(i);
                assertFalse(result.getJsonArray("evidence").isEmpty(), result.encode());
                assertFalse(result.getString("summary").isBlank(), result.encode());
                for (Object evidence : result.getJsonArray("evidence")) {
                    for (String foreign : List.of(tmp, dir.toString(), "<testbed>", "OpenFuture", "SessionImpl",
                            "No more authentication methods", "SSH session closed")) {
                        assertFalse(evidence.toString().contains(foreign), "'" + foreign + "' in " + evidence);
                    }
                }
                if ("true".equals(System.getenv("CI"))) {
                    assertNotEquals("NOT_RUN", result.getString("verdict"), "on CI every peer is installed: " + result);
                }
            }
        }
        for (SecurityScenario scenario : SecurityScenarios.all()) {
            assertEquals(Set.copyOf(STRATEGIES), verdicts.get(scenario.id()), scenario.id());
        }
        String text = Files.readString(out.resolve("report.txt"));
        for (SecurityScenario scenario : SecurityScenarios.all()) {
            assertTrue(text.contains(scenario.title()), scenario.id());
        }
        assertTrue(text.startsWith("NETCONF Call Home comparison\n"), text);
        int findingsEnd = text.indexOf("\n2.  ");
        String findings = text.substring(text.indexOf("1.  Findings\n"), findingsEnd).replaceAll("\\s+", " ");
        assertTrue(text.indexOf(".  Configuration burden\n") > findingsEnd, "configuration after the findings");
        for (int i = 0; i < security.size(); i++) {
            JsonObject result = security.getJsonObject(i);
            String shortVerdict = "DIFFERS".equals(result.getString("verdict")) ? result.getString("summary")
                    : result.getString("verdictText") + ": " + result.getString("summary");
            assertTrue(findings.contains("- " + result.getString("strategy") + ": " + shortVerdict),
                    shortVerdict + " missing from the findings:\n" + findings);
        }
        for (String figure : List.of("Setup latency", "NMS CPU per session", "NMS values for 1,000 devices",
                "Security scenarios, under pinned keys", "Costs, under pinned keys",
                "Security scenarios, under OpenSSH certificates", "Costs, under OpenSSH certificates",
                "Configuration, under OpenSSH certificates", "Trust models", "(O(N)) with pinned keys",
                "(O(1)) with OpenSSH certificates", "Security scenarios, under X.509 certificates",
                "Costs, under X.509 certificates")) {
            assertTrue(findings.contains(figure), figure);
        }
        assertTrue(findings.contains("Figures are medians of 2 cost runs per strategy"), findings);
        String runSection = text.substring(text.lastIndexOf(".  Run\n")).replaceAll("\\s+", " ");
        assertTrue(runSection.contains(BuildInfo.current().describe()), runSection);
        assertTrue(runSection.contains("Trust models: pinned (pinned keys)"), runSection);
        assertTrue(runSection.contains("openssh-cert (OpenSSH certificates)"), runSection);
        assertTrue(runSection.contains("x509 (X.509 certificates)"), runSection);
        assertTrue(text.replaceAll("\\s+", " ").contains("Runs: 2 per strategy (--repeat)"),
                "the cost tables say how to read a range");
        for (String file : List.of("report.md", "report.html", "report.txt", "results.json")) {
            String content = Files.readString(out.resolve(file));
            assertFalse(content.contains(dir.toString()), file + " names a file of the run by its path");
            assertFalse(content.contains("see finding"), file);
        }
        assertTrue(Files.readString(out.resolve("report.md")).startsWith("# NETCONF Call Home comparison\n\n"
                + "## Findings\n"));
        checkBootstrap(results.getJsonObject("bootstrap"), out, text, findings);
        JsonObject liveness = results.getJsonObject("tlsLiveness");
        assertTrue(liveness.getBoolean("deviates"), "no TLS heartbeat negotiated: " + liveness.encode());
        assertFalse(liveness.getString("configRefusal").isBlank(), liveness.encode());
        for (String report : List.of("report.txt", "report.md", "report.html")) {
            String content = Files.readString(out.resolve(report)).replaceAll("\\s+", " ");
            assertTrue(content.contains("Liveness (tls)") && content.contains(liveness.getString("configRefusal")
                    .substring(0, 30)), report + " states the keepalive deviation and why");
        }
        JsonArray move = results.getJsonArray("move");
        assertEquals(3, move.size(), "a device moved per strategy: " + move.encodePrettily());
        for (int i = 0; i < move.size(); i++) {
            JsonObject moved = move.getJsonObject(i);
            assertTrue(moved.getBoolean("moved"), moved.encodePrettily());
            assertEquals(3, moved.getInteger("rpcs"), moved.encodePrettily());
            assertTrue(moved.getString("changedPath").endsWith("/tcp-client-parameters/remote-port"),
                    moved.encodePrettily());
        }
        for (String report : List.of("report.txt", "report.md", "report.html")) {
            assertTrue(Files.readString(out.resolve(report)).contains("Moving a device to another NMS"), report);
        }
    }

    /**
     * The bootstrap dimension ran for every strategy under every trust model that applies to it (its security scenarios
     * under pinned keys), and every report has its section.
     */
    private static void checkBootstrap(JsonObject bootstrap, Path out, String text, String findings)
            throws Exception {
        assertTrue(bootstrap != null, "results.json has a bootstrap member");
        assertEquals("pinned", bootstrap.getString("trust"));
        JsonArray zeroTouch = bootstrap.getJsonArray("zeroTouch");
        Set<String> managed = new HashSet<>();
        String md = Files.readString(out.resolve("report.md"));
        for (int i = 0; i < zeroTouch.size(); i++) {
            JsonObject result = zeroTouch.getJsonObject(i);
            String strategy = result.getString("strategy");
            String run = strategy + ", " + result.getString("trust");
            assertTrue(result.getBoolean("managed"), result.encodePrettily());
            managed.add(run);
            assertTrue(result.getLong("bootstrapToManagedMs") > 0, result.encode());
            assertEquals(0, result.getInteger("conveyedSecrets"), result.encode());
            assertTrue(findings.contains("- " + run + ": yes, with no operator step, "
                    + String.format(Locale.ROOT, "%,d", result.getLong("bootstrapToManagedMs"))
                    + " ms from bootstrap data served"), run + " missing from the findings:\n" + findings);
            assertTrue(md.contains("- **Conveyed configuration:** " + result.getInteger("conveyedItems") + " items, "
                    + String.format(Locale.ROOT, "%,d", result.getInteger("conveyedBytes")) + " bytes, 0 secrets"),
                    run);
        }
        // tls has no OpenSSH certificates
        assertEquals(STRATEGIES.stream().flatMap(strategy -> Stream.of("pinned", "openssh-cert", "x509")
                .filter(trust -> SSH.contains(strategy) || !trust.equals("openssh-cert"))
                .map(trust -> strategy + ", " + trust)).collect(Collectors.toSet()), managed);
        Map<String, Set<String>> byScenario = new HashMap<>();
        JsonArray security = bootstrap.getJsonArray("security");
        for (int i = 0; i < security.size(); i++) {
            JsonObject result = security.getJsonObject(i);
            assertEquals("HOLDS", result.getString("verdict"), result.encodePrettily());
            byScenario.computeIfAbsent(result.getString("title"), k -> new HashSet<>())
                    .add(result.getString("strategy"));
        }
        assertEquals(Set.of("Rogue bootstrap server", "Voucher for another serial", "Expired voucher replayed",
                "Stolen IDevID"), byScenario.keySet());
        byScenario.forEach((title, strategies) -> assertEquals(Set.copyOf(STRATEGIES), strategies, title));

        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<section id=\"bootstrap\">\n<h2>Zero-touch bootstrap</h2>"), "html section");
        assertTrue(md.contains("\n## Zero-touch bootstrap\n"), "markdown section");
        assertTrue(text.contains(".  Zero-touch bootstrap\n"), "text section");
        assertTrue(findings.contains("Zero-touch bootstrap"), findings);
        for (String strategy : STRATEGIES) {
            for (String report : List.of(text, md, html)) {
                assertTrue(report.contains("Factory-fresh device: " + strategy + ", under X.509 certificates"),
                        strategy);
            }
        }
        for (String title : byScenario.keySet()) {
            assertTrue(text.contains(title) && md.contains(title) && html.contains(title), title);
        }
        // the reason words observed, in each strategy's column of the verdicts
        for (String word : List.of("owner-not-pinned", "voucher-signature", "voucher-serial-mismatch",
                "voucher-expired")) {
            assertTrue(md.contains(word) && html.contains(word), word);
        }
        String verdicts = md.substring(md.indexOf("\n## Zero-touch bootstrap\n"));
        assertTrue(verdicts.indexOf("| Rogue bootstrap server |") < verdicts.indexOf("\n## Costs"), verdicts);
    }

    /** What every trust model has for each of its strategies: configuration and costs, every figure measured. */
    private static void checkConfigurationAndCosts(String trust, List<String> strategies, JsonObject configuration,
                                                   JsonObject costs) {
        for (String strategy : strategies) {
            String where = trust + ", " + strategy;
            JsonObject config = configuration.getJsonObject(strategy);
            assertTrue(config.getLong("deviceParameters") > 0, where);
            assertTrue(config.getLong("nmsParameters") > 0, where);
            assertFalse(config.getJsonArray("items").isEmpty(), where);

            JsonObject runs = costs.getJsonObject(strategy);
            assertEquals(2, runs.getJsonArray("runs").size(), strategy);
            JsonObject spread = runs.getJsonObject("spread").getJsonObject("setup.p50Ms");
            assertTrue(spread.getDouble("min") <= spread.getDouble("median")
                    && spread.getDouble("median") <= spread.getDouble("max"), spread.encode());
            JsonObject cost = runs.getJsonArray("runs").getJsonObject(1);
            for (String latency : List.of("setup", "handshake", "rpc")) {
                JsonObject distribution = cost.getJsonObject(latency);
                assertTrue(distribution.getLong("count") > 0, strategy + " " + latency);
                assertTrue(distribution.getDouble("p50Ms") > 0, strategy + " " + latency);
                assertEquals(distribution.getLong("count"), distribution.getJsonArray("samplesMs").size());
                assertFalse(distribution.getString("method").isBlank());
            }
            for (String measured : List.of("bytesToNetconf", "roundTrips", "deviceCpuPerSession", "nmsCpuPerSession",
                    "recovery", "nmsCryptoFloor", "nmsCpuToFloor")) {
                JsonObject value = cost.getJsonObject(measured);
                assertTrue(value.getDouble("value") > 0, strategy + " " + measured);
                assertFalse(value.getString("method").isBlank());
            }
            assertTrue(cost.getJsonObject("nmsHeapPerIdleSession").containsKey("value"));
            assertEquals(cost.getJsonObject("nmsCpuPerSession").getDouble("value")
                    / cost.getJsonObject("nmsCryptoFloor").getDouble("value"),
                    cost.getJsonObject("nmsCpuToFloor").getDouble("value"), 1e-9, strategy + " ratio to the floor");
            assertTrue(cost.getJsonObject("nmsCryptoFloor").getString("method").contains(strategy.equals("tls")
                    ? "x25519" : "curve25519-sha256"), cost.getJsonObject("nmsCryptoFloor").getString("method"));
        }
    }
}
