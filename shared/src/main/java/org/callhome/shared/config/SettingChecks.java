package org.callhome.shared.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The range checks the settings records share. The upper bounds are those of the model's types
 * (uint8 counts, uint16 seconds or minutes), so every valid record can be written as RFC 7951
 * JSON; the lower bounds refuse what the model allows but no device can honour (a period of
 * zero minutes).
 */
final class SettingChecks {

    /** The largest uint8: attempt counts in the model. */
    static final int MAX_UINT8 = 255;
    /** The largest uint16: seconds and minutes in the model. */
    static final int MAX_UINT16 = 65535;

    private SettingChecks() {
    }

    static int requireInRange(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be in " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    /** A positive duration of at most {@code max}; sub-second values are fine (tests use them). */
    static Duration requirePositive(String what, Duration value, Duration max) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
        if (value.compareTo(max) > 0) {
            throw new IllegalArgumentException(what + " must be at most " + max + ", got " + value);
        }
        return value;
    }
}
