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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.callhome.compare.security.SecurityScenario;
import org.callhome.compare.security.SecurityScenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison as its users run it, with the short profile: {@code compare --quick} writes
 * every report file, and every section has numbers (or verdicts) for both strategies, produced
 * by the run itself.
 */
class CompareQuickTest {

    private static final List<String> STRATEGIES = List.of("reverse-ssh", "device-ssh-client");

    @TempDir
    Path dir;

    @Test
    void quickRunWritesEverySectionForBothStrategies() throws Exception {
        Path out = dir.resolve("report");
        assertEquals(0, CompareMain.run("--quick", "--out", out.toString(), "--work", dir.resolve("work").toString()));
        for (String file : List.of("report.md", "report.html", "report.txt", "results.json")) {
            assertTrue(Files.size(out.resolve(file)) > 500, file);
        }
        for (String line : Files.readAllLines(out.resolve("report.txt"), StandardCharsets.UTF_8)) {
            assertTrue(line.length() <= 72, "over 72 columns: " + line);
        }
        JsonObject results = new JsonObject(Files.readString(out.resolve("results.json")));
        assertTrue(results.getJsonObject("run").getBoolean("quick"));

        JsonObject configuration = results.getJsonObject("configuration");
        JsonObject costs = results.getJsonObject("costs");
        for (String strategy : STRATEGIES) {
            JsonObject config = configuration.getJsonObject(strategy);
            assertTrue(config.getLong("deviceParameters") > 0, strategy);
            assertTrue(config.getLong("nmsParameters") > 0, strategy);
            assertEquals(1000 + config.getLong("nmsParameters") - 1, config.getLong("nmsValuesFor1000"), strategy);
            assertFalse(config.getJsonArray("items").isEmpty());

            JsonObject cost = costs.getJsonObject(strategy);
            for (String latency : List.of("setup", "handshake", "rpc")) {
                JsonObject distribution = cost.getJsonObject(latency);
                assertTrue(distribution.getLong("count") > 0, strategy + " " + latency);
                assertTrue(distribution.getDouble("p50Ms") > 0, strategy + " " + latency);
                assertEquals(distribution.getLong("count"), distribution.getJsonArray("samplesMs").size());
                assertFalse(distribution.getString("method").isBlank());
            }
            for (String measured : List.of("bytesToNetconf", "roundTrips", "deviceCpuPerSession", "nmsCpuPerSession",
                    "recovery")) {
                JsonObject value = cost.getJsonObject(measured);
                assertTrue(value.getDouble("value") > 0, strategy + " " + measured);
                assertFalse(value.getString("method").isBlank());
            }
            assertTrue(cost.getJsonObject("nmsHeapPerIdleSession").containsKey("value"));
        }

        Map<String, Set<String>> verdicts = new HashMap<>();
        JsonArray security = results.getJsonArray("security");
        for (int i = 0; i < security.size(); i++) {
            JsonObject result = security.getJsonObject(i);
            verdicts.computeIfAbsent(result.getString("scenario"), k -> new java.util.HashSet<>())
                    .add(result.getString("strategy"));
            assertFalse(result.getJsonArray("evidence").isEmpty(), result.encode());
            if ("true".equals(System.getenv("CI"))) {
                assertNotEquals("NOT_RUN", result.getString("verdict"), "on CI every peer is installed: " + result);
            }
        }
        for (SecurityScenario scenario : SecurityScenarios.all()) {
            assertEquals(Set.copyOf(STRATEGIES), verdicts.get(scenario.id()), scenario.id());
        }
        String text = Files.readString(out.resolve("report.txt"));
        for (SecurityScenario scenario : SecurityScenarios.all()) {
            assertTrue(text.contains(scenario.title()) || text.contains(scenario.id()), scenario.id());
        }
    }
}
