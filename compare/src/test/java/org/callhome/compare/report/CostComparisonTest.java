package org.callhome.compare.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.callhome.compare.model.Spread;
import org.junit.jupiter.api.Test;

/** The rule that decides whether two strategies differ on a cost figure, at its limits. */
class CostComparisonTest {

    @Test
    void tenPercentApartIsAboutTheSameAndJustOverItIsNot() {
        assertEquals(CostComparison.Outcome.ABOUT_THE_SAME, compare(110, 100).outcome());
        assertEquals("about the same (within 10%)", compare(110, 100).describe("b"));
        assertEquals(CostComparison.Outcome.HIGHER, compare(110.5, 100).outcome());
        assertEquals("b 10.5% higher", compare(110.5, 100).describe("b"));
        assertEquals(CostComparison.Outcome.ABOUT_THE_SAME, compare(90, 100).outcome());
        assertEquals("b 11% lower", compare(89, 100).describe("b"));
    }

    @Test
    void overlappingRangesOfSeveralRunsAreAboutTheSame() {
        Spread numerator = Spread.of(List.of(60.0, 80.0, 130.0));
        Spread denominator = Spread.of(List.of(100.0, 110.0, 120.0));

        CostComparison comparison = new CostComparison(numerator, denominator);

        assertEquals(CostComparison.Outcome.ABOUT_THE_SAME, comparison.outcome());
        assertEquals("about the same (the ranges of their runs overlap)", comparison.describe("b"));
        CostComparison apart = new CostComparison(Spread.of(List.of(60.0, 80.0, 99.0)), denominator);
        assertEquals("b 27% lower", apart.describe("b"));
    }

    @Test
    void aZeroDenominatorHasNoRatioButStillADirection() {
        CostComparison comparison = compare(5, 0);

        assertEquals(false, comparison.hasRatio());
        assertEquals("b higher", comparison.describe("b"));
        assertEquals("the same", compare(0, 0).describe("b"));
    }

    @Test
    void spreadTakesTheMiddleOfAnEvenCountAndRefusesNone() {
        assertEquals(new Spread(1, 2.5, 4, 4), Spread.of(List.of(4.0, 1.0, 3.0, 2.0)));
        assertEquals(new Spread(7, 7, 7, 1), Spread.of(List.of(7.0)));
        assertThrows(IllegalArgumentException.class, () -> Spread.of(List.of()));
    }

    private static CostComparison compare(double numerator, double denominator) {
        return new CostComparison(Spread.of(List.of(numerator)), Spread.of(List.of(denominator)));
    }
}
