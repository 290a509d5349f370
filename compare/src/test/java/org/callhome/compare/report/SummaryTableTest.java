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

import java.util.List;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.TrustModel;
import org.junit.jupiter.api.Test;

/** The tables printed on the terminal at the end of a run: across trust models, then under each. */
class SummaryTableTest {

    @Test
    void fitsInOneHundredColumnsWithAColumnPerStrategyAndTheirRatio() {
        for (ComparisonResults results : List.of(ComparisonFixture.bothStrategies(), ComparisonFixture.repeated(),
                ComparisonFixture.reverseSshOnly(), ComparisonFixture.pinnedOnly())) {
            SummaryTable.render(results).lines()
                    .forEach(line -> assertTrue(line.length() <= 100, "too long: '" + line + "'"));
        }
        String table = SummaryTable.render(ComparisonFixture.bothStrategies());
        for (TrustModel trust : List.of(PINNED, CERT)) {
            String under = under(trust, table);
            String header = under.lines().filter(line -> line.startsWith(Headings.COSTS + " ")).findFirst()
                    .orElseThrow();
            assertTrue(header.indexOf(RS.wireName()) < header.indexOf(DSC.wireName() + "  "), header);
            assertTrue(header.endsWith(Columns.RATIO_LABEL), header);
        }
        assertEquals(List.of("Bytes to NETCONF", "4,000 bytes", "5,000 bytes", "1.25"),
                cells("Bytes to NETCONF", under(PINNED, table)));
        assertEquals(List.of("Bytes to NETCONF", "4,300 bytes", "5,600 bytes", "1.30"),
                cells("Bytes to NETCONF", under(CERT, table)));
    }

    @Test
    void listsTheVerdictOfEveryScenarioPerStrategyUnderEachTrustModel() {
        String table = SummaryTable.render(ComparisonFixture.bothStrategies());

        for (TrustModel trust : List.of(PINNED, CERT)) {
            String under = under(trust, table);
            assertEquals(List.of("Rogue NMS on the call-home address", "holds: refused <&>",
                    "holds: refused <&>"), cells("Rogue NMS on", under));
            assertEquals(List.of("Stolen device key replayed from another address", "fails: copy logs in",
                    "copy passes as the device"), cells("Stolen device key replayed", under));
            assertEquals(List.of("Downgrade to a weaker transport", "not run: no legacy peer", "-"),
                    cells("Downgrade to", under));
        }
        assertEquals(List.of(ComparisonFixture.OTHER_CA, "holds: other CA refused", "holds: other CA refused"),
                cells(ComparisonFixture.OTHER_CA, under(CERT, table)));
        assertFalse(under(PINNED, table).contains(ComparisonFixture.OTHER_CA), "a scenario of certificates alone");
        assertFalse(table.contains("see finding"));
    }

    @Test
    void showsEachStrategyAcrossTrustModelsWithTheRatioToPinnedKeys() {
        String table = SummaryTable.render(ComparisonFixture.bothStrategies());

        String across = table.substring(table.indexOf("\n" + Headings.TRUST_MODELS + "\n---"),
                table.indexOf("\n" + Headings.under(PINNED) + "\n"));
        for (String strategy : List.of(RS.wireName(), DSC.wireName())) {
            String header = across.lines().filter(line -> line.startsWith(strategy + " ")).findFirst().orElseThrow();
            assertEquals(List.of(strategy, PINNED.wireName(), CERT.wireName(), "openssh-cert / pinned"),
                    List.of(header.split(" {2,}")));
        }
        assertEquals(List.of("NMS values for 1,000 devices", "1,002", "5"),
                cells("NMS values for 1,000", across));
        assertEquals(List.of("NMS values grow with devices", "O(N)", "O(1)"), cells("NMS values grow", across));
        assertEquals(List.of("Bytes to NETCONF", "4,000 bytes", "4,300 bytes", "1.08"),
                cells("Bytes to NETCONF", across));
    }

    @Test
    void opensWithTheFindingsForBothStrategies() {
        String table = SummaryTable.render(ComparisonFixture.bothStrategies());

        assertTrue(table.startsWith(Headings.FINDINGS + "\n"), table);
        String findings = table.substring(0, table.indexOf("\n" + Headings.TRUST_MODELS + "\n---"));
        assertTrue(findings.contains("- " + RS.wireName() + ": holds: refused <&>"), findings);
        assertTrue(findings.contains("- " + DSC.wireName() + ": copy passes as the device"), findings);
        assertTrue(findings.contains(ComparisonFixture.ROGUE_NMS_MATTERS), findings);
        for (TrustModel trust : List.of(PINNED, CERT)) {
            for (String group : List.of(Headings.FINDINGS_SECURITY, Headings.FINDINGS_CONFIGURATION,
                    Headings.FINDINGS_COSTS)) {
                assertTrue(findings.contains("\n" + Headings.under(group, trust) + "\n"), findings);
            }
        }
        assertTrue(findings.contains("\n" + Headings.FINDINGS_TRUST + "\n"), findings);
    }

    @Test
    void rendersASingleStrategyWithoutRatio() {
        String table = SummaryTable.render(ComparisonFixture.reverseSshOnly());

        assertFalse(table.contains(DSC.wireName()));
        assertFalse(table.contains(Columns.RATIO_LABEL));
        assertEquals(List.of("Bytes to NETCONF", "4,000 bytes"), cells("Bytes to NETCONF", under(PINNED, table)));
        assertEquals(List.of("Bytes to NETCONF", "4,300 bytes"), cells("Bytes to NETCONF", under(CERT, table)));
    }

    @Test
    void oneTrustModelHasNoTableAcrossTrustModels() {
        String table = SummaryTable.render(ComparisonFixture.pinnedOnly());

        assertFalse(table.contains("\n" + Headings.TRUST_MODELS + "\n"), table);
        assertFalse(table.contains(CERT.wireName()), table);
        assertFalse(table.contains(Headings.under(CERT)), table);
        assertEquals(List.of("Bytes to NETCONF", "4,000 bytes", "5,000 bytes", "1.25"),
                cells("Bytes to NETCONF", under(PINNED, table)));
    }

    @Test
    void threeStrategiesHaveAColumnEachAndBothRatiosWithinOneHundredColumns() {
        for (ComparisonResults results : List.of(ComparisonFixture.threeStrategies(),
                ComparisonFixture.threeStrategiesRepeated(), ComparisonFixture.strategies(DSC, TLS),
                ComparisonFixture.strategies(TLS))) {
            SummaryTable.render(results).lines()
                    .forEach(line -> assertTrue(line.length() <= 100, "too long: '" + line + "'"));
        }
        String table = SummaryTable.render(ComparisonFixture.threeStrategies());

        for (TrustModel trust : List.of(PINNED, X509)) {
            String header = under(trust, table).lines().filter(line -> line.startsWith(Headings.COSTS + " "))
                    .findFirst().orElseThrow();
            assertTrue(header.indexOf(DSC.wireName().substring(0, 7)) < header.indexOf(" " + TLS.wireName() + " "),
                    header);
        }
        assertEquals(List.of("Bytes to NETCONF", "4,000 bytes", "5,000 bytes", "3,000 bytes", "1.25", "0.75"),
                cells("Bytes to NETCONF", under(PINNED, table)));
        assertEquals(List.of("Setup latency p50 (ms)", "38.0", "30.0", "25.1", "0.79", "0.66"),
                cells("Setup latency p50", under(PINNED, table)), "labels whole, on one line");
        assertEquals(List.of("Bytes to NETCONF", "5,800 bytes", "7,000 bytes", "3,600 bytes", "1.21", "0.62"),
                cells("Bytes to NETCONF", under(X509, table)));
        String certificates = under(CERT, table);
        assertEquals(List.of("Bytes to NETCONF", "4,300 bytes", "5,600 bytes", "1.30"),
                cells("Bytes to NETCONF", certificates));
        assertTrue(certificates.replaceAll("\\s+", " ").contains("tls does not run under OpenSSH certificates: "
                + CERT.whyNot(TLS) + "."), certificates);
        assertFalse(under(PINNED, table).contains("does not run under"), "only where it did not run");
        assertEquals(List.of("Rogue NMS on the call-home address", "holds: refused <&>", "holds: refused <&>",
                "holds: refused <&>"), cells("Rogue NMS on", under(PINNED, table)));
    }

    @Test
    void isEmptyForARunThatMeasuredNothing() {
        ComparisonResults full = ComparisonFixture.reverseSshOnly();

        assertEquals("", SummaryTable.render(new ComparisonResults(full.run(), List.of())));
    }

    /** The part of the table under {@code trust}: from its heading to the next trust model's, or to the end. */
    private static String under(TrustModel trust, String table) {
        int start = table.indexOf("\n" + Headings.under(trust) + "\n");
        assertTrue(start >= 0, "no part for " + trust.wireName() + " in\n" + table);
        int next = table.indexOf("\n" + "Under ", start + 1);
        return table.substring(start, next < 0 ? table.length() : next);
    }

    /** The cells of the row starting with {@code label}, split where two or more spaces separate them. */
    private static List<String> cells(String label, String table) {
        String line = table.lines().filter(candidate -> candidate.startsWith(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no row '" + label + "' in\n" + table));
        return List.of(line.split(" {2,}"));
    }
}
