package org.callhome.nms.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Admission of connections that have not authenticated yet, per device-facing listener, like
 * OpenSSH's {@code MaxStartups start:rate:full} and {@code PerSourceMaxStartups}, plus a deadline
 * for the peer's identification and key exchange of its own:
 * <ul>
 * <li>below {@code start} connections in progress, a new one is admitted;</li>
 * <li>from {@code start} on, it is refused with probability {@code ratePercent}%, rising linearly to
 *     100% at {@code full} (random early drop: a flood that fills the table still lets a share of
 *     new connections, a device's among them, in as its own connections time out);</li>
 * <li>at {@code full}, every new connection is refused;</li>
 * <li>a source (an IPv4 address, an IPv6 /64) with {@code perSource} connections in progress has
 *     its next one refused whatever the total, so one flooding host holds at most that many;</li>
 * <li>a connection that has not finished its first key exchange {@code kexTimeout} after TCP accept
 *     is closed and frees its place; {@code --auth-timeout} still bounds the login after it.</li>
 * </ul>
 * Every refusal closes the TCP connection before any SSH state exists for it.
 */
public record StartupLimits(int start, int ratePercent, int full, int perSource, Duration kexTimeout) {

    /** Largest value of any count: a TCP port's range, as every count option of the NMS. */
    public static final int MAX_COUNT = 65_535;

    /** {@code --max-startups} by default: random early drop from 64 connections in progress, all refused at 128. */
    public static final String DEFAULT_MAX_STARTUPS = "64:30:128";

    /** {@code --per-source-max-startups} by default: one host holds at most a quarter of the first 64 places. */
    public static final int DEFAULT_PER_SOURCE = 16;

    /** {@code --kex-timeout} by default: a device on a slow link sends its banner and exchanges keys well within it. */
    public static final long DEFAULT_KEX_TIMEOUT_SECONDS = 10;

    /** {@link #DEFAULT_KEX_TIMEOUT_SECONDS} as a duration. */
    public static final Duration DEFAULT_KEX_TIMEOUT = Duration.ofSeconds(DEFAULT_KEX_TIMEOUT_SECONDS);

    /** The command line's defaults. */
    public static final StartupLimits DEFAULT = withMaxStartups(DEFAULT_MAX_STARTUPS, DEFAULT_PER_SOURCE,
            DEFAULT_KEX_TIMEOUT);

    /** @throws IllegalArgumentException for a bound out of range, {@code start > full} or a rate past 100 */
    public StartupLimits {
        Objects.requireNonNull(kexTimeout, "kexTimeout");
        requireCount("start", start);
        requireCount("full", full);
        requireCount("perSource", perSource);
        if (start > full) {
            throw new IllegalArgumentException("start (" + start + ") must not exceed full (" + full + ")");
        }
        if (ratePercent < 0 || ratePercent > 100) {
            throw new IllegalArgumentException("rate must be a percentage in 0..100, got " + ratePercent);
        }
        if (kexTimeout.isNegative() || kexTimeout.isZero()) {
            throw new IllegalArgumentException("kexTimeout must be positive, got " + kexTimeout);
        }
    }

    /**
     * A hard limit of {@code max} connections in progress, none per source beyond it, and key exchange
     * bounded by {@code authTimeout} alone: the admission of the NMS before it told sources apart.
     */
    public static StartupLimits hardLimit(int max, Duration authTimeout) {
        return new StartupLimits(max, 100, max, max, authTimeout);
    }

    /**
     * Limits from {@code --max-startups} as OpenSSH writes MaxStartups: {@code N} (a hard limit of N)
     * or {@code start:rate:full}.
     *
     * @throws IllegalArgumentException naming the expected syntax, or the bound that is out of range
     */
    public static StartupLimits withMaxStartups(String maxStartups, int perSource, Duration kexTimeout) {
        String[] parts = maxStartups.split(":", -1);
        if (parts.length == 1) {
            int max = number(maxStartups, parts[0]);
            requireCount("max startups", max);
            return new StartupLimits(max, 100, max, perSource, kexTimeout);
        }
        if (parts.length != 3) {
            throw new IllegalArgumentException(syntax(maxStartups));
        }
        return new StartupLimits(number(maxStartups, parts[0]), number(maxStartups, parts[1]),
                number(maxStartups, parts[2]), perSource, kexTimeout);
    }

    /** How the limits read as {@code --max-startups} would give them. */
    public String maxStartups() {
        return start == full && ratePercent == 100 ? Integer.toString(full) : start + ":" + ratePercent + ":" + full;
    }

    private static int number(String whole, String part) {
        if (part.isEmpty() || part.length() > 6 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(syntax(whole));
        }
        return Integer.parseInt(part);
    }

    private static String syntax(String given) {
        return "N or START:RATE:FULL (e.g. 10:30:100) expected, got '" + given + "'";
    }

    private static void requireCount(String what, int value) {
        if (value < 1 || value > MAX_COUNT) {
            throw new IllegalArgumentException(what + " must be in 1.." + MAX_COUNT + ", got " + value);
        }
    }
}
