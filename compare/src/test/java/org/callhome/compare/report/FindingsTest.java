package org.callhome.compare.report;

import static org.callhome.compare.report.ComparisonFixture.CERT;
import static org.callhome.compare.report.ComparisonFixture.DSC;
import static org.callhome.compare.report.ComparisonFixture.PINNED;
import static org.callhome.compare.report.ComparisonFixture.RS;
import static org.callhome.compare.report.ComparisonFixture.TLS;
import static org.callhome.compare.report.ComparisonFixture.X509;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.LivenessResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.compare.model.TrustModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The findings section every report opens with, one group per part and trust model, and the run
 * details every report ends with.
 */
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
        String findings = flowing(textFindings(text));
        for (TrustModel trust : List.of(PINNED, CERT)) {
            assertHas(group(findings, Headings.under(Headings.FINDINGS_SECURITY, trust)), "- " + RS_ROGUE,
                    "- " + DSC_ROGUE, RS.wireName() + ": fails: copy logs in",
                    DSC.wireName() + ": copy passes as the device",
                    Headings.WHY + ": " + ComparisonFixture.ROGUE_NMS_MATTERS,
                    "The strategies differ in: Stolen device key replayed from another address.",
                    "Not run for every strategy: Downgrade to a weaker transport.");
        }
        assertHas(group(findings, Headings.under(Headings.FINDINGS_SECURITY, PINNED)),
                "Same outcome for both: Rogue NMS on the call-home address.");
        assertHas(group(findings, Headings.under(Headings.FINDINGS_SECURITY, CERT)),
                "Same outcome for both: Rogue NMS on the call-home address, " + ComparisonFixture.OTHER_CA + ".");
        assertInOrder(text, "1.1.  " + Headings.FINDINGS_TRUST + "\n",
                "1.2.  " + Headings.under(Headings.FINDINGS_SECURITY, PINNED),
                "1.3.  " + Headings.under(Headings.FINDINGS_SECURITY, CERT),
                "1.4.  " + Headings.under(Headings.FINDINGS_CONFIGURATION, PINNED),
                "1.5.  " + Headings.under(Headings.FINDINGS_CONFIGURATION, CERT),
                "1.6.  " + Headings.under(Headings.FINDINGS_COSTS, PINNED),
                "1.7.  " + Headings.under(Headings.FINDINGS_COSTS, CERT));
    }

    @Test
    void markdownAndHtmlOpenWithTheSameFindingsEscaped() throws IOException {
        ReportWriter.write(ComparisonFixture.bothStrategies(), dir);

        String markdown = Files.readString(dir.resolve("report.md"));
        assertTrue(markdown.startsWith("# " + Headings.TITLE + "\n\n## " + Headings.FINDINGS + "\n"), markdown);
        String mdFindings = markdown.substring(0, markdown.indexOf("\n## " + Headings.TRUST_MODELS + "\n"));
        assertTrue(mdFindings.contains("  - " + MarkdownReport.inline(RS_ROGUE) + "\n"), mdFindings);
        assertTrue(mdFindings.contains("  - " + MarkdownReport.inline(DSC_ROGUE) + "\n"), mdFindings);

        String html = Files.readString(dir.resolve("report.html"));
        int findings = html.indexOf("<section id=\"findings\">");
        assertTrue(findings > 0 && findings == html.indexOf("<section"), "findings is the first section");
        String htmlFindings = html.substring(findings, html.indexOf("<section id=\"trust-models\">"));
        assertTrue(htmlFindings.contains("<li>" + Html.escape(RS_ROGUE) + "</li>"), htmlFindings);
        assertTrue(htmlFindings.contains("<li>" + Html.escape(DSC_ROGUE) + "</li>"), htmlFindings);
    }

    @Test
    void changingAVerdictChangesThatScenariosSummaryLine() throws IOException {
        ComparisonResults changed = ComparisonFixture.withVerdict(ComparisonFixture.bothStrategies(), PINNED,
                "rogue-nms", DSC, Verdict.FAILS, "rogue read the device's configuration");

        String all = flowing(textFindings(written(changed, "report.txt")));
        String findings = group(all, Headings.under(Headings.FINDINGS_SECURITY, PINNED));

        assertHas(findings, "- " + RS_ROGUE, "- " + DSC.wireName() + ": fails: rogue read the device's configuration",
                "The strategies differ in: Rogue NMS on the call-home address, Stolen device");
        assertFalse(findings.contains(DSC_ROGUE), findings);
        assertFalse(findings.contains("Same outcome for both"), findings);
        String certificates = group(all, Headings.under(Headings.FINDINGS_SECURITY, CERT));
        assertHas(certificates, "- " + DSC_ROGUE, "Same outcome for both: Rogue NMS on the call-home address");
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

        String findings = group(flowing(textFindings(text)), Headings.under(Headings.FINDINGS_CONFIGURATION, PINNED));
        assertTrue(findings.contains(RS.wireName() + ": 1,002 = 1,000 pinned public keys (grant nothing), "
                + "1 address, 1 private key"), findings);
        assertTrue(findings.contains(DSC.wireName() + ": 1,001 = 1,000 login accounts (grant a login), "
                + "1 private key"), findings);
        assertTrue(findings.contains("values granting a login on the NMS: reverse-ssh 0, device-ssh-client 1,000"),
                findings);
        String kinds = text.substring(text.indexOf(Headings.KINDS), text.indexOf(Headings.GROWTH));
        assertTrue(kinds.contains("Kind (10 devices)") && kinds.contains("Kind (1,000 devices)"), kinds);
        assertTrue(kinds.lines().anyMatch(line -> line.matches(" *pinned public key \\(grants nothing\\) +1,000 +0")),
                kinds);
        assertTrue(kinds.lines().anyMatch(line -> line.matches(" *login account \\(grants a login\\) +0 +1,000")),
                kinds);

        JsonObject json = new JsonObject(Files.readString(dir.resolve("results.json")));
        JsonObject dsc = configuration(json, PINNED).getJsonObject(DSC.wireName());
        assertEquals(1000, dsc.getJsonObject("nmsValuesByKindFor1000").getLong("LOGIN_ACCOUNT"));
        assertEquals(1000, dsc.getLong("nmsLoginsFor1000"));
        assertEquals("LOGIN_ACCOUNT", dsc.getJsonArray("items").getJsonObject(5).getString("kind"));
    }

    @Test
    void certificatesTradePerDeviceKeysForCaKeysAndAnOptionalList() throws IOException {
        ComparisonResults results = ComparisonFixture.bothStrategies();
        String text = written(results, "report.txt");

        String findings = group(flowing(textFindings(text)), Headings.under(Headings.FINDINGS_CONFIGURATION, CERT));
        assertTrue(findings.contains(RS.wireName() + ": 5 = 1 address, 1 name, 1 private key, 1 certificate, "
                + "1 CA public key (vouches for many), plus 1,000 optional (" + ComparisonFixture.EXPECTED_IDS + ")"),
                findings);
        assertTrue(findings.contains(DSC.wireName() + ": 3 = 1 private key, 1 certificate, "
                + "1 login CA (grants a login to every key it certifies), plus 1,000 optional"), findings);
        assertTrue(findings.contains("values granting a login on the NMS: reverse-ssh 0, device-ssh-client 1"),
                findings);
        int certificates = text.indexOf(Headings.under(CERT), text.indexOf(".  " + Headings.CONFIGURATION + "\n"));
        String kinds = text.substring(text.indexOf(Headings.KINDS, certificates),
                text.indexOf(Headings.GROWTH, certificates));
        assertTrue(kinds.lines().anyMatch(line -> line.matches(" *CA public key \\(vouches for many\\) +1 +0")),
                kinds);
        assertTrue(Files.readString(dir.resolve("report.md"))
                .contains("| login CA (grants a login to every key it certifies) | 0 | 1 |"));
        String items = text.substring(text.indexOf(Headings.ITEMS + ": " + RS.wireName(), certificates));
        assertTrue(items.contains("(optional)"), items);
        assertTrue(Files.readString(dir.resolve("report.md")).contains("| nms | " + ComparisonFixture.EXPECTED_IDS
                + " (optional) | name | no | yes | set up on the NMS |"));

        JsonObject rs = configuration(new JsonObject(Files.readString(dir.resolve("results.json"))), CERT)
                .getJsonObject(RS.wireName());
        assertEquals(5, rs.getLong("nmsValuesFor1000"));
        assertEquals(1000, rs.getLong("nmsOptionalValuesFor1000"));
        assertEquals(1, rs.getLong("nmsOptionalParameters"));
        assertEquals(0, rs.getLong("nmsUniquePerDevice"), "the optional list is not a value the NMS needs");
        assertEquals(1, rs.getJsonObject("nmsValuesByKindFor1000").getLong("CA_KEY"));
        JsonObject expected = rs.getJsonArray("items").getJsonObject(10);
        assertEquals(ComparisonFixture.EXPECTED_IDS, expected.getString("name"));
        assertTrue(expected.getBoolean("optional"));
        assertFalse(rs.getJsonArray("items").getJsonObject(0).getBoolean("optional"));
    }

    @Test
    void costsAreComparedByTheStatedRule() throws IOException {
        String all = flowing(textFindings(written(ComparisonFixture.bothStrategies(), "report.txt")));
        String findings = group(all, Headings.under(Headings.FINDINGS_COSTS, PINNED));

        assertTrue(findings.contains("device-ssh-client 1.25x reverse-ssh (5,000 vs 4,000 bytes): "
                + "device-ssh-client 25% higher"), findings);
        assertTrue(findings.contains("device-ssh-client 0.86x reverse-ssh (6.0 vs 7.0 round trips): "
                + "device-ssh-client 14% lower"), findings);
        assertTrue(findings.contains("device-ssh-client 0.93x reverse-ssh (57,344 vs 61,440 bytes): "
                + "about the same (within 10%)"), findings);
        assertTrue(findings.contains(CostComparison.RULE), findings);
        assertTrue(findings.contains("One cost run per strategy"), findings);
        String certificates = group(all, Headings.under(Headings.FINDINGS_COSTS, CERT));
        assertTrue(certificates.contains("device-ssh-client 1.30x reverse-ssh (5,600 vs 4,300 bytes): "
                + "device-ssh-client 30% higher"), certificates);
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
        JsonObject rs = new JsonObject(Files.readString(dir.resolve("results.json"))).getJsonObject("trustModels")
                .getJsonObject(PINNED.wireName()).getJsonObject("costs").getJsonObject(RS.wireName());
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
        assertEquals(List.of(PINNED.wireName(), CERT.wireName()), run1.getJsonArray("trustModels").getList());
        assertFalse(run1.containsKey("algorithms"), "the algorithms are each trust model's");
    }

    @Test
    void runDetailsNameTheTrustModelsAndTheAlgorithmsOfEach() throws IOException {
        String text = flowing(runSection(written(ComparisonFixture.bothStrategies(), "report.txt")));
        assertTrue(text.contains("Trust models: pinned (pinned keys), openssh-cert (OpenSSH certificates)"), text);
        String markdown = Files.readString(dir.resolve("report.md"));
        String run = markdown.substring(markdown.indexOf("\n## " + Headings.RUN + "\n"));

        assertInOrder(run, MarkdownReport.inline("Algorithms (pinned, reverse-ssh)") + ":** "
                        + MarkdownReport.inline(ComparisonFixture.PINNED_ALGORITHMS),
                MarkdownReport.inline("Algorithms (pinned, device-ssh-client)") + ":** "
                        + MarkdownReport.inline(ComparisonFixture.PINNED_ALGORITHMS),
                MarkdownReport.inline("Algorithms (openssh-cert, reverse-ssh)") + ":** "
                        + MarkdownReport.inline(ComparisonFixture.CERT_ALGORITHMS),
                MarkdownReport.inline("Algorithms (openssh-cert, device-ssh-client)") + ":** "
                        + MarkdownReport.inline(ComparisonFixture.CERT_ALGORITHMS));
        JsonObject algorithms = new JsonObject(Files.readString(dir.resolve("results.json")))
                .getJsonObject("trustModels").getJsonObject(CERT.wireName()).getJsonObject("algorithms");
        assertEquals(ComparisonFixture.CERT_ALGORITHMS, algorithms.getString(RS.wireName()));
    }

    @Test
    void threeStrategiesAreComparedWithAllThreeWordingWhereTheyAgree() throws IOException {
        String findings = flowing(textFindings(written(ComparisonFixture.threeStrategies(), "report.txt")));

        String pinned = group(findings, Headings.under(Headings.FINDINGS_SECURITY, PINNED));
        assertHas(pinned, "Same outcome for all three: Rogue NMS on the call-home address.",
                "- " + TLS.wireName() + ": holds: refused <&>", "- " + TLS.wireName() + ": copy passes as the device",
                "The strategies differ in: Stolen device key replayed from another address.");
        assertHas(group(findings, Headings.under(Headings.FINDINGS_SECURITY, CERT)),
                "Same outcome for both: Rogue NMS on the call-home address, " + ComparisonFixture.OTHER_CA + ".");
        assertHas(group(findings, Headings.under(Headings.FINDINGS_SECURITY, X509)),
                "Same outcome for all three: Rogue NMS on the call-home address, " + ComparisonFixture.OTHER_CA + ".");
        assertHas(group(findings, Headings.under(Headings.FINDINGS_CONFIGURATION, PINNED)),
                "- tls: 4 (1 secret, 2 unique per device) - device-ssh-client needs 1 more than reverse-ssh "
                        + "- tls needs 1 more than reverse-ssh",
                "- tls: 2 items, 0 of them secret - device-ssh-client needs 1 more than reverse-ssh - tls needs the "
                        + "same number as reverse-ssh",
                "- tls: 1,002 = 1,000 pinned public keys (grant nothing), 1 private key, 1 certificate",
                "different counts, different risk: values granting a login on the NMS: reverse-ssh 0, "
                        + "device-ssh-client 1,000, tls 0");
        assertHas(group(findings, Headings.under(Headings.FINDINGS_CONFIGURATION, X509)),
                "- reverse-ssh needs 1 more than tls");
        assertHas(group(findings, Headings.under(Headings.FINDINGS_CONFIGURATION, CERT)), "the same number for both");
    }

    @Test
    void costsCompareTlsWithReverseSshInASecondLineUnderEachFigure() throws IOException {
        String findings = flowing(textFindings(written(ComparisonFixture.threeStrategies(), "report.txt")));

        String pinned = group(findings, Headings.under(Headings.FINDINGS_COSTS, PINNED));
        assertHas(pinned, "device-ssh-client against reverse-ssh: 5 lower, 3 higher, 3 about the same, of 11 figures",
                "tls against reverse-ssh: 9 lower, 0 higher, 2 about the same, of 11 figures",
                "Bytes to NETCONF - device-ssh-client 1.25x reverse-ssh (5,000 vs 4,000 bytes): device-ssh-client 25% "
                        + "higher - tls 0.75x reverse-ssh (3,000 vs 4,000 bytes): tls 25% lower",
                "- tls 0.57x reverse-ssh (4.0 vs 7.0 round trips): tls 43% lower",
                "The part of setup the transport and its roles decide (SSH's or TLS's)");
        assertEquals(1, occurrences(pinned, CostComparison.RULE), "the rule once");
        String certificates = group(findings, Headings.under(Headings.FINDINGS_COSTS, CERT));
        assertFalse(certificates.contains("tls against reverse-ssh"), certificates);
        assertHas(certificates, "The part of setup the SSH roles decide", "device-ssh-client 1.30x reverse-ssh");
        assertHas(group(findings, Headings.under(Headings.FINDINGS_COSTS, X509)),
                "- tls 0.62x reverse-ssh (3,600 vs 5,800 bytes): tls 38% lower");

        String withoutReverseSsh = flowing(textFindings(written(ComparisonFixture.strategies(DSC, TLS),
                "report.txt")));
        assertHas(group(withoutReverseSsh, Headings.under(Headings.FINDINGS_COSTS, PINNED)),
                "Bytes to NETCONF - device-ssh-client: 5,000 bytes - tls: 3,000 bytes");
    }

    @Test
    void theFirstGroupUnderOpenSshCertificatesOpensWithWhyTlsDidNotRunThere() throws IOException {
        String findings = flowing(textFindings(written(ComparisonFixture.threeStrategies(), "report.txt")));

        String sentence = "tls does not run under OpenSSH certificates: " + CERT.whyNot(TLS) + ".";
        String security = group(findings, Headings.under(Headings.FINDINGS_SECURITY, CERT));
        assertTrue(security.startsWith("1.3. " + Headings.under(Headings.FINDINGS_SECURITY, CERT) + " " + sentence
                + " The strategies differ in"), security);
        assertEquals(1, occurrences(findings, sentence), "once in the findings");
        assertHas(group(findings, Headings.FINDINGS_TRUST), "Each strategy under the trust models it ran under "
                + "(reverse-ssh and device-ssh-client: pinned keys, OpenSSH certificates and X.509 certificates; tls: "
                + "pinned keys and X.509 certificates): what the NMS needs");
    }

    @Test
    void livenessGroupSaysFromTheProbeThatTlsDeviatesFromRfc8071() throws IOException {
        String text = written(ComparisonFixture.threeStrategies(), "report.txt");
        String findings = group(flowing(textFindings(text)), Headings.LIVENESS);

        assertHas(findings, "tls deviates from RFC 8071 section 7: no TLS heartbeat could be negotiated.",
                "- the device's ServerHello (TLSv1.2) left out heartbeat (15); its extensions: 65281 "
                        + "(renegotiation_info), 23 (extended_master_secret), 11 (ec_point_formats)",
                "- device-client refuses a configuration asking for them: \"" + ComparisonFixture.REFUSAL + "\"",
                "What tls uses instead - " + ComparisonFixture.INSTEAD,
                Headings.WHY + ": " + LivenessSection.WHY_DEVIATION);
        assertInOrder(flowing(textFindings(text)), Headings.under(Headings.FINDINGS_SECURITY, X509),
                Headings.LIVENESS, Headings.under(Headings.FINDINGS_CONFIGURATION, PINNED));
        assertFalse(flowing(textFindings(written(ComparisonFixture.bothStrategies(), "report.txt")))
                .contains(Headings.LIVENESS), "no probe, no group");
    }

    @Test
    void aNegotiatedHeartbeatIsReportedAsFollowingRfc8071InEveryFormat() throws IOException {
        LivenessResult negotiated = new LivenessResult("TLSv1.2", true, List.of(65281, LivenessResult.HEARTBEAT_EXTENSION,
                4242), "", "TLS heartbeats every 30 s", List.of("the device's ServerHello accepted the heartbeat "
                + "extension (15)"));
        ReportWriter.write(ComparisonFixture.withLiveness(ComparisonFixture.threeStrategies(), negotiated), dir);

        String text = Files.readString(dir.resolve("report.txt"));
        String findings = group(flowing(textFindings(text)), Headings.LIVENESS);
        assertHas(findings, "tls follows RFC 8071 section 7: the device's TLS server negotiated TLS heartbeats.",
                "- the device's ServerHello (TLSv1.2) carried heartbeat (15); its extensions: 65281 "
                        + "(renegotiation_info), 15 (heartbeat), 4242",
                "- device-client accepts a configuration asking for them",
                "What the run's tls devices used - TLS heartbeats every 30 s",
                Headings.WHY + ": " + LivenessSection.WHY_HEARTBEATS);
        for (String report : List.of(text, Files.readString(dir.resolve("report.md")),
                Files.readString(dir.resolve("report.html")).replace("&#39;", "'"))) {
            String flowing = flowing(report);
            assertFalse(flowing.contains("deviates"), flowing);
            assertFalse(flowing.contains("left it out") || flowing.contains("refused by device-client"), flowing);
            assertTrue(flowing.contains("yes: the device's ServerHello carried it"), flowing);
            assertTrue(flowing.contains("followed: TLS heartbeats negotiated"), flowing);
            assertTrue(flowing.contains("accepted by device-client"), flowing);
        }
    }

    private String written(ComparisonResults results, String name) throws IOException {
        ReportWriter.write(results, dir);
        return Files.readString(dir.resolve(name));
    }

    /** The findings section of report.txt: from its heading to the next section's. */
    private static String textFindings(String text) {
        return text.substring(text.indexOf("1.  " + Headings.FINDINGS), text.indexOf("\n2.  "));
    }

    /** The run section of report.txt: the last one. */
    private static String runSection(String text) {
        return text.substring(text.lastIndexOf(".  " + Headings.RUN + "\n"));
    }

    /**
     * One group of flowing findings text: from its numbered title to the next group's, or to the
     * end.
     */
    static String group(String findings, String title) {
        Matcher heading = Pattern.compile("1\\.\\d+\\. " + Pattern.quote(title) + " ").matcher(findings);
        assertTrue(heading.find(), "no group '" + title + "' in " + findings);
        Matcher next = Pattern.compile(" 1\\.\\d+\\. ").matcher(findings);
        return findings.substring(heading.start(), next.find(heading.end()) ? next.start() : findings.length());
    }

    private static int occurrences(String text, String part) {
        return ReportText.occurrences(text, part);
    }

    private static JsonObject configuration(JsonObject json, TrustModel trust) {
        return json.getJsonObject("trustModels").getJsonObject(trust.wireName()).getJsonObject("configuration");
    }

    private static void assertInOrder(String text, String... parts) {
        int from = 0;
        for (String part : parts) {
            int at = text.indexOf(part, from);
            assertTrue(at >= 0, "'" + part + "' missing or out of order in " + text);
            from = at + part.length();
        }
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
