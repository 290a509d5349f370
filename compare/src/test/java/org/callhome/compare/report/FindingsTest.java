package org.callhome.compare.report;

import static org.callhome.compare.report.ComparisonFixture.DSC;
import static org.callhome.compare.report.ComparisonFixture.RS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The findings section every report opens with, and the run details every report ends with. */
class FindingsTest {

    private static final String RS_ROGUE = RS.wireName() + ": holds: refused <&>";
    private static final String DSC_ROGUE = DSC.wireName() + ": holds: refused <&>";

    @TempDir
    Path dir;

    @Test
    void textReportOpensWithTheFindingsOfBothStrategies() throws IOException {
        String text = written(ComparisonFixture.bothStrategies(), "report.txt");

        String title = Headings.TITLE + "\n" + "=".repeat(Headings.TITLE.length()) + "\n\n";
        assertTrue(text.startsWith(title + "1.  " + Headings.FINDINGS + "\n"), text);
        assertHas(flowing(textFindings(text)), "- " + RS_ROGUE, "- " + DSC_ROGUE,
                RS.wireName() + ": fails: copy logs in", DSC.wireName() + ": copy passes as the device",
                Headings.WHY + ": " + ComparisonFixture.ROGUE_NMS_MATTERS,
                "Same outcome for both: Rogue NMS on the call-home address.",
                "The strategies differ in: Stolen device key replayed from another address.",
                "Not run for every strategy: Downgrade to a weaker transport.");
    }

    @Test
    void markdownAndHtmlOpenWithTheSameFindingsEscaped() throws IOException {
        ReportWriter.write(ComparisonFixture.bothStrategies(), dir);

        String markdown = Files.readString(dir.resolve("report.md"));
        assertTrue(markdown.startsWith("# " + Headings.TITLE + "\n\n## " + Headings.FINDINGS + "\n"), markdown);
        String mdFindings = markdown.substring(0, markdown.indexOf("\n## " + Headings.CONFIGURATION + "\n"));
        assertTrue(mdFindings.contains("  - " + MarkdownReport.inline(RS_ROGUE) + "\n"), mdFindings);
        assertTrue(mdFindings.contains("  - " + MarkdownReport.inline(DSC_ROGUE) + "\n"), mdFindings);

        String html = Files.readString(dir.resolve("report.html"));
        int findings = html.indexOf("<section id=\"findings\">");
        assertTrue(findings > 0 && findings == html.indexOf("<section"), "findings is the first section");
        String htmlFindings = html.substring(findings, html.indexOf("<section id=\"configuration\">"));
        assertTrue(htmlFindings.contains("<li>" + Html.escape(RS_ROGUE) + "</li>"), htmlFindings);
        assertTrue(htmlFindings.contains("<li>" + Html.escape(DSC_ROGUE) + "</li>"), htmlFindings);
    }

    @Test
    void changingAVerdictChangesThatScenariosSummaryLine() throws IOException {
        ComparisonResults changed = ComparisonFixture.withVerdict(ComparisonFixture.bothStrategies(), "rogue-nms",
                DSC, Verdict.FAILS, "rogue read the device's configuration");

        String findings = flowing(textFindings(written(changed, "report.txt")));

        assertHas(findings, "- " + RS_ROGUE, "- " + DSC.wireName() + ": fails: rogue read the device's configuration",
                "The strategies differ in: Rogue NMS on the call-home address, Stolen device");
        assertFalse(findings.contains(DSC_ROGUE), findings);
        assertFalse(findings.contains("Same outcome for both"), findings);
    }

    @Test
    void verdictTablesCarryAShortVerdictInEveryCell() throws IOException {
        ReportWriter.write(ComparisonFixture.bothStrategies(), dir);

        for (String report : List.of("report.txt", "report.md", "report.html")) {
            assertFalse(Files.readString(dir.resolve(report)).contains("see finding"), report);
        }
        assertTrue(Files.readString(dir.resolve("report.md")).contains("| Stolen device key replayed from another "
                + "address | fails: copy logs in | copy passes as the device |"));
    }

    @Test
    void configurationSeparatesPinnedKeysFromLoginAccounts() throws IOException {
        ComparisonResults results = ComparisonFixture.bothStrategies();
        String text = written(results, "report.txt");

        String findings = flowing(textFindings(text));
        assertTrue(findings.contains(RS.wireName() + ": 1,002 = 1,000 pinned public keys (grant nothing), "
                + "1 address, 1 private key"), findings);
        assertTrue(findings.contains(DSC.wireName() + ": 1,001 = 1,000 login accounts (grant a login), "
                + "1 private key"), findings);
        assertTrue(findings.contains("login accounts on the NMS: reverse-ssh 0, device-ssh-client 1,000"), findings);
        String kinds = text.substring(text.indexOf(Headings.KINDS), text.indexOf(Headings.GROWTH));
        assertTrue(kinds.contains("Kind (10 devices)") && kinds.contains("Kind (1,000 devices)"), kinds);
        assertTrue(kinds.lines().anyMatch(line -> line.matches(" *pinned public key \\(grants nothing\\) +1,000 +0")),
                kinds);
        assertTrue(kinds.lines().anyMatch(line -> line.matches(" *login account \\(grants a login\\) +0 +1,000")),
                kinds);

        JsonObject json = new JsonObject(Files.readString(dir.resolve("results.json")));
        JsonObject dsc = json.getJsonObject("configuration").getJsonObject(DSC.wireName());
        assertEquals(1000, dsc.getJsonObject("nmsValuesByKindFor1000").getLong("LOGIN_ACCOUNT"));
        assertEquals(1000, dsc.getLong("nmsLoginsFor1000"));
        assertEquals("LOGIN_ACCOUNT", dsc.getJsonArray("items").getJsonObject(5).getString("kind"));
    }

    @Test
    void costsAreComparedByTheStatedRule() throws IOException {
        String findings = flowing(textFindings(written(ComparisonFixture.bothStrategies(), "report.txt")));

        assertTrue(findings.contains("device-ssh-client 1.25x reverse-ssh (5,000 vs 4,000 bytes): "
                + "device-ssh-client 25% higher"), findings);
        assertTrue(findings.contains("device-ssh-client 0.86x reverse-ssh (6.0 vs 7.0 round trips): "
                + "device-ssh-client 14% lower"), findings);
        assertTrue(findings.contains("device-ssh-client 0.93x reverse-ssh (57,344 vs 61,440 bytes): "
                + "about the same (within 10%)"), findings);
        assertTrue(findings.contains(CostComparison.RULE), findings);
        assertTrue(findings.contains("One cost run per strategy"), findings);
    }

    @Test
    void repeatedRunsShowMedianAndRangeEverywhere() throws IOException {
        String text = written(ComparisonFixture.repeated(), "report.txt");

        text.lines().forEach(line -> assertTrue(line.length() <= 72, "too long: '" + line + "'"));
        String flowing = flowing(text);
        assertTrue(flowing.contains("Figures are medians of 3 cost runs per strategy"), flowing);
        assertTrue(flowing.contains("(5,150 vs 4,120 bytes; runs 5,000-5,300 vs 4,000-4,240)"), flowing);
        assertTrue(flowing.contains("Runs: 3 per strategy (--repeat)"), flowing);
        assertTrue(flowing.contains("4,120 bytes 5,150 bytes 1.25 (4,000-4,240) (5,000-5,300)"), flowing);
        assertTrue(flowing.contains("value 7.0 round trips 6.0 round trips 0.86 Method"),
                "no range where all runs agree");
        for (String report : List.of("report.md", "report.html")) {
            assertTrue(Files.readString(dir.resolve(report)).contains("4,120 bytes (4,000-4,240)"), report);
        }
        JsonObject rs = new JsonObject(Files.readString(dir.resolve("results.json"))).getJsonObject("costs")
                .getJsonObject(RS.wireName());
        assertEquals(3, rs.getInteger("repeat"));
        assertEquals(3, rs.getJsonArray("runs").size());
        JsonObject bytes = rs.getJsonObject("spread").getJsonObject("bytesToNetconf");
        assertEquals(4000, bytes.getDouble("min"), 1e-9);
        assertEquals(4120, bytes.getDouble("median"), 1e-9);
        assertEquals(4240, bytes.getDouble("max"), 1e-9);
        assertTrue(rs.getJsonObject("spread").containsKey("setup.p50Ms"));
    }

    @Test
    void oneRunShowsNoRanges() throws IOException {
        String text = written(ComparisonFixture.bothStrategies(), "report.txt");

        assertFalse(flowing(text).contains("Runs: "), text);
        assertFalse(text.contains("4,000 bytes ("), text);
    }

    @Test
    void runDetailsWithVersionAndCommitComeLast() throws IOException {
        ReportWriter.write(ComparisonFixture.bothStrategies(), dir);
        String version = ComparisonFixture.BUILD.describe();

        String text = Files.readString(dir.resolve("report.txt"));
        String run = text.substring(text.lastIndexOf(".  " + Headings.RUN + "\n"));
        assertFalse(run.contains(".  " + Headings.COSTS), "nothing after the run details");
        assertTrue(run.contains("Version:") && run.contains(version), run);
        String markdown = Files.readString(dir.resolve("report.md"));
        assertTrue(markdown.lastIndexOf("\n## ") == markdown.indexOf("\n## " + Headings.RUN + "\n"), "run is last");
        assertTrue(markdown.substring(markdown.lastIndexOf("\n## ")).contains(version));
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.lastIndexOf("<section") == html.indexOf("<section id=\"run\">"), "run is last");
        JsonObject run1 = new JsonObject(Files.readString(dir.resolve("results.json"))).getJsonObject("run");
        assertEquals("9.9.9-TEST", run1.getString("version"));
        assertEquals("abc1234", run1.getString("commit"));
    }

    private String written(ComparisonResults results, String name) throws IOException {
        ReportWriter.write(results, dir);
        return Files.readString(dir.resolve(name));
    }

    /** The findings section of report.txt: from its heading to the next section's. */
    private static String textFindings(String text) {
        return text.substring(text.indexOf("1.  " + Headings.FINDINGS), text.indexOf("2.  " + Headings.CONFIGURATION));
    }

    private static void assertHas(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), "'" + part + "' missing from: " + text);
        }
    }

    private static String flowing(String text) {
        return text.replaceAll("\\s+", " ");
    }
}
