package org.callhome.nms.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** --max-startups as OpenSSH writes MaxStartups, and the bounds of every admission limit. */
class StartupLimitsTest {

    private static final Duration KEX = Duration.ofSeconds(10);

    @Test
    void aSingleNumberIsAHardLimit() {
        StartupLimits limits = StartupLimits.withMaxStartups("64", 16, KEX);
        assertEquals(new StartupLimits(64, 100, 64, 16, KEX), limits);
        assertEquals("64", limits.maxStartups());
    }

    @Test
    void startRateFullIsRandomEarlyDrop() {
        StartupLimits limits = StartupLimits.withMaxStartups("10:30:100", 5, KEX);
        assertEquals(new StartupLimits(10, 30, 100, 5, KEX), limits);
        assertEquals("10:30:100", limits.maxStartups());
    }

    @Test
    void theDefaultsLeaveAFloodingSourceAQuarterOfThePlacesBeforeEarlyDrop() {
        assertEquals(new StartupLimits(64, 30, 128, 16, Duration.ofSeconds(10)), StartupLimits.DEFAULT);
    }

    @Test
    void everyCountIsTakenAtItsCeilingAndRefusedOnePast() {
        assertEquals(StartupLimits.MAX_COUNT, StartupLimits.withMaxStartups("65535", 65_535, KEX).full());
        assertThrows(IllegalArgumentException.class, () -> StartupLimits.withMaxStartups("65536", 1, KEX));
        assertThrows(IllegalArgumentException.class, () -> StartupLimits.withMaxStartups("1", 65_536, KEX));
        assertThrows(IllegalArgumentException.class, () -> StartupLimits.withMaxStartups("0", 1, KEX));
        assertThrows(IllegalArgumentException.class, () -> StartupLimits.withMaxStartups("1", 0, KEX));
    }

    @Test
    void startMayEqualFullButNotPassIt() {
        assertEquals(5, StartupLimits.withMaxStartups("5:30:5", 1, KEX).start());
        assertEquals("start (6) must not exceed full (5)", assertThrows(IllegalArgumentException.class,
                () -> StartupLimits.withMaxStartups("6:30:5", 1, KEX)).getMessage());
    }

    @Test
    void theRateIsAPercentageFromNoneToAll() {
        assertEquals(0, StartupLimits.withMaxStartups("1:0:2", 1, KEX).ratePercent());
        assertEquals(100, StartupLimits.withMaxStartups("1:100:2", 1, KEX).ratePercent());
        assertEquals("rate must be a percentage in 0..100, got 101", assertThrows(IllegalArgumentException.class,
                () -> StartupLimits.withMaxStartups("1:101:2", 1, KEX)).getMessage());
    }

    @Test
    void anythingButNumbersSeparatedByColonsNamesTheSyntax() {
        for (String wrong : new String[] {"", "10:30", "10:30:100:1", "-1", "a", "10::100", " 10", "99999999999"}) {
            assertEquals("N or START:RATE:FULL (e.g. 10:30:100) expected, got '" + wrong + "'",
                    assertThrows(IllegalArgumentException.class,
                            () -> StartupLimits.withMaxStartups(wrong, 1, KEX)).getMessage(), wrong);
        }
    }

    @Test
    void theKeyExchangeDeadlineMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new StartupLimits(1, 100, 1, 1, Duration.ZERO));
        assertEquals(Duration.ofMillis(1), new StartupLimits(1, 100, 1, 1, Duration.ofMillis(1)).kexTimeout());
    }
}
