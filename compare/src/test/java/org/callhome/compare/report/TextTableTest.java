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
    void refusesColumnsThatCannotFitAtAll() {
        assertThrows(IllegalArgumentException.class, () -> table().render(3));
    }
}
