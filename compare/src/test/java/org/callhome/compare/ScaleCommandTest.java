package org.callhome.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare scale} as its users run it, small: the NMS in its own JVM, a few devices of each
 * strategy in the fleet's, two storms. Every figure is there, positive where it must be, with a
 * method; each goal is held against a figure of the run; bad options are refused before anything
 * starts.
 */
class ScaleCommandTest {

    private static final List<String> FIGURES = List.of("sequentialSetupP50", "sequentialSetupP99", "sustainedRate",
            "cryptoFloor", "nmsCpuPerSession", "nmsJitShare", "nmsCpuRatio", "deviceCpuPerSession", "deviceCpuRatio", "bringUp", "idleHeapPerSession", "idleRssPerSession",
            "nmsThreads", "nmsFds");

    @TempDir
    Path dir;

    @Test
    void aSmallScaleRunWritesEveryFigureForBothStrategies() throws Exception {
        Path out = dir.resolve("report");
        assertEquals(0, CompareMain.run("scale", "--devices", "6", "--dialers", "2", "--seconds", "2",
                "--sequential", "5", "--warm-up", "3", "--max-startups", "64:30:128,2", "--out", out.toString(), "--work",
                dir.resolve("work").toString()));
        JsonObject results = new JsonObject(Files.readString(out.resolve("results.json")));
        assertEquals(6, results.getJsonObject("run").getInteger("devices"));
        JsonArray strategies = results.getJsonArray("strategies");
        assertEquals(3, strategies.size(), "reverse-ssh, device-ssh-client and tls by default");
        for (int i = 0; i < strategies.size(); i++) {
            JsonObject strategy = strategies.getJsonObject(i);
            String name = strategy.getString("strategy");
            JsonObject figures = strategy.getJsonObject("figures");
            for (String id : FIGURES) {
                JsonObject figure = figures.getJsonObject(id);
                assertTrue(figure != null, name + " has no " + id + ": " + figures.fieldNames());
                assertFalse(figure.getString("method").isBlank(), id);
            }
            double ratio = figures.getJsonObject("nmsCpuPerSession").getDouble("value")
                    / figures.getJsonObject("cryptoFloor").getDouble("value");
            assertEquals(ratio, figures.getJsonObject("nmsCpuRatio").getDouble("value"), ratio * 1e-9,
                    "the ratio is of this run's two figures");
            for (String id : List.of("sequentialSetupP50", "sustainedRate", "cryptoFloor", "nmsCpuPerSession",
                    "deviceCpuPerSession", "bringUp", "nmsThreads", "nmsFds")) {
                assertTrue(figures.getJsonObject(id).getDouble("value") > 0, name + " " + id + " " + figures);
            }
            for (String limit : List.of("64:30:128", "2")) {
                double all = figures.getJsonObject("storm[" + limit + "].all").getDouble("value");
                double half = figures.getJsonObject("storm[" + limit + "].half").getDouble("value");
                assertTrue(all > 0 && half <= all, name + " storm " + limit + ": half " + half + ", all " + all);
                assertTrue(figures.getJsonObject("storm[" + limit + "].down").getDouble("value") > 0,
                        name + " storm " + limit + ": the NMS was down for a while");
            }
            assertTrue(figures.getJsonObject("nmsFds").getDouble("value") >= 6,
                    "each idle session holds a descriptor of the NMS");
            assertEquals(5, strategy.getJsonObject("sequentialSetup").getInteger("count"));
            JsonArray goals = strategy.getJsonArray("goals");
            assertEquals(4, goals.size(), name + " goals: setup p50, CPU, heap, fleet back " + goals);
            for (int g = 0; g < goals.size(); g++) {
                JsonObject goal = goals.getJsonObject(g);
                double value = figures.getJsonObject(goal.getString("figure")).getDouble("value");
                assertEquals(value, goal.getDouble("value"), 1e-9, "a goal holds a figure of the run: " + goal);
                assertEquals(goal.getDouble("value") <= goal.getDouble("limit"), goal.getBoolean("met"));
            }
            assertTrue(strategy.getString("algorithms").contains("/"), strategy.getString("algorithms"));
            double byRole = 0;
            for (String role : List.of("sshIo", "netconf", "vertx", "jit", "gc", "other")) {
                JsonObject part = figures.getJsonObject("nmsCpuPerSession." + role);
                assertTrue(part != null && part.getDouble("value") >= 0, name + " NMS CPU of " + role + ": " + part);
                byRole += part.getDouble("value");
            }
            // MINA's threads carry every SSH session, Vert.x's event loops every tls connection
            assertTrue(figures.getJsonObject(name.equals("tls") ? "nmsCpuPerSession.vertx" : "nmsCpuPerSession.sshIo")
                    .getDouble("value") > 0, name + ": the threads that carry its sessions");
            double total = figures.getJsonObject("nmsCpuPerSession").getDouble("value");
            assertTrue(byRole <= total * 1.5 + 1, name + ": the roles' " + byRole + " ms split the NMS's " + total);
        }
        String text = Files.readString(out.resolve("report.txt"), StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            assertTrue(line.length() <= 72, "longer than 72 columns: " + line);
        }
        String markdown = Files.readString(out.resolve("report.md"), StandardCharsets.UTF_8);
        assertTrue(markdown.contains("| NMS CPU per session |"), markdown);
        assertTrue(markdown.contains("## How each figure was measured"), markdown);
    }

    @Test
    void helpExplainsTheRunWithItsTextFormattedAsWritten() {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = CompareMain.run("scale", "--help");
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        String help = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, help);
        assertEquals("", err.toString(StandardCharsets.UTF_8), "no warning about the help's own text");
        assertTrue(help.replaceAll("\\s+", " ").contains("uses under 5% of its CPU over 3 s"), help);
        assertFalse(help.contains("%n"), "every line break of the text is made: " + help);
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingStarts() {
        assertRefused("--dialers must be in 1..--devices", "--devices", "4", "--dialers", "5");
        assertRefused("N or START:RATE:FULL", "--max-startups", "64:30");
        assertRefused("--nms-heap must be a size", "--nms-heap", "lots");
        assertRefused("--strategies: ", "--strategies", "carrier-pigeon");
        assertRefused("--warm-up must not be negative", "--warm-up", "-1");
    }

    private void assertRefused(String reason, String... options) {
        RefusedOptions.assertRefused(dir, "scale", reason, options);
    }
}
