package org.callhome.shared.config;

import java.time.Duration;

/**
 * How the device, as SSH server, tests that the NMS is still there (RFC 8071 section 3.1: an SSH
 * global request of a nonexistent name with want-reply): after {@code maxWait} without data it
 * asks, and after {@code maxAttempts} unanswered requests in a row it drops the connection
 * ({@code ssh-server-parameters/keepalives} of ietf-ssh-server). The device always tests, so a
 * configuration without the container gets these defaults.
 *
 * @param maxWait     quiet time before a keepalive request, at most 65535 s (uint16 seconds)
 * @param maxAttempts unanswered requests in a row before giving up, 1..255 (uint8; zero would
 *                    drop every connection at its first quiet spell)
 */
public record Keepalives(Duration maxWait, int maxAttempts) {

    public static final int DEFAULT_MAX_WAIT_SECONDS = 30;
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(DEFAULT_MAX_WAIT_SECONDS);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** The model's defaults: 30 s, 3 attempts. */
    public static final Keepalives DEFAULT = new Keepalives(DEFAULT_MAX_WAIT, DEFAULT_MAX_ATTEMPTS);

    public Keepalives {
        SettingChecks.requirePositive("keepalive max-wait", maxWait, Duration.ofSeconds(SettingChecks.MAX_UINT16));
        SettingChecks.requireInRange("keepalive max-attempts", maxAttempts, 1, SettingChecks.MAX_UINT8);
    }
}
