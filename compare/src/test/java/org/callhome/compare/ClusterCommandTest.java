package org.callhome.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare cluster} as its users run it, small: three NMS nodes as one cluster in JVMs of
 * their own, 12 devices of each SSH strategy calling them by random-selection, the node holding the
 * most killed with SIGKILL under RPC load. Every device it held comes back on a survivor, none is
 * shown on the dead node at the end, the RPCs to the survivors' devices and every RPC after the
 * failover are answered 200, and the report files hold the figures; bad options are refused before
 * anything starts.
 */
class ClusterCommandTest {

    private static final int DEVICES = 12;
    private static final Set<String> NODES = Set.of("nms-1", "nms-2", "nms-3");

    @TempDir
    Path dir;

    @Test
    void aKilledNodesDevicesComeBackOnTheSurvivorsAndEveryRpcAfterwardsSucceeds() throws Exception {
        Path out = dir.resolve("report");
        assertEquals(0, CompareMain.run("cluster", "--devices", Integer.toString(DEVICES), "--before", "2", "--after",
                "3", "--out", out.toString(), "--work", dir.resolve("work").toString()));
        JsonObject results = new JsonObject(Files.readString(out.resolve("results.json")));
        assertEquals(DEVICES, results.getJsonObject("run").getInteger("devices"));
        assertEquals(3, results.getJsonObject("run").getInteger("nodes"));
        JsonArray strategies = results.getJsonArray("strategies");
        assertEquals(List.of("reverse-ssh", "device-ssh-client"), strategies.stream()
                .map(strategy -> ((JsonObject) strategy).getString("strategy")).toList(), "both SSH strategies by default");
        for (int i = 0; i < strategies.size(); i++) {
            JsonObject strategy = strategies.getJsonObject(i);
            String name = strategy.getString("strategy");
            String killed = strategy.getString("killed");
            JsonObject figures = strategy.getJsonObject("figures");
            assertTrue(NODES.contains(killed), name + " killed " + killed);

            JsonObject before = strategy.getJsonObject("spreadBefore");
            assertEquals(DEVICES, sum(before), name + ": every device connected before the kill " + before);
            int held = before.getInteger(killed);
            for (String node : before.fieldNames()) {
                assertTrue(before.getInteger(node) <= held, name + ": the killed node held the most " + before);
            }
            assertEquals(held, value(figures, "killedHeld"), 0, name);

            JsonObject after = strategy.getJsonObject("spreadAfter");
            assertEquals(DEVICES, sum(after), name + ": every device back, on a survivor " + after);
            assertFalse(after.containsKey(killed), name + ": no device on the dead node " + after);
            assertEquals(DEVICES, value(figures, "connectedAtEnd"), 0, name + ": both survivors show every device");
            assertEquals(0, value(figures, "onKilledAtEnd"), 0, name + ": neither survivor shows one on " + killed);

            double half = value(figures, "halfBack");
            double p90 = value(figures, "p90Back");
            double all = value(figures, "allBack");
            assertTrue(0 < half && half <= p90 && p90 <= all, name + ": half " + half + ", 90% " + p90 + ", all "
                    + all);
            assertTrue(value(figures, "noneOnKilled") > 0, name);
            double gone = value(figures, "memberGone");
            assertTrue(gone > 0 && gone < 10, name + ": the survivor saw " + killed + " leave within its heartbeat "
                    + "limit and some: " + gone + " s");

            JsonObject rpcs = strategy.getJsonObject("rpcs");
            JsonObject afterRpcs = rpcs.getJsonObject("after");
            assertTrue(afterRpcs.getInteger("sent") > 0, name + ": RPCs were sent after the failover");
            assertEquals(new JsonObject().put("200", afterRpcs.getInteger("sent")), afterRpcs.getJsonObject("outcomes"),
                    name + ": every RPC after the failover answered 200: " + afterRpcs);
            assertEquals(100, value(figures, "rpcOk.after"), 0, name);
            assertEquals(100, value(figures, "rpcOk.failoverOthers"), 0,
                    name + ": RPCs to devices the killed node did not hold all answered 200 during the failover "
                            + rpcs.getJsonObject("failover"));
            assertTrue(rpcs.getJsonObject("before").getInteger("sent") > 0, name);
            // a request routed to the killed node fails when the cluster drops it, not at its timeout
            for (String window : List.of("before", "failover", "after")) {
                assertFalse(rpcs.getJsonObject(window).getJsonObject("outcomes").containsKey("504"),
                        name + ": no RPC waited for its timeout in " + window + ": " + rpcs.getJsonObject(window));
            }

            for (String id : figures.fieldNames()) {
                assertFalse(figures.getJsonObject(id).getString("method").isBlank(), name + " " + id);
            }
        }
        String markdown = Files.readString(out.resolve("report.md"), StandardCharsets.UTF_8);
        for (String part : List.of("## What one run means", "| all its devices back on a survivor |",
                "| RPCs answered 200, after all were back |", "## Devices per node", "## RPC outcomes by window",
                "## How each figure was measured", "(killed)")) {
            assertTrue(markdown.contains(part), "report.md has " + part + ":\n" + markdown);
        }
        String text = Files.readString(out.resolve("report.txt"), StandardCharsets.UTF_8);
        assertTrue(text.contains("all its devices back on a survivor"), text);
        for (String line : text.split("\n")) {
            assertTrue(line.length() <= 72, "longer than 72 columns: " + line);
        }
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingStarts() {
        assertRefused("--devices must be at least 1", "--devices", "0");
        assertRefused("--rpc-rate must be in (0, 1000]", "--rpc-rate", "0");
        assertRefused("--max-attempts must be in 1..255", "--max-attempts", "0");
        assertRefused("--before and --after must be positive", "--after", "0");
        assertRefused("--nms-heap must be a size", "--nms-heap", "lots");
        assertRefused("--strategies: ", "--strategies", "carrier-pigeon");
    }

    private static int sum(JsonObject counts) {
        return counts.fieldNames().stream().mapToInt(counts::getInteger).sum();
    }

    private static double value(JsonObject figures, String id) {
        JsonObject figure = figures.getJsonObject(id);
        assertTrue(figure != null, "no figure " + id + ": " + figures.fieldNames());
        return figure.getDouble("value");
    }

    private void assertRefused(String reason, String... options) {
        RefusedOptions.assertRefused(dir, "cluster", reason, options);
    }
}
