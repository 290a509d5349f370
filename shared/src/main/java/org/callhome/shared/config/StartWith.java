package org.callhome.shared.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which endpoint a (re)connection starts with: {@code reconnect-strategy/start-with} of
 * ietf-netconf-server. Java names follow Java, {@link #wireName()} is the model's enum.
 */
public enum StartWith {
    /** The first endpoint of the list, every time: the list order is the preference order. */
    FIRST_LISTED("first-listed"),
    /** The endpoint that last accepted a connection, else the first: sticks to a working NMS. */
    LAST_CONNECTED("last-connected"),
    /** A random endpoint: spreads a fleet over equal NMS instances. */
    RANDOM_SELECTION("random-selection");

    private final String wireName;

    StartWith(String wireName) {
        this.wireName = wireName;
    }

    /** The enum value in ietf-netconf-server, also used on the command line. */
    public String wireName() {
        return wireName;
    }

    public static StartWith fromWireName(String name) {
        for (StartWith value : values()) {
            if (value.wireName.equals(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown start-with '" + name + "': expected one of "
                + Arrays.stream(values()).map(StartWith::wireName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
