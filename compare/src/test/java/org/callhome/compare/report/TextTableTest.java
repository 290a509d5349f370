package org.callhome.compare.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Fixed-width tables that wrap rather than overflow. */
class TextTableTest {

    private static TextTable table() {
        return TextTable.labelled(List.of("Name", "value")).add(List.of("latency p50", "12.5"));
    }

    @Test
    void rendersAtItsNaturalWidthWhenThatFits() {
        assertEquals(List.of(
                "Name         value",
                "-----------  -----",
                "latency p50   12.5"), table().render(18));
    }

    @Test
    void wrapsTheLabelWhenOneCharacterNarrowerThanNatural() {
        assertEquals(List.of(
                "Name        value",
                "----------  -----",
                "latency      12.5",
                "p50"), table().render(17));
    }

    @Test
    void wrapsAHeaderWiderThanItsCellsBeforeAnyCell() {
        TextTable table = TextTable.labelled(List.of("Count", "device-ssh-client / reverse-ssh"))
                .add(List.of("bytes", "1.25"));

        assertEquals(List.of(
                "Count  device-ssh-client",
                "           / reverse-ssh",
                "-----  -----------------",
                "bytes               1.25"), table.render(24));
    }

    @Test
    void splitsAHeaderAfterAHyphenRatherThanInsideAName() {
        TextTable table = TextTable.labelled(List.of("Count", "device-ssh-client")).add(List.of("bytes", "5,000"));

        assertEquals(List.of(
                "Count  device-ssh-",
                "            client",
                "-----  -----------",
                "bytes        5,000"), table.render(18));
    }

    @Test
    void narrowsTheColumnWhereWrappingCostsTheFewestLines() {
        TextTable table = TextTable.labelled(List.of("Figure", "a"))
                .add(List.of("Setup latency p50 (ms)", "38.0"))
                .add(List.of("Setup latency p90 (ms)", "54.2"))
                .add(List.of("Round trips", "7.0 round trips"));

        assertEquals(List.of(
                "Figure                              a",
                "----------------------  -------------",
                "Setup latency p50 (ms)           38.0",
                "Setup latency p90 (ms)           54.2",
                "Round trips                 7.0 round",
                "                                trips"), table.render(37),
                "one figure wraps rather than every label (as narrowing the widest column would have)");
    }

    @Test
    void refusesColumnsThatCannotFitAtAll() {
        assertThrows(IllegalArgumentException.class, () -> table().render(3));
    }
}
