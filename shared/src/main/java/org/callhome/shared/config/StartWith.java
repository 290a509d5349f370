package org.callhome.shared.config;

import org.callhome.shared.text.WireNamed;
import org.callhome.shared.text.WireNames;


/**
 * Which endpoint a (re)connection starts with: {@code reconnect-strategy/start-with} of
 * ietf-netconf-server. Java names follow Java, {@link #wireName()} is the model's enum.
 */
public enum StartWith implements WireNamed {
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
    @Override
    public String wireName() {
        return wireName;
    }

    public static StartWith fromWireName(String name) {
        return WireNames.lookup(StartWith.class, name, "start-with");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
