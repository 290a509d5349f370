package org.callhome.shared.config;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the device holds its connection to the NMS open all the time or calls at intervals
 * ({@code connection-type} of ietf-netconf-server).
 */
public sealed interface ConnectionType permits ConnectionType.Persistent, ConnectionType.Periodic {

    /** Keep a connection open; when it ends, reconnect at once through the reconnect strategy. */
    record Persistent() implements ConnectionType {
    }

    /**
     * Connect at every period boundary, {@code anchorTime + k * period} (without an anchor the
     * boundaries count from the time the dialer started), and keep the connection until the NMS
     * closes it or it has been idle for {@code idleTimeout}.
     *
     * @param period      time between connections, at most 65535 minutes (uint16 minutes)
     * @param anchorTime  a boundary; the model wants it on a whole minute
     * @param idleTimeout how long a connection may carry nothing before the device closes it,
     *                    at most 65535 s. The model's 0 ("never") is not offered: a periodic
     *                    connection the NMS forgets to close would then hold the device forever.
     */
    record Periodic(Duration period, Optional<Instant> anchorTime, Duration idleTimeout) implements ConnectionType {

        public static final int DEFAULT_PERIOD_MINUTES = 60;
        public static final Duration DEFAULT_PERIOD = Duration.ofMinutes(DEFAULT_PERIOD_MINUTES);
        public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 180;
        public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(DEFAULT_IDLE_TIMEOUT_SECONDS);
        /** The model's defaults: every 60 minutes from the start, idle timeout 180 s. */
        public static final Periodic DEFAULT = new Periodic(DEFAULT_PERIOD, Optional.empty(), DEFAULT_IDLE_TIMEOUT);

        public Periodic {
            SettingChecks.requirePositive("period", period, Duration.ofMinutes(SettingChecks.MAX_UINT16));
            Objects.requireNonNull(anchorTime, "anchorTime");
            SettingChecks.requirePositive("idle-timeout", idleTimeout, Duration.ofSeconds(SettingChecks.MAX_UINT16));
        }

        public Periodic withPeriod(Duration value) {
            return new Periodic(value, anchorTime, idleTimeout);
        }

        public Periodic withAnchorTime(Instant value) {
            return new Periodic(period, Optional.of(value), idleTimeout);
        }

        public Periodic withIdleTimeout(Duration value) {
            return new Periodic(period, anchorTime, value);
        }
    }
}
