package org.callhome.compare.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Number formats that read the same whatever the machine's locale. */
class NumbersTest {

    @Test
    void formatsWithTheRootLocaleWhateverTheDefault() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("12,345.7", Numbers.fixed(12_345.67, 1));
            assertEquals("1,000", Numbers.count(1_000));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void showsMillisecondsBelowOneWithTwoDecimals() {
        assertEquals("0.40", Numbers.millis(0.404));
        assertEquals("1.0", Numbers.millis(1.01));
        assertEquals("0.0", Numbers.millis(0));
        assertEquals(2, Numbers.millisDecimals(38.0, 0.95));
    }

    @Test
    void hasNoRatioForAZeroDenominator() {
        assertEquals("1.25", Numbers.ratio(5_000, 4_000));
        assertEquals(Numbers.NO_RATIO, Numbers.ratio(5, 0));
    }
}
