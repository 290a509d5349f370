package org.callhome.compare.report;

import static org.callhome.compare.report.ComparisonFixture.CERT;
import static org.callhome.compare.report.ComparisonFixture.DSC;
import static org.callhome.compare.report.ComparisonFixture.HOSTILE;
import static org.callhome.compare.report.ComparisonFixture.PINNED;
import static org.callhome.compare.report.ComparisonFixture.RS;
import static org.callhome.compare.report.ComparisonFixture.TLS;
import static org.callhome.compare.report.ComparisonFixture.X509;
import static org.callhome.compare.report.ReportText.assertInOrder;
import static org.callhome.compare.report.ReportText.flowing;
import static org.callhome.compare.report.ReportText.occurrences;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.callhome.compare.model.BootstrapResults;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.TrustModel;
import org.callhome.compare.model.TrustResults;
import org.callhome.compare.model.ZeroTouchResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The four files of a run, written from hand-built results. */
class ReportWriterTest {

    private static final List<String> SECTIONS = List.of(Headings.FINDINGS, Headings.TRUST_MODELS,
            Headings.CONFIGURATION, Headings.SECURITY, Headings.COSTS, Headings.RUN);
    /** The sections of a run with one trust model: no trust-model section. */
    private static final List<String> ONE_TRUST_SECTIONS =
            List.of(Headings.FINDINGS, Headings.CONFIGURATION, Headings.SECURITY, Headings.COSTS, Headings.RUN);

    @TempDir
    Path dir;

    @Test
    void writesTheFourFilesIntoAFolderItCreates() throws IOException {
        Path out = dir.resolve("runs/first");

        List<Path> written = ReportWriter.write(ComparisonFixture.bothStrategies(), out);

        assertEquals(List.of(out.resolve("results.json"), out.resolve("report.md"), out.resolve("report.html"),
                out.resolve("report.txt")), written);
        for (Path file : written) {
            assertTrue(Files.size(file) > 0, file + " is empty");
        }
    }

    @Test
    void resultsJsonHoldsEveryRawNumberOfBothStrategiesUnderEachTrustModel() throws IOException {
        ComparisonResults results = ComparisonFixture.bothStrategies();
        ReportWriter.write(results, dir);

        JsonObject json = new JsonObject(Files.readString(dir.resolve("results.json")));

        assertEquals(results.toJson(), json);
        assertEquals("callhome-compare/2", json.getString("format"));
        for (TrustModel trust : List.of(PINNED, CERT)) {
            JsonObject costs = json.getJsonObject("trustModels").getJsonObject(trust.wireName()).getJsonObject("costs");
            assertEquals(List.of(RS.wireName(), DSC.wireName()), List.copyOf(costs.fieldNames()), trust.wireName());
            assertEquals(1000, costs.getJsonObject(RS.wireName()).getJsonArray("runs")
                    .getJsonObject(0).getJsonObject("rpc").getJsonArray("samplesMs").size());
        }
    }

    @Test
    void textReportFitsInSeventyTwoColumnsWithSectionsInOrder() throws IOException {
        ComparisonResults results = ComparisonFixture.bothStrategies();
        String text = written(results, "report.txt");

        text.lines().forEach(line -> assertTrue(line.length() <= 72, "too long: '" + line + "'"));
        assertInOrder(text, SECTIONS.stream().map(heading -> "  " + heading + "\n").toList());
        String flowing = flowing(text);
        for (SecurityResult result : security(results)) {
            assertTrue(flowing.contains(result.title()), result.title());
            assertTrue(flowing.contains(result.question()), result.question());
            assertTrue(flowing.contains(result.finding()), result.finding());
        }
    }

    @Test
    void textReportWrapsLongEvidenceWithoutLosingACharacter() throws IOException {
        ComparisonResults results = ComparisonFixture.bothStrategies();
        String compact = written(results, "report.txt").replaceAll("\\s", "");

        for (SecurityResult result : security(results)) {
            for (String evidence : result.evidence()) {
                assertTrue(compact.contains(evidence.replaceAll("\\s", "")), evidence);
            }
        }
        assertTrue(compact.contains(ComparisonFixture.LONG_WORD));
    }

    @Test
    void everyFormatShowsEachMethodNextToItsFigures() throws IOException {
        ComparisonResults results = ComparisonFixture.bothStrategies();
        ReportWriter.write(results, dir);

        String method = ComparisonFixture.BYTES_METHOD;
        assertTrue(flowing(Files.readString(dir.resolve("report.txt"))).contains(method));
        assertTrue(Files.readString(dir.resolve("report.md")).contains(method));
        assertTrue(Files.readString(dir.resolve("report.html")).contains(method));
        String text = Files.readString(dir.resolve("report.txt"));
        int costs = text.indexOf(".  " + Headings.COSTS + "\n", text.indexOf(".  " + Headings.SECURITY + "\n"));
        int certificates = text.indexOf(Headings.under(CERT) + "\n", costs);
        String bytesSection = text.substring(text.indexOf("Bytes to NETCONF\n", costs),
                text.indexOf("Round trips to NETCONF\n", costs));
        assertTrue(bytesSection.contains("4,000 bytes"), bytesSection);
        assertTrue(bytesSection.contains("5,000 bytes"), bytesSection);
        assertTrue(bytesSection.contains("1.25"), bytesSection);
        assertTrue(flowing(bytesSection).contains(method), "the method next to its figures: " + bytesSection);
        String certificateBytes = text.substring(text.indexOf("Bytes to NETCONF\n", certificates),
                text.indexOf("Round trips to NETCONF\n", certificates));
        assertTrue(certificateBytes.contains("4,300 bytes"), certificateBytes);
        assertTrue(certificateBytes.contains("5,600 bytes"), certificateBytes);
        assertTrue(certificateBytes.contains("1.30"), certificateBytes);
    }

    @Test
    void htmlIsOneSelfContainedPageWithChartsAndEscapedEvidence() throws IOException {
        String html = written(ComparisonFixture.bothStrategies(), "report.html");

        assertTrue(html.startsWith("<!DOCTYPE html>\n<html"));
        assertTrue(html.endsWith("</html>\n"));
        assertEquals(1, occurrences(html, "<html"));
        assertEquals(1, occurrences(html, "</html>"));
        assertEquals(24, occurrences(html, "<svg"),
                "per trust model, eleven cost charts and the configuration growth chart");
        assertEquals(occurrences(html, "<svg"), occurrences(html, "</svg>"));
        String withoutNamespace = html.replace(SvgBarChart.SVG_NAMESPACE, "");
        assertFalse(withoutNamespace.contains("http://"));
        assertFalse(withoutNamespace.contains("https://"));
        assertFalse(html.toLowerCase().contains("<script"));
        assertTrue(html.contains(Html.escape(HOSTILE)));
        assertTrue(html.contains("&lt;dev-3&gt;"));
        assertInOrder(html, SECTIONS.stream().map(heading -> "<h2>" + heading + "</h2>").toList());
    }

    @Test
    void markdownKeepsMarkupOutsideCodeBlocksEscaped() throws IOException {
        String markdown = written(ComparisonFixture.bothStrategies(), "report.md");

        boolean inFence = false;
        for (String line : markdown.lines().toList()) {
            if (line.startsWith("```")) {
                inFence = !inFence;
            } else if (!inFence) {
                assertFalse(Pattern.compile("(?<!\\\\)[<>]").matcher(line).find(), "raw markup: " + line);
            }
        }
        assertFalse(inFence, "unclosed code block");
        assertTrue(markdown.contains(HOSTILE), "evidence kept verbatim inside its code block");
        assertTrue(markdown.contains("| Statistic | reverse-ssh | device-ssh-client | "
                + "device-ssh-client / reverse-ssh |"));
        assertInOrder(markdown, SECTIONS.stream().map(heading -> "\n## " + heading + "\n").toList());
    }

    @Test
    void notRunVerdictIsReportedWithItsReason() throws IOException {
        ReportWriter.write(ComparisonFixture.bothStrategies(), dir);

        String text = Files.readString(dir.resolve("report.txt"));
        assertTrue(text.contains("Verdict: not run"));
        assertTrue(flowing(text).contains("No peer offering only legacy algorithms is available in this build."));
    }

    @Test
    void singleStrategyRendersWithoutRatioOrOtherStrategy() throws IOException {
        ReportWriter.write(ComparisonFixture.reverseSshOnly(), dir);

        String text = Files.readString(dir.resolve("report.txt"));
        String html = Files.readString(dir.resolve("report.html"));
        String markdown = Files.readString(dir.resolve("report.md"));
        text.lines().forEach(line -> assertTrue(line.length() <= 72, "too long: '" + line + "'"));
        assertInOrder(text, SECTIONS.stream().map(heading -> "  " + heading + "\n").toList());
        for (String report : List.of(text, html, markdown)) {
            assertFalse(report.contains(DSC.wireName()));
            assertFalse(report.contains(Columns.RATIO_LABEL));
            assertTrue(report.contains(RS.wireName()));
        }
        assertEquals(24, occurrences(html, "<svg"));
        JsonObject json = new JsonObject(Files.readString(dir.resolve("results.json")));
        for (TrustModel trust : List.of(PINNED, CERT)) {
            assertEquals(List.of(RS.wireName()), List.copyOf(json.getJsonObject("trustModels")
                    .getJsonObject(trust.wireName()).getJsonObject("costs").fieldNames()), trust.wireName());
        }
        assertEquals(List.of(RS.wireName()), List.copyOf(json.getJsonObject("trustComparison").fieldNames()));
    }

    @Test
    void rendersARunThatMeasuredNothing() throws IOException {
        ComparisonResults full = ComparisonFixture.reverseSshOnly();
        for (ComparisonResults empty : List.of(new ComparisonResults(full.run(), List.of()),
                new ComparisonResults(full.run(), List.of(
                        new TrustResults(PINNED, Map.of(), List.of(), Map.of(), Map.of()),
                        new TrustResults(CERT, Map.of(), List.of(), Map.of(), Map.of()))))) {
            ReportWriter.write(empty, dir);

            String text = Files.readString(dir.resolve("report.txt"));
            assertInOrder(text, ONE_TRUST_SECTIONS.stream().map(heading -> "  " + heading + "\n").toList());
            assertFalse(text.contains(Headings.VERDICTS));
            assertFalse(text.contains(Headings.under(PINNED)), "no part for a trust model with nothing in it");
            assertFalse(text.contains("  " + Headings.TRUST_MODELS + "\n"), "nothing to compare across trust models");
            assertEquals(0, occurrences(Files.readString(dir.resolve("report.html")), "<svg"));
        }
    }

    @Test
    void threeStrategiesHaveAColumnEachAndBothRatiosInEveryFormat() throws IOException {
        ComparisonResults results = ComparisonFixture.threeStrategies();
        ReportWriter.write(results, dir);

        String markdown = Files.readString(dir.resolve("report.md"));
        String header = "| Statistic | reverse-ssh | device-ssh-client | tls | " + Columns.RATIO_LABEL + " | "
                + Columns.TLS_RATIO_LABEL + " |";
        assertTrue(markdown.contains(header), markdown);
        assertTrue(markdown.contains("| value | 4,000 bytes | 5,000 bytes | 3,000 bytes | 1.25 | 0.75 |"), markdown);
        assertTrue(markdown.contains("| value | 5,800 bytes | 7,000 bytes | 3,600 bytes | 1.21 | 0.62 |"),
                "x509's figures and ratios");
        assertTrue(markdown.contains("| samples | 200 | 200 | 200 |  |  |"), "no ratio of sample counts");
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<th>tls</th><th>" + Html.escape(Columns.RATIO_LABEL) + "</th><th>"
                + Html.escape(Columns.TLS_RATIO_LABEL) + "</th>"), "html headers");
        assertTrue(html.contains("<td class=\"figure\">3,000 bytes</td><td class=\"figure\">1.25</td>"
                + "<td class=\"figure\">0.75</td>"), "html cells");

        String text = Files.readString(dir.resolve("report.txt"));
        text.lines().forEach(line -> assertTrue(line.length() <= 72, "too long: '" + line + "'"));
        int costs = text.indexOf(".  " + Headings.COSTS + "\n", text.indexOf(".  " + Headings.SECURITY + "\n"));
        String bytes = text.substring(text.indexOf("Bytes to NETCONF\n", costs),
                text.indexOf("Round trips to NETCONF\n", costs));
        String header0 = bytes.lines().filter(line -> line.contains("Statistic")).findFirst().orElseThrow();
        assertTrue(header0.contains("tls"), bytes);
        String value = bytes.lines().filter(line -> line.strip().startsWith("value")).findFirst().orElseThrow();
        assertEquals(List.of("value", "4,000", "5,000", "3,000 bytes", "1.25", "0.75"),
                List.of(value.strip().split(" {2,}")), bytes);
        List<String> headerLines = bytes.lines().takeWhile(line -> !line.strip().startsWith("---")).skip(2).toList();
        for (String token : String.join(" ", headerLines).strip().split("\\s+")) {
            assertTrue(hyphenParts(String.join(" ", Columns.TLS_RATIO_LABEL, Columns.RATIO_LABEL, "Statistic"))
                    .contains(token), "'" + token + "' is no name split after a hyphen: " + bytes);
        }
    }

    @Test
    void everySubsetOfTheStrategiesHasTheRatiosOfItsPairsAndFitsSeventyTwoColumns() throws IOException {
        List<List<String>> expected = List.of(
                List.of(Columns.RATIO_LABEL, Columns.TLS_RATIO_LABEL), List.of(Columns.TLS_RATIO_LABEL),
                List.of(), List.of(), List.of(Columns.RATIO_LABEL));
        List<ComparisonResults> runs = List.of(ComparisonFixture.threeStrategies(),
                ComparisonFixture.strategies(RS, TLS), ComparisonFixture.strategies(DSC, TLS),
                ComparisonFixture.strategies(TLS), ComparisonFixture.strategies(RS, DSC));
        for (int i = 0; i < runs.size(); i++) {
            Path out = dir.resolve("run-" + i);
            ReportWriter.write(runs.get(i), out);
            String text = Files.readString(out.resolve("report.txt"));
            text.lines().forEach(line -> assertTrue(line.length() <= 72, "too long: '" + line + "'"));
            String markdown = Files.readString(out.resolve("report.md"));
            for (String label : List.of(Columns.RATIO_LABEL, Columns.TLS_RATIO_LABEL)) {
                assertEquals(expected.get(i).contains(label), markdown.contains(label), i + ": " + label);
            }
        }
        ComparisonResults repeated = ComparisonFixture.threeStrategiesRepeated();
        String text = written(repeated, "report.txt");
        text.lines().forEach(line -> assertTrue(line.length() <= 72, "too long: '" + line + "'"));
        assertTrue(Files.readString(dir.resolve("report.md")).contains("| value | 4,120 bytes (4,000-4,240) | "
                + "5,150 bytes (5,000-5,300) | 3,090 bytes (3,000-3,180) | 1.25 | 0.75 |"), "tls's median and range");
    }

    @Test
    void eachFormatSaysUnderOpenSshCertificatesThatTlsDoesNotRunThereAndWhy() throws IOException {
        ReportWriter.write(ComparisonFixture.threeStrategies(), dir);
        String why = CERT.whyNot(TLS);
        String sentence = "tls does not run under OpenSSH certificates: " + why + ".";

        String text = Files.readString(dir.resolve("report.txt"));
        for (String section : List.of(Headings.CONFIGURATION, Headings.SECURITY, Headings.COSTS)) {
            String part = part(section(text, section), Headings.under(CERT));
            assertEquals(1, occurrences(flowing(part), sentence), section + ": " + part);
            assertFalse(flowing(part(section(text, section), Headings.under(PINNED))).contains(sentence), section);
            assertFalse(flowing(part(section(text, section), Headings.under(X509))).contains(sentence), section);
        }
        String flowing = flowing(text);
        assertEquals(5, occurrences(flowing, sentence), "findings, trust models, configuration, security, costs");
        assertTrue(flowing.contains("Not run (openssh-cert, tls): does not apply: " + why), "in the run's facts");
        String markdown = Files.readString(dir.resolve("report.md"));
        assertEquals(5, occurrences(markdown, MarkdownReport.inline(sentence)));
        String costs = markdown.substring(markdown.indexOf("\n## " + Headings.COSTS + "\n"));
        String certificates = costs.substring(costs.indexOf("\n### " + Headings.under(CERT) + "\n"),
                costs.indexOf("\n### " + Headings.under(X509) + "\n"));
        assertTrue(certificates.contains(MarkdownReport.inline(sentence)), certificates);
        assertTrue(certificates.contains("| Statistic | reverse-ssh | device-ssh-client | " + Columns.RATIO_LABEL
                + " |"), "no tls column where it did not run: " + certificates);
        String html = Files.readString(dir.resolve("report.html"));
        assertEquals(5, occurrences(html, Html.escape(sentence)));
        assertEquals(4, occurrences(html, "<p class=\"not-applicable\">" + Html.escape(sentence) + "</p>"),
                "under a heading each, the fifth in the findings");
    }

    @Test
    void tlsAloneStillShowsWhyOpenSshCertificatesHaveNothing() throws IOException {
        String text = written(ComparisonFixture.strategies(TLS), "report.txt");

        String sentence = "tls does not run under OpenSSH certificates: " + CERT.whyNot(TLS) + ".";
        for (String section : List.of(Headings.CONFIGURATION, Headings.SECURITY, Headings.COSTS)) {
            String part = part(section(text, section), Headings.under(CERT));
            assertEquals(sentence, flowing(part).substring(flowing(part).indexOf(Headings.under(CERT))
                    + Headings.under(CERT).length()).strip(), "the note alone: " + part);
        }
        assertTrue(flowing(text).contains("Not run (openssh-cert, tls): does not apply"));
        assertFalse(text.contains(RS.wireName()) || text.contains(DSC.wireName()), text);
    }

    @Test
    void livenessHasASectionOfItsOwnWithTheProbesFactsAndEvidenceInEveryFormat() throws IOException {
        ComparisonResults results = ComparisonFixture.threeStrategies();
        ReportWriter.write(results, dir);

        String text = Files.readString(dir.resolve("report.txt"));
        text.lines().forEach(line -> assertTrue(line.length() <= 72, "too long: '" + line + "'"));
        assertInOrder(text, "  " + Headings.SECURITY + "\n", "  " + Headings.LIVENESS + "\n",
                "  " + Headings.COSTS + "\n");
        String liveness = flowing(section(text, Headings.LIVENESS));
        assertTrue(liveness.contains("tls deviates from RFC 8071 section 7: no TLS heartbeat could be negotiated."),
                liveness);
        assertTrue(liveness.contains("Heartbeat negotiated: no: the device's ServerHello left it out"), liveness);
        assertTrue(liveness.contains("ServerHello extensions: 65281 (renegotiation_info), 23 "
                + "(extended_master_secret), 11 (ec_point_formats)"), liveness);
        assertTrue(liveness.contains("refused by device-client: " + ComparisonFixture.REFUSAL), liveness);
        assertTrue(liveness.contains("Keepalives of tls devices: " + ComparisonFixture.INSTEAD), liveness);
        String compact = section(text, Headings.LIVENESS).replaceAll("\\s", "");
        ComparisonFixture.LIVENESS.evidence().forEach(line ->
                assertTrue(compact.contains(line.replaceAll("\\s", "")), line));

        String markdown = Files.readString(dir.resolve("report.md"));
        String mdLiveness = markdown.substring(markdown.indexOf("\n## " + Headings.LIVENESS + "\n"),
                markdown.indexOf("\n## " + Headings.COSTS + "\n"));
        assertTrue(mdLiveness.contains("- **Heartbeat negotiated:** no: the device's ServerHello left it out"),
                mdLiveness);
        assertTrue(mdLiveness.contains("```text\n" + ComparisonFixture.LIVENESS.evidence().get(0) + "\n"),
                "evidence verbatim in a code block: " + mdLiveness);
        String html = Files.readString(dir.resolve("report.html"));
        String htmlLiveness = html.substring(html.indexOf("<section id=\"liveness\">"),
                html.indexOf("<section id=\"costs\">"));
        assertTrue(htmlLiveness.contains("<h2>" + Html.escape(Headings.LIVENESS) + "</h2>"), htmlLiveness);
        assertTrue(htmlLiveness.contains("<li><code>" + Html.escape(ComparisonFixture.LIVENESS.evidence().get(0))
                + "</code></li>"), htmlLiveness);
        assertFalse(html.contains(HOSTILE), "escaped");
        assertEquals(ComparisonFixture.LIVENESS.toJson(), new JsonObject(Files.readString(dir.resolve(
                "results.json"))).getJsonObject("tlsLiveness"));

        ReportWriter.write(ComparisonFixture.bothStrategies(), dir.resolve("without"));
        for (String report : List.of("report.txt", "report.md", "report.html")) {
            assertFalse(Files.readString(dir.resolve("without").resolve(report)).contains(Headings.LIVENESS), report);
        }
    }

    @Test
    void moveHasASectionAfterLivenessWithOneTableOfAColumnPerStrategyInEveryFormat() throws IOException {
        ComparisonResults results = ComparisonFixture.threeStrategies();
        ReportWriter.write(results, dir);

        String text = Files.readString(dir.resolve("report.txt"));
        text.lines().forEach(line -> assertTrue(line.length() <= 72, "too long: '" + line + "'"));
        assertInOrder(text, "  " + Headings.SECURITY + "\n", "  " + Headings.LIVENESS + "\n",
                "  " + Headings.MOVE + "\n", "  " + Headings.COSTS + "\n");
        String move = section(text, Headings.MOVE);
        assertTrue(flowing(move).contains(MoveSection.METHOD), "the method, wrapped: " + move);
        assertTrue(flowing(move).contains("shares A's NMS key files"), move);
        String header = move.lines().filter(line -> line.strip().startsWith("Measure")).findFirst().orElseThrow();
        assertInOrder(header, "reverse-ssh", "device-", "tls");
        assertTrue(move.contains("412.3 ms") && move.contains("1,234.5 ms") && move.contains("not reached"), move);
        assertTrue(move.contains("not confirmed") && move.contains("812") && move.contains("845"), move);
        assertTrue(move.contains("/callhome-device-") && move.contains("/endpoint /tls"), move);

        String markdown = Files.readString(dir.resolve("report.md"));
        assertInOrder(markdown, "\n## " + Headings.LIVENESS + "\n", "\n## " + Headings.MOVE + "\n",
                "\n## " + Headings.COSTS + "\n");
        String mdMove = markdown.substring(markdown.indexOf("\n## " + Headings.MOVE + "\n"),
                markdown.indexOf("\n## " + Headings.COSTS + "\n"));
        assertTrue(mdMove.contains("| Measure | reverse-ssh | device-ssh-client | tls |"), mdMove);
        assertTrue(mdMove.contains("| B confirmed with persist-id | ok | ok | not confirmed |"), mdMove);
        assertTrue(mdMove.contains("| RPCs sent for the move | 3 | 3 | 2 |"), mdMove);
        assertEquals(1, occurrences(mdMove, "\n|---"), "one table: " + mdMove);
        ComparisonFixture.MOVE.forEach(result ->
                assertTrue(mdMove.contains(" " + MoveSection.spaced(result.changedPath()) + " |"), mdMove));
        String html = Files.readString(dir.resolve("report.html"));
        String htmlMove = html.substring(html.indexOf("<section id=\"move\">"), html.indexOf("<section id=\"costs\">"));
        assertTrue(htmlMove.contains("<h2>" + Html.escape(Headings.MOVE) + "</h2>"), htmlMove);
        assertTrue(htmlMove.contains("<th>Measure</th><th>reverse-ssh</th><th>device-ssh-client</th><th>tls</th>"),
                htmlMove);
        assertFalse(html.contains(HOSTILE), "escaped");
        assertEquals(ComparisonFixture.MOVE.get(1).toJson(), new JsonObject(Files.readString(dir.resolve(
                "results.json"))).getJsonArray("move").getJsonObject(1));

        ReportWriter.write(ComparisonFixture.bothStrategies(), dir.resolve("without"));
        for (String report : List.of("report.txt", "report.md", "report.html")) {
            assertFalse(Files.readString(dir.resolve("without").resolve(report)).contains(Headings.MOVE), report);
        }
        assertFalse(new JsonObject(Files.readString(dir.resolve("without").resolve("results.json")))
                .containsKey("move"));
    }

    /** Every security result of every trust model. */
    @Test
    void bootstrapSectionComesAfterSecurityInEveryFormatWithFiguresAndReasonWordsFromTheResults()
            throws IOException {
        ComparisonResults fixture = ComparisonFixture.bothStrategies();
        BootstrapResults bootstrap = new BootstrapResults(PINNED, List.of(
                new ZeroTouchResult(DSC, TrustModel.X509, false, -1, -1, 0, 0, 0, List.of(), "none", "nothing",
                        List.of("no call home")),
                new ZeroTouchResult(RS, PINNED, true, 1234, 2345, 7, 1500, 0, List.of("netconf-client/endpoint/address"), "NMS public key",
                        "1 SSH host key " + HOSTILE, List.of("bootstrap-complete"))), List.of(
                new SecurityResult("voucher-expired", "Expired voucher replayed", "Expired?", "Old claims.", RS,
                        SecurityResult.Verdict.HOLDS, "device refused", "Refused.",
                        List.of("SN-1 (device): refused, voucher-expired: 2026", "SN-1: bootstrap-error: "
                                + "voucher-expired: not after")),
                new SecurityResult("voucher-expired", "Expired voucher replayed", "Expired?", "Old claims.", DSC,
                        SecurityResult.Verdict.HOLDS, "device refused: voucher-expired", "Refused.",
                        List.of("SN-2 (device): refused, voucher-expired: 2026"))));
        ComparisonResults results = new ComparisonResults(fixture.run(), fixture.trustModels(),
                Optional.of(bootstrap));
        ReportWriter.write(results, dir);

        String text = Files.readString(dir.resolve("report.txt"));
        text.lines().forEach(line -> assertTrue(line.length() <= 72, "too long: '" + line + "'"));
        assertInOrder(text, "  " + Headings.SECURITY + "\n", "  " + Headings.BOOTSTRAP + "\n",
                "Factory-fresh device: reverse-ssh, under pinned keys",
                "Factory-fresh device: device-ssh-client, under X.509 certificates",
                "  " + Headings.COSTS + "\n");
        String flowing = flowing(text);
        assertTrue(flowing.contains("- reverse-ssh, pinned: yes, with no operator step, 1,234 ms from bootstrap "
                + "data served"), flowing);
        assertTrue(flowing.contains("- device-ssh-client, x509: no"), flowing);
        assertTrue(flowing.contains("- reverse-ssh: holds: device refused (voucher-expired)"), flowing);
        assertTrue(flowing.contains("- device-ssh-client: holds: device refused: voucher-expired "), flowing);
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("- **Conveyed configuration:** 7 items, 1,500 bytes, 0 secrets"), md);
        assertTrue(md.contains("- **Bootstrap data served to managed:** not reached"), md);
        assertTrue(md.contains("| reverse-ssh | pinned | yes | 1,234 ms | 7 items, 1,500 bytes, 0 secrets | NMS public key |"), md);
        assertTrue(md.contains("| device-ssh-client | x509 | no | not reached | 0 items, 0 bytes, 0 secrets | none |"), md);
        assertTrue(md.contains("| Expired voucher replayed | holds: device refused (voucher-expired) | holds: "
                + "device refused: voucher-expired |"), md);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<section id=\"bootstrap\">"), html);
        assertFalse(html.contains(HOSTILE), "escaped");
        assertEquals(bootstrap.toJson(), new JsonObject(Files.readString(dir.resolve("results.json")))
                .getJsonObject("bootstrap"));

        ReportWriter.write(fixture, dir.resolve("without"));
        assertFalse(Files.readString(dir.resolve("without/report.md")).contains("## " + Headings.BOOTSTRAP + "\n"));
    }

    /** Every word of {@code text}, and every run of the parts it splits into after its hyphens. */
    private static Set<String> hyphenParts(String text) {
        Set<String> parts = new HashSet<>();
        for (String word : text.split("\\s+")) {
            List<String> pieces = List.of(word.split("(?<=-)"));
            for (int from = 0; from < pieces.size(); from++) {
                for (int to = from + 1; to <= pieces.size(); to++) {
                    parts.add(String.join("", pieces.subList(from, to)));
                }
            }
        }
        return parts;
    }

    /** A numbered section of report.txt, from its heading to the next section's. */
    private static String section(String text, String title) {
        Matcher heading = Pattern.compile("\n\\d+\\.  " + Pattern.quote(title) + "\n").matcher(text);
        assertTrue(heading.find(), "no section " + title);
        Matcher next = Pattern.compile("\n\\d+\\.  ").matcher(text);
        return text.substring(heading.start(), next.find(heading.end()) ? next.start() : text.length());
    }

    /** A numbered part of a section of report.txt, from its heading to the next heading at its level. */
    private static String part(String section, String title) {
        Matcher heading = Pattern.compile("\n\\d+\\.\\d+\\.  " + Pattern.quote(title) + "\n")
                .matcher(section);
        assertTrue(heading.find(), "no part " + title + " in " + section);
        Matcher next = Pattern.compile("\n\\d+\\.\\d+\\.  ").matcher(section);
        return section.substring(heading.start(), next.find(heading.end()) ? next.start() : section.length());
    }

    private static List<SecurityResult> security(ComparisonResults results) {
        return results.trustModels().stream().flatMap(trust -> trust.security().stream()).toList();
    }

    private String written(ComparisonResults results, String name) throws IOException {
        ReportWriter.write(results, dir);
        return Files.readString(dir.resolve(name));
    }

    /** The text with its line breaks and indentation made single spaces, so wrapped sentences read whole. */
}
