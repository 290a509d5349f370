package org.callhome.compare.report;

import java.util.Locale;

/** Number formats shared by every report, in {@link Locale#ROOT} so a report reads the same on every machine. */
final class Numbers {

    /** Shown where a ratio has no meaning: a zero denominator or two different units. */
    static final String NO_RATIO = "n/a";

    private Numbers() {
    }

    /** {@code value} with {@code decimals} decimals and thousands separators. */
    static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    /** Milliseconds with {@link #millisDecimals} decimals. */
    static String millis(double value) {
        return fixed(value, millisDecimals(value));
    }

    /**
     * Decimals for milliseconds shown side by side: one, or two when any of them is below one
     * millisecond, where one decimal would round a loopback RPC to nothing.
     */
    static int millisDecimals(double... values) {
        for (double value : values) {
            if (value != 0 && Math.abs(value) < 1) {
                return 2;
            }
        }
        return 1;
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** {@code numerator / denominator} with two decimals, or {@link #NO_RATIO} for a zero denominator. */
    static String ratio(double numerator, double denominator) {
        if (denominator == 0) {
            return NO_RATIO;
        }
        return String.format(Locale.ROOT, "%.2f", numerator / denominator);
    }

    /** All of {@code count} things in a sentence: "both" for two, "all three", "all 4". */
    static String all(int count) {
        return switch (count) {
            case 2 -> "both";
            case 3 -> "all three";
            default -> "all " + count;
        };
    }

    static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }
}
