package org.callhome.compare.report;

import static org.callhome.compare.report.ComparisonFixture.CERT;
import static org.callhome.compare.report.ComparisonFixture.DSC;
import static org.callhome.compare.report.ComparisonFixture.PINNED;
import static org.callhome.compare.report.ComparisonFixture.RS;
import static org.callhome.compare.report.ComparisonFixture.TLS;
import static org.callhome.compare.report.ComparisonFixture.X509;
import static org.callhome.compare.report.ReportText.assertInOrder;
import static org.callhome.compare.report.ReportText.flowing;
import static org.callhome.compare.report.ReportText.occurrences;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.ConfigItem;
import org.callhome.compare.model.ConfigItem.Kind;
import org.callhome.compare.model.TrustComparison;
import org.callhome.compare.model.TrustModel;
import org.callhome.compare.model.TrustResults;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trust-model dimension in every format: each section once per trust model for both
 * strategies, the section and findings comparing trust models (what the NMS needs, whether it
 * grows with the fleet, the costs against pinned keys), computed from the items and figures, and
 * gone when the run had one trust model.
 */
class TrustModelsTest {

    private static final String RATIO = CERT.wireName() + " / " + PINNED.wireName();
    private static final List<CallHomeStrategy> STRATEGIES = List.of(RS, DSC);
    private static final List<TrustModel> TRUST = List.of(PINNED, CERT);

    @TempDir
    Path dir;

    @Test
    void everyTextFormatShowsEverySectionForBothStrategiesUnderBothTrustModels() throws IOException {
        ReportWriter.write(ComparisonFixture.bothStrategies(), dir);

        String text = read("report.txt");
        for (String section : List.of(Headings.CONFIGURATION, Headings.SECURITY, Headings.COSTS)) {
            String part = textSection(text, section);
            for (TrustModel trust : TRUST) {
                String under = textPart(part, Headings.under(trust));
                STRATEGIES.forEach(strategy -> assertTrue(under.contains(strategy.wireName()),
                        strategy.wireName() + " missing from " + section + ", " + trust.wireName()));
            }
            assertTrue(part.indexOf(Headings.under(PINNED)) < part.indexOf(Headings.under(CERT)), part);
        }
        String markdown = read("report.md");
        String html = read("report.html");
        for (TrustModel trust : TRUST) {
            assertEquals(3, occurrences(markdown, "\n### " + Headings.under(trust) + "\n"), trust.wireName());
            assertEquals(3, occurrences(html, "<h3>" + Html.escape(Headings.under(trust)) + "</h3>"),
                    trust.wireName());
            for (String group : List.of(Headings.FINDINGS_SECURITY, Headings.FINDINGS_CONFIGURATION,
                    Headings.FINDINGS_COSTS)) {
                String title = Headings.under(group, trust);
                assertTrue(text.contains(".  " + title + "\n"), title);
                assertTrue(markdown.contains("\n### " + MarkdownReport.inline(title) + "\n"), title);
                assertTrue(html.contains("<h3>" + Html.escape(title) + "</h3>"), title);
            }
        }
        for (String report : List.of(markdown, html)) {
            assertTrue(report.contains(STRATEGIES.get(0).wireName()) && report.contains(DSC.wireName()));
            assertTrue(report.contains(Columns.RATIO_LABEL), "the strategies' ratio column, under each");
            assertTrue(report.contains(RATIO), "the trust models' ratio column");
        }
        assertTrue(html.contains("id=\"scenario-openssh-cert-certificate-other-ca\""), "ids unique per trust model");
        assertEquals(2, occurrences(html, "id=\"scenario-pinned-rogue-nms\"")
                + occurrences(html, "id=\"scenario-openssh-cert-rogue-nms\""));
        assertInOrder(markdown, "\n## " + Headings.FINDINGS + "\n", "\n## " + Headings.TRUST_MODELS + "\n",
                "\n### " + RS.wireName() + "\n", "\n### " + DSC.wireName() + "\n",
                "\n## " + Headings.CONFIGURATION + "\n");
        assertInOrder(html, "<section id=\"findings\">", "<section id=\"trust-models\">",
                "<section id=\"configuration\">");
    }

    @Test
    void resultsJsonHasTheSecondFormatWithEachTrustModelAndTheirComparison() throws IOException {
        ReportWriter.write(ComparisonFixture.bothStrategies(), dir);
        JsonObject json = new JsonObject(read("results.json"));

        assertEquals(ComparisonResults.FORMAT, json.getString("format"));
        assertEquals("callhome-compare/2", json.getString("format"));
        assertEquals(List.of("format", "run", "trustModels", "trustComparison"), List.copyOf(json.fieldNames()));
        assertEquals(List.of("pinned", "openssh-cert"), json.getJsonObject("run").getJsonArray("trustModels").getList());
        assertEquals(List.of("pinned", "openssh-cert"), List.copyOf(json.getJsonObject("trustModels").fieldNames()));
        for (TrustModel trust : TRUST) {
            JsonObject under = json.getJsonObject("trustModels").getJsonObject(trust.wireName());
            assertEquals(Set.of("configuration", "security", "costs", "algorithms"), under.fieldNames());
            for (String part : List.of("configuration", "costs", "algorithms")) {
                assertEquals(List.of(RS.wireName(), DSC.wireName()), List.copyOf(under.getJsonObject(part).fieldNames()),
                        trust.wireName() + " " + part);
            }
            assertTrue(under.getJsonArray("security").stream().map(JsonObject.class::cast)
                    .anyMatch(result -> result.getString("strategy").equals(DSC.wireName())));
        }
        boolean certificateOnly = json.getJsonObject("trustModels").getJsonObject(PINNED.wireName())
                .getJsonArray("security").stream().map(JsonObject.class::cast)
                .anyMatch(result -> result.getString("scenario").equals("certificate-other-ca"));
        assertFalse(certificateOnly, "the certificate-only scenario ran under certificates alone");

        JsonObject rs = json.getJsonObject("trustComparison").getJsonObject(RS.wireName());
        assertEquals(List.of("pinned", "openssh-cert"), rs.getJsonArray("trustModels").getList());
        assertEquals("pinned", rs.getString("baseline"));
        JsonObject pinned = rs.getJsonObject("configuration").getJsonObject("pinned");
        JsonObject cert = rs.getJsonObject("configuration").getJsonObject("openssh-cert");
        assertEquals(12, pinned.getLong("nmsValuesForDevices"));
        assertEquals(1002, pinned.getLong("nmsValuesFor1000"));
        assertEquals(1, pinned.getLong("nmsPerDeviceParameters"));
        assertEquals(1000, pinned.getLong("nmsPerDeviceValuesFor1000"));
        assertTrue(pinned.getBoolean("nmsGrowsWithDevices"));
        assertEquals(0, pinned.getLong("nmsOptionalValuesFor1000"));
        assertEquals(1, pinned.getLong("nmsLearnedFromEachDevice"));
        assertEquals(2, pinned.getLong("bootstrapItems"));
        assertEquals(5, cert.getLong("nmsValuesFor1000"));
        assertEquals(0, cert.getLong("nmsPerDeviceValuesFor1000"));
        assertFalse(cert.getBoolean("nmsGrowsWithDevices"));
        assertEquals(1000, cert.getLong("nmsOptionalValuesFor1000"));
        assertEquals(0, cert.getLong("nmsLearnedFromEachDevice"));
        assertEquals(4, cert.getLong("bootstrapItems"));
        assertEquals(0, cert.getLong("bootstrapSecrets"));

        JsonObject costs = rs.getJsonObject("costs");
        assertEquals(List.of("openssh-cert"), List.copyOf(costs.fieldNames()), "only what is not the baseline");
        JsonObject figures = costs.getJsonObject("openssh-cert");
        assertEquals(TrustComparison.COST_FIGURES, List.copyOf(figures.fieldNames()));
        JsonObject bytes = figures.getJsonObject("bytesToNetconf");
        assertEquals(4300, bytes.getDouble("openssh-cert"), 1e-9);
        assertEquals(4000, bytes.getDouble("pinned"), 1e-9);
        assertEquals(1.075, bytes.getDouble("ratio"), 1e-9);
        assertEquals(1.2, figures.getJsonObject("nmsCpuPerSession").getDouble("ratio"), 1e-9);
        assertEquals(1.0, figures.getJsonObject("roundTrips").getDouble("ratio"), 1e-9);
    }

    @Test
    void theTrustModelSectionShowsPerDeviceValuesAgainstConstantOnesAndTheCostRatios() throws IOException {
        String text = written(ComparisonFixture.bothStrategies(), "report.txt");
        text.lines().forEach(line -> assertTrue(line.length() <= 72, "too long: '" + line + "'"));

        assertTrue(textSection(text, Headings.TRUST_MODELS).contains("\n2.1.  " + RS.wireName() + "\n"), text);
        String rs = markdownTrust(read("report.md"), RS);
        assertHas(rs, "| reverse-ssh | pinned | openssh-cert | openssh-cert / pinned |",
                "| NMS values for 10 devices | 12 | 5 |  |",
                "| NMS values for 1,000 devices | 1,002 | 5 |  |",
                "| of which one per device (1,000 devices) | 1,000 | 0 |  |",
                "| NMS values grow with devices | O(N) | O(1) |  |",
                "| NMS optional values for 1,000 devices | 0 | 1,000 |  |",
                "| Values the NMS learns from each device | 1 | 0 |  |",
                "| Values bootstrap conveys to each device | 2 | 4 |  |",
                "| of which secret | 0 | 0 |  |",
                "| Bytes to NETCONF | 4,000 bytes | 4,300 bytes | 1.08 |",
                "| Round trips to NETCONF | 7.0 round trips | 7.0 round trips | 1.00 |",
                "| NMS CPU per session | 4.50 ms | 5.40 ms | 1.20 |",
                "| Device CPU per session | 3.14 ms | 3.93 ms | 1.25 |",
                "| NMS heap per idle session | 61,440 bytes | 62,464 bytes | 1.02 |",
                "| Setup latency (p50) | 38.0 ms | 42.4 ms | 1.11 |",
                "| Handshake latency (p50) | 22.4 ms | 25.2 ms | 1.12 |");
        assertHas(markdownTrust(read("report.md"), DSC), "| NMS values for 1,000 devices | 1,001 | 3 |  |",
                "| NMS values grow with devices | O(N) | O(1) |  |");

        String findings = FindingsTest.group(flowing(textFindings(text)), Headings.FINDINGS_TRUST);
        assertTrue(findings.contains("- reverse-ssh: the NMS holds 1,002 values for 1,000 devices with pinned keys, "
                + "1,000 of them per device and learned from the devices; 5 with OpenSSH certificates, none per "
                + "device, plus 1,000 optional (expected device ids)"), findings);
        assertTrue(findings.contains("- reverse-ssh: what the NMS needs grows with the number of devices (O(N)) "
                + "with pinned keys and stays the same whatever the number of devices (O(1)) with OpenSSH "
                + "certificates"), findings);
        assertTrue(findings.contains("- device-ssh-client: the NMS holds 1,001 values for 1,000 devices with pinned "
                + "keys, 1,000 of them per device and learned from the devices; 3 with OpenSSH certificates"), findings);
        assertTrue(findings.contains("- reverse-ssh: with pinned keys the NMS learns 1 value from each device and "
                + "bootstrap conveys 2 items to it (none secret); with OpenSSH certificates the NMS learns nothing "
                + "from each device and bootstrap conveys 4 items to it (none secret)"), findings);
        assertTrue(findings.contains("Costs with OpenSSH certificates against pinned keys - reverse-ssh: 1.08x the "
                + "bytes to NETCONF (4,300 vs 4,000 bytes; about the same), the same round trips to NETCONF (7.0 vs "
                + "7.0 round trips), 1.11x the median setup latency (42.4 vs 38.0 ms; openssh-cert 11% higher)"),
                findings);
        assertTrue(findings.contains("1.20x the NMS CPU per session (5.40 vs 4.50 ms; openssh-cert 20% higher), "
                + "1.25x the device CPU per session (3.93 vs 3.14 ms; openssh-cert 25% higher), 1.02x the NMS heap "
                + "per idle session (62,464 vs 61,440 bytes; about the same)"), findings);
        assertTrue(findings.contains("- device-ssh-client: 1.12x the bytes to NETCONF (5,600 vs 5,000 bytes; "
                + "openssh-cert 12% higher)"), findings);
        assertTrue(findings.contains(CostComparison.RULE), findings);
    }

    @Test
    void threeTrustModelsEachHaveTheirColumnTheirRatioAndTheirFindingsForBothStrategies() throws IOException {
        String text = written(ComparisonFixture.threeTrustModels(), "report.txt");
        text.lines().forEach(line -> assertTrue(line.length() <= 72, "too long: '" + line + "'"));

        String markdown = read("report.md");
        for (CallHomeStrategy strategy : List.of(RS, DSC)) {
            assertHas(markdownTrust(markdown, strategy), "| " + strategy.wireName()
                    + " | pinned | openssh-cert | x509 | openssh-cert / pinned | x509 / pinned |",
                    "| NMS values grow with devices | O(N) | O(1) | O(1) |  |  |");
        }
        assertHas(markdownTrust(markdown, RS), "| Bytes to NETCONF | 4,000 bytes | 4,300 bytes | 5,800 bytes | 1.08 | 1.45 |");
        for (String part : List.of(Headings.under(PINNED), Headings.under(CERT), Headings.under(X509))) {
            assertTrue(textSection(text, Headings.SECURITY).contains(part), part);
        }
        String findings = flowing(textFindings(text));
        assertTrue(findings.contains("- reverse-ssh: what the NMS needs grows with the number of devices (O(N)) with "
                + "pinned keys, stays the same whatever the number of devices (O(1)) with OpenSSH certificates and "
                + "stays the same whatever the number of devices (O(1)) with X.509 certificates"), findings);
        assertTrue(findings.contains("Costs with X.509 certificates against pinned keys - reverse-ssh: 1.45x the "
                + "bytes to NETCONF (5,800 vs 4,000 bytes; x509 45% higher)"), findings);
        assertTrue(findings.contains("- device-ssh-client: 1.40x the bytes to NETCONF (7,000 vs 5,000 bytes; x509 "
                + "40% higher)"), findings);
        assertTrue(findings.contains(Headings.under(Headings.FINDINGS_SECURITY, X509)), findings);

        JsonObject json = new JsonObject(read("results.json"));
        assertEquals(ComparisonResults.FORMAT, json.getString("format"));
        assertEquals(List.of("pinned", "openssh-cert", "x509"), List.copyOf(json.getJsonObject("trustModels")
                .fieldNames()));
        for (CallHomeStrategy strategy : List.of(RS, DSC)) {
            JsonObject comparison = json.getJsonObject("trustComparison").getJsonObject(strategy.wireName());
            assertEquals(List.of("openssh-cert", "x509"), List.copyOf(comparison.getJsonObject("costs").fieldNames()),
                    comparison.encode());
        }
    }

    @Test
    void aCaKeyHeldOncePerDeviceChangesTheGrowthEverywhere() throws IOException {
        ComparisonResults changed = ComparisonFixture.withItems(ComparisonFixture.bothStrategies(), CERT, RS,
                item -> item.name().equals(ComparisonFixture.DEVICE_CA) ? ComparisonFixture.perDevice(item) : item);

        String text = written(changed, "report.txt");

        String findings = FindingsTest.group(flowing(textFindings(text)), Headings.FINDINGS_TRUST);
        assertTrue(findings.contains("- reverse-ssh: the NMS holds 1,002 values for 1,000 devices with pinned keys, "
                + "1,000 of them per device and learned from the devices; 1,004 with OpenSSH certificates, 1,000 of "
                + "them per device, plus 1,000 optional"), findings);
        assertTrue(findings.contains("- reverse-ssh: what the NMS needs grows with the number of devices (O(N)) "
                + "with pinned keys and OpenSSH certificates alike"), findings);
        assertFalse(findings.contains("reverse-ssh: what the NMS needs grows with the number of devices (O(N)) with "
                + "pinned keys and stays the same"), findings);
        assertTrue(findings.contains("- device-ssh-client: what the NMS needs grows with the number of devices "
                + "(O(N)) with pinned keys and stays the same whatever the number of devices (O(1)) with OpenSSH "
                + "certificates"), "device-ssh-client unchanged: " + findings);
        assertHas(markdownTrust(read("report.md"), RS), "| NMS values grow with devices | O(N) | O(N) |  |",
                "| of which one per device (1,000 devices) | 1,000 | 1,000 |  |");
        JsonObject cert = new JsonObject(read("results.json")).getJsonObject("trustComparison")
                .getJsonObject(RS.wireName()).getJsonObject("configuration").getJsonObject(CERT.wireName());
        assertTrue(cert.getBoolean("nmsGrowsWithDevices"));
        assertEquals(1000, cert.getLong("nmsPerDeviceValuesFor1000"));
    }

    @Test
    void anOptionalListCountsApartFromWhatTheNmsNeeds() throws IOException {
        ComparisonResults required = ComparisonFixture.withItems(ComparisonFixture.bothStrategies(), CERT, RS,
                item -> !item.optional() ? item : new ConfigItem(item.side(), item.name(), item.kind(), item.secret(),
                        item.perDevice(), item.origin(), item.values()));

        String findings = FindingsTest.group(flowing(textFindings(written(required, "report.txt"))),
                Headings.FINDINGS_TRUST);

        assertFalse(findings.contains("5 with OpenSSH certificates, none per device, plus 1,000 optional"), findings);
        assertTrue(findings.contains("1,005 with OpenSSH certificates, 1,000 of them per device"), findings);
        assertTrue(findings.contains("(O(N)) with pinned keys and OpenSSH certificates alike"), findings);
    }

    @Test
    void aCertificateOnlyScenarioShowsUnderCertificatesAlone() throws IOException {
        ReportWriter.write(ComparisonFixture.bothStrategies(), dir);

        String security = textSection(read("report.txt"), Headings.SECURITY);
        assertFalse(textPart(security, Headings.under(PINNED)).contains(ComparisonFixture.OTHER_CA));
        String certificates = textPart(security, Headings.under(CERT));
        assertTrue(certificates.contains(ComparisonFixture.OTHER_CA), certificates);
        assertTrue(flowing(certificates).contains("Verdict: holds: other CA refused"), certificates);
        String markdown = read("report.md");
        String mdSecurity = markdown.substring(markdown.indexOf("\n## " + Headings.SECURITY + "\n"),
                markdown.indexOf("\n## " + Headings.COSTS + "\n"));
        int certificatesAt = mdSecurity.indexOf("\n### " + Headings.under(CERT) + "\n");
        assertTrue(mdSecurity.indexOf(ComparisonFixture.OTHER_CA) > certificatesAt, mdSecurity);
        assertEquals(1, occurrences(mdSecurity, "| " + ComparisonFixture.OTHER_CA + " |"), "one verdict row");
    }

    @Test
    void aRunOfOneTrustModelHasNoTrustModelSectionNorTheirRatio() throws IOException {
        ComparisonResults results = ComparisonFixture.pinnedOnly();
        ReportWriter.write(results, dir);

        assertTrue(results.trustComparisons().isEmpty());
        String text = read("report.txt");
        assertFalse(text.contains(".  " + Headings.TRUST_MODELS + "\n"), text);
        assertTrue(text.contains("\n2.  " + Headings.CONFIGURATION + "\n"), "configuration comes second");
        assertFalse(text.contains(Headings.under(CERT)), text);
        assertTrue(text.contains("1.1.  " + Headings.under(Headings.FINDINGS_SECURITY, PINNED) + "\n"), text);
        assertTrue(text.contains(Headings.under(PINNED)), "the part still says which trust model it shows");
        for (String report : List.of(text, read("report.md"), read("report.html"))) {
            assertFalse(report.contains(RATIO), "no ratio between trust models");
            assertFalse(report.contains(CERT.wireName()));
            assertFalse(report.contains("<h2>" + Headings.TRUST_MODELS + "</h2>")
                    || report.contains("## " + Headings.TRUST_MODELS + "\n"), "no section across trust models");
        }
        for (String report : List.of(read("report.md"), read("report.html"))) {
            assertTrue(report.contains(Columns.RATIO_LABEL), "the strategies' ratio stays");
        }
        assertFalse(read("report.html").contains("id=\"trust-models\""));
        JsonObject json = new JsonObject(read("results.json"));
        assertTrue(json.getJsonObject("trustComparison").isEmpty());
        assertEquals(List.of("pinned"), List.copyOf(json.getJsonObject("trustModels").fieldNames()));
        assertNull(json.getJsonObject("trustModels").getJsonObject(CERT.wireName()));
    }

    @Test
    void everyTextLineFitsItsWidthWithEveryFixture() throws IOException {
        for (ComparisonResults results : List.of(ComparisonFixture.bothStrategies(), ComparisonFixture.repeated(),
                ComparisonFixture.reverseSshOnly(), ComparisonFixture.pinnedOnly())) {
            written(results, "report.txt").lines()
                    .forEach(line -> assertTrue(line.length() <= TextReport.WIDTH, "too long: '" + line + "'"));
            SummaryTable.render(results).lines()
                    .forEach(line -> assertTrue(line.length() <= SummaryTable.WIDTH, "too long: '" + line + "'"));
        }
    }

    @Test
    void aRunOfOneStrategyStillComparesItsTrustModels() throws IOException {
        String text = written(ComparisonFixture.reverseSshOnly(), "report.txt");

        assertFalse(text.contains(DSC.wireName()));
        String findings = FindingsTest.group(flowing(textFindings(text)), Headings.FINDINGS_TRUST);
        assertTrue(findings.contains("- reverse-ssh: the NMS holds 1,002 values"), findings);
        assertHas(markdownTrust(read("report.md"), RS), "| Bytes to NETCONF | 4,000 bytes | 4,300 bytes | 1.08 |");
    }

    @Test
    void repeatedRunsCompareTrustModelsByMediansAndShowTheRanges() throws IOException {
        String text = written(ComparisonFixture.repeated(), "report.txt");

        String ratio = Numbers.ratio(4_300 * 1.03, 4_000 * 1.03);
        String findings = FindingsTest.group(flowing(textFindings(text)), Headings.FINDINGS_TRUST);
        assertTrue(findings.contains(ratio + "x the bytes to NETCONF (4,429 vs 4,120 bytes, runs 4,300-4,558 vs "
                + "4,000-4,240; about the same)"), findings);
        assertHas(markdownTrust(read("report.md"), RS),
                "| Bytes to NETCONF | 4,120 bytes (4,000-4,240) | 4,429 bytes (4,300-4,558) | " + ratio + " |");
    }

    @Test
    void theReportsCompareTheFiguresTheModelNames() {
        TrustComparison comparison = ComparisonFixture.bothStrategies().trustComparisons().get(0);

        assertEquals(TrustComparison.COST_FIGURES,
                TrustFigures.of(comparison).stream().map(TrustFigures.Compared::name).toList());
        assertEquals(PINNED, comparison.baseline().trust());
        assertEquals(List.of(CERT), comparison.others().stream().map(TrustResults::trust).toList());
        assertEquals(Kind.LOGIN_CA, Kind.valueOf("LOGIN_CA"));
    }

    @Test
    void tlsIsComparedAcrossPinnedKeysAndX509CertificatesAndSaysWhyNotOpenSshCertificates() throws IOException {
        ComparisonResults results = ComparisonFixture.threeStrategies();
        String text = written(results, "report.txt");
        text.lines().forEach(line -> assertTrue(line.length() <= 72, "too long: '" + line + "'"));

        String markdown = read("report.md");
        String tls = markdownTrust(markdown, TLS);
        assertHas(tls, "tls does not run under OpenSSH certificates: " + MarkdownReport.inline(CERT.whyNot(TLS)),
                "| tls | pinned | x509 | x509 / pinned |", "| NMS values grow with devices | O(N) | O(1) |  |",
                "| Bytes to NETCONF | 3,000 bytes | 3,600 bytes | 1.20 |");
        assertFalse(tls.contains(CERT.wireName() + " |"), "no openssh-cert column: " + tls);
        assertHas(markdownTrust(markdown, RS), "| reverse-ssh | pinned | openssh-cert | x509 | openssh-cert / pinned "
                + "| x509 / pinned |");
        String trustSection = textSection(text, Headings.TRUST_MODELS);
        assertTrue(flowing(textPart(trustSection, TLS.wireName())).contains("tls does not run under OpenSSH "
                + "certificates"), trustSection);
        assertFalse(flowing(textPart(trustSection, RS.wireName())).contains("does not run"), trustSection);
        String findings = FindingsTest.group(flowing(textFindings(text)), Headings.FINDINGS_TRUST);
        assertHas(findings, "- tls: the NMS holds 1,002 values for 1,000 devices with pinned keys, 1,000 of them per "
                        + "device and learned from the devices; 3 with X.509 certificates, none per device, plus 1,000 "
                        + "optional (expected device ids)",
                "- tls: 1.20x the bytes to NETCONF (3,600 vs 3,000 bytes; x509 20% higher)");

        JsonObject json = new JsonObject(read("results.json"));
        JsonObject comparison = json.getJsonObject("trustComparison").getJsonObject(TLS.wireName());
        assertEquals(List.of("pinned", "x509"), comparison.getJsonArray("trustModels").getList());
        assertEquals(Set.of(RS.wireName(), DSC.wireName()), json.getJsonObject("trustModels")
                .getJsonObject(CERT.wireName()).getJsonObject("costs").fieldNames());
        assertEquals(List.of("reverse-ssh", "device-ssh-client", "tls"), json.getJsonObject("run")
                .getJsonArray("strategies").getList(), "tls is a strategy of the run all the same");
    }

    private String written(ComparisonResults results, String name) throws IOException {
        ReportWriter.write(results, dir);
        return read(name);
    }

    private String read(String name) throws IOException {
        return Files.readString(dir.resolve(name));
    }

    /** A numbered section of report.txt, from its heading to the next section's. */
    private static String textSection(String text, String title) {
        Matcher heading = Pattern.compile("\n\\d+\\.  " + Pattern.quote(title) + "\n").matcher(text);
        assertTrue(heading.find(), "no section " + title);
        Matcher next = Pattern.compile("\n\\d+\\.  ").matcher(text);
        return text.substring(heading.start(), next.find(heading.end()) ? next.start() : text.length());
    }

    /** A numbered part of a section of report.txt, from its heading to the next heading at its level. */
    private static String textPart(String section, String title) {
        Matcher heading = Pattern.compile("\n\\d+\\.\\d+\\.  " + Pattern.quote(title) + "\n").matcher(section);
        assertTrue(heading.find(), "no part " + title + " in " + section);
        Matcher next = Pattern.compile("\n\\d+\\.\\d+\\.  ").matcher(section);
        return section.substring(heading.start(), next.find(heading.end()) ? next.start() : section.length());
    }

    /** The trust-model table of {@code strategy} in report.md. */
    private static String markdownTrust(String markdown, CallHomeStrategy strategy) {
        int section = markdown.indexOf("\n## " + Headings.TRUST_MODELS + "\n");
        assertTrue(section >= 0, "no trust-model section");
        int start = markdown.indexOf("\n### " + strategy.wireName() + "\n", section);
        assertTrue(start >= 0, "no table for " + strategy.wireName());
        int end = markdown.indexOf("\n#", start + 1);
        return markdown.substring(start, end);
    }

    private static void assertHas(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), "'" + part + "' missing from: " + text);
        }
    }

    private static String textFindings(String text) {
        return textSection("\n" + text, Headings.FINDINGS);
    }
}
