package org.callhome.compare.report;

import static org.callhome.compare.report.ComparisonFixture.DSC;
import static org.callhome.compare.report.ComparisonFixture.RS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.callhome.compare.model.ComparisonResults;
import org.junit.jupiter.api.Test;

/** The table printed on the terminal at the end of a run. */
class SummaryTableTest {

    @Test
    void fitsInOneHundredColumnsWithAColumnPerStrategyAndTheirRatio() {
        String table = SummaryTable.render(ComparisonFixture.bothStrategies());

        table.lines().forEach(line -> assertTrue(line.length() <= 100, "too long: '" + line + "'"));
        String header = table.lines().filter(line -> line.startsWith(Headings.COSTS + " ")).findFirst().orElseThrow();
        assertTrue(header.indexOf(RS.wireName()) < header.indexOf(DSC.wireName() + "  "), header);
        assertTrue(header.endsWith(Columns.RATIO_LABEL), header);
        assertEquals(List.of("Bytes to NETCONF", "4,000 bytes", "5,000 bytes", "1.25"),
                cells("Bytes to NETCONF", table));
    }

    @Test
    void listsTheVerdictOfEveryScenarioPerStrategy() {
        String table = SummaryTable.render(ComparisonFixture.bothStrategies());

        assertEquals(List.of("Rogue NMS on the call-home address", "holds: refused <&>",
                "holds: refused <&>"), cells("Rogue NMS on", table));
        assertEquals(List.of("Stolen device key replayed from another address", "fails: copy logs in",
                "copy passes as the device"), cells("Stolen device key replayed", table));
        assertEquals(List.of("Downgrade to a weaker transport", "not run: no legacy peer", "-"),
                cells("Downgrade to", table));
        assertFalse(table.contains("see finding"));
    }

    @Test
    void opensWithTheFindingsForBothStrategies() {
        String table = SummaryTable.render(ComparisonFixture.bothStrategies());

        assertTrue(table.startsWith(Headings.FINDINGS + "\n"), table);
        String findings = table.substring(0, table.indexOf("\n" + Headings.COSTS + " "));
        assertTrue(findings.contains("- " + RS.wireName() + ": holds: refused <&>"), findings);
        assertTrue(findings.contains("- " + DSC.wireName() + ": copy passes as the device"), findings);
        assertTrue(findings.contains(ComparisonFixture.ROGUE_NMS_MATTERS), findings);
    }

    @Test
    void rendersASingleStrategyWithoutRatio() {
        String table = SummaryTable.render(ComparisonFixture.reverseSshOnly());

        assertFalse(table.contains(DSC.wireName()));
        assertFalse(table.contains(Columns.RATIO_LABEL));
        assertEquals(List.of("Bytes to NETCONF", "4,000 bytes"), cells("Bytes to NETCONF", table));
    }

    @Test
    void isEmptyForARunThatMeasuredNothing() {
        ComparisonResults full = ComparisonFixture.reverseSshOnly();

        assertEquals("", SummaryTable.render(new ComparisonResults(full.run(), Map.of(), List.of(), Map.of())));
    }

    /** The cells of the row starting with {@code label}, split where two or more spaces separate them. */
    private static List<String> cells(String label, String table) {
        String line = table.lines().filter(candidate -> candidate.startsWith(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no row '" + label + "' in\n" + table));
        return List.of(line.split(" {2,}"));
    }
}
