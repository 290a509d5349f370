package org.callhome.shared.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How the device works through its endpoints when it has no connection: start with the one
 * {@code startWith} names, try each endpoint {@code maxAttempts} times, then the next one, round
 * robin; an attempt that has not connected within {@code maxWait} has failed
 * ({@code reconnect-strategy} of ietf-netconf-server).
 *
 * @param startWith   which endpoint each round starts with
 * @param maxWait     how long one attempt may take to connect, at most 65535 s (uint16 seconds)
 * @param maxAttempts attempts on one endpoint before moving to the next, 1..255 (uint8)
 */
public record ReconnectStrategy(StartWith startWith, Duration maxWait, int maxAttempts) {

    public static final int DEFAULT_MAX_WAIT_SECONDS = 5;
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(DEFAULT_MAX_WAIT_SECONDS);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** The model's defaults: first-listed, 5 s, 3 attempts. */
    public static final ReconnectStrategy DEFAULT =
            new ReconnectStrategy(StartWith.FIRST_LISTED, DEFAULT_MAX_WAIT, DEFAULT_MAX_ATTEMPTS);

    public ReconnectStrategy {
        Objects.requireNonNull(startWith, "startWith");
        SettingChecks.requirePositive("reconnect max-wait", maxWait,
                Duration.ofSeconds(SettingChecks.MAX_UINT16));
        SettingChecks.requireInRange("reconnect max-attempts", maxAttempts, 1, SettingChecks.MAX_UINT8);
    }
}
