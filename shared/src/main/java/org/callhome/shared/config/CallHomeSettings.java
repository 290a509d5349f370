package org.callhome.shared.config;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One netconf-client entry of call-home on the device: whom it calls, in which order, and how it
 * holds the connection. The dialer reads nothing else.
 *
 * @param name           the NMS's name, unique among the entries of the device
 * @param endpoints      the NMS's addresses in order of preference, at least one, names unique
 * @param connectionType persistent or periodic
 * @param reconnect      how the endpoints are worked through when there is no connection
 * @param keepalives     the SSH liveness test of the NMS
 * @param jitterFraction 0..0.5: the dialer spreads every delay by up to this fraction of itself,
 *                       up or down, at random, so that a fleet that lost its NMS at one moment
 *                       does not call back at one moment; two decimals at most, as in the
 *                       model (decimal64 with two fraction digits)
 */
public record CallHomeSettings(String name, List<Endpoint> endpoints, ConnectionType connectionType,
                               ReconnectStrategy reconnect, Keepalives keepalives, double jitterFraction) {

    public static final double DEFAULT_JITTER_FRACTION = 0.2;
    /** Half of each delay: more would let a delay shrink to nearly nothing. */
    public static final double MAX_JITTER_FRACTION = 0.5;
    /** The fraction-digits of callhome-device-ssh:jitter-fraction. */
    public static final int JITTER_FRACTION_DIGITS = 2;

    public CallHomeSettings {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("the NMS name must not be blank");
        }
        endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("NMS '" + name + "': at least one endpoint is needed");
        }
        Set<String> names = new HashSet<>();
        for (Endpoint endpoint : endpoints) {
            if (!names.add(endpoint.name())) {
                throw new IllegalArgumentException("NMS '" + name + "': endpoint name '" + endpoint.name()
                        + "' appears more than once");
            }
        }
        Objects.requireNonNull(connectionType, "connectionType");
        Objects.requireNonNull(reconnect, "reconnect");
        Objects.requireNonNull(keepalives, "keepalives");
        if (!(jitterFraction >= 0 && jitterFraction <= MAX_JITTER_FRACTION)) {
            throw new IllegalArgumentException("jitter fraction must be in 0.." + MAX_JITTER_FRACTION
                    + ", got " + jitterFraction);
        }
        if (BigDecimal.valueOf(jitterFraction).stripTrailingZeros().scale() > JITTER_FRACTION_DIGITS) {
            throw new IllegalArgumentException("jitter fraction must have at most " + JITTER_FRACTION_DIGITS
                    + " decimals, got " + jitterFraction);
        }
    }

    /** A persistent connection with the model's defaults and 20 % jitter. */
    public static CallHomeSettings defaults(String name, List<Endpoint> endpoints) {
        return new CallHomeSettings(name, endpoints, new ConnectionType.Persistent(), ReconnectStrategy.DEFAULT,
                Keepalives.DEFAULT, DEFAULT_JITTER_FRACTION);
    }

    public CallHomeSettings withEndpoints(List<Endpoint> value) {
        return new CallHomeSettings(name, value, connectionType, reconnect, keepalives, jitterFraction);
    }

    public CallHomeSettings withConnectionType(ConnectionType value) {
        return new CallHomeSettings(name, endpoints, value, reconnect, keepalives, jitterFraction);
    }

    public CallHomeSettings withReconnect(ReconnectStrategy value) {
        return new CallHomeSettings(name, endpoints, connectionType, value, keepalives, jitterFraction);
    }

    public CallHomeSettings withKeepalives(Keepalives value) {
        return new CallHomeSettings(name, endpoints, connectionType, reconnect, value, jitterFraction);
    }

    public CallHomeSettings withJitterFraction(double value) {
        return new CallHomeSettings(name, endpoints, connectionType, reconnect, keepalives, value);
    }
}
