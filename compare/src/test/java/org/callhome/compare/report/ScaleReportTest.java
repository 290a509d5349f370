package org.callhome.compare.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.callhome.compare.model.Latency;
import org.callhome.compare.model.Measured;
import org.callhome.compare.model.ScaleResults;
import org.callhome.compare.model.ScaleResults.Figure;
import org.callhome.compare.model.ScaleResults.Goal;
import org.callhome.compare.model.ScaleResults.StrategyScale;
import org.callhome.shared.cli.BuildInfo;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scale report renders what the results hold: goals met or not, figures side by side, each method once. */
class ScaleReportTest {

    @TempDir
    Path dir;

    @Test
    void goalsSayMetOrNotMetAndFiguresStandSideBySide() throws Exception {
        ScaleResults results = fixture();
        String text = ScaleReport.text(results);
        assertTrue(text.contains("2.40 (met)"), text);
        assertTrue(text.contains("61.0 (not met)"), text);
        for (String line : text.split("\n")) {
            assertTrue(line.length() <= 72, "longer than 72 columns: " + line);
        }
        String markdown = ScaleReport.markdown(results);
        assertTrue(markdown.contains("| NMS heap per idle session | 61.0 | 38.0 | KiB |"), markdown);
        assertEquals(1, markdown.split("\\*\\*NMS heap per idle session\\*\\*", -1).length - 1,
                "one method line per figure: " + markdown);
        assertTrue(markdown.contains("(device-ssh-client: heap with 2000 sessions, other)"),
                "a method that differs per strategy is shown for each: " + markdown);
    }

    @Test
    void resultsJsonKeysEveryFigureByItsIdAndEveryGoalByItsFigure() throws Exception {
        ScaleReport.write(fixture(), dir);
        JsonObject json = new JsonObject(Files.readString(dir.resolve("results.json")));
        JsonObject reverse = json.getJsonArray("strategies").getJsonObject(0);
        assertEquals(61.0, reverse.getJsonObject("figures").getJsonObject("idleHeapPerSession").getDouble("value"));
        assertEquals(false, reverse.getJsonArray("goals").getJsonObject(1).getBoolean("met"));
        assertTrue(Files.size(dir.resolve("report.md")) > 300);
        assertTrue(Files.size(dir.resolve("report.txt")) > 300);
    }

    private static ScaleResults fixture() {
        ScaleResults.ScaleRunInfo run = new ScaleResults.ScaleRunInfo(new BuildInfo("1.0", "abc", false),
                "2026-12-05T00:00:00Z", 600, 2000, 16, 10, 300, List.of("64:30:128"), "1g", "OpenJDK 17", "Linux",
                2, "Apache MINA SSHD 2.20.0", Map.of("Ed25519 signature", "BC"));
        return new ScaleResults(run, List.of(strategy(CallHomeStrategy.REVERSE_SSH, 2.4, 61, "heap with 2000 sessions"),
                strategy(CallHomeStrategy.DEVICE_SSH_CLIENT, 1.9, 38, "heap with 2000 sessions, other")));
    }

    private static StrategyScale strategy(CallHomeStrategy strategy, double ratio, double heap, String heapMethod) {
        List<Figure> figures = List.of(
                new Figure("nmsCpuRatio", "NMS CPU per session / crypto floor", new Measured(ratio, "x", "ratio")),
                new Figure("idleHeapPerSession", "NMS heap per idle session", new Measured(heap, "KiB", heapMethod)));
        List<Goal> goals = List.of(new Goal("NMS CPU per session <= 3x its crypto floor", "nmsCpuRatio", ratio, 3),
                new Goal("<= 50 KiB NMS heap per idle session", "idleHeapPerSession", heap, 50));
        return new StrategyScale(strategy, "curve25519-sha256 / aes256-gcm@openssh.com / aead / ssh-ed25519", figures,
                Latency.of(List.of(3.0, 4.0, 5.0), "sequential"), goals);
    }
}
