package org.callhome.shared.strategy;

/**
 * The ways this project runs NETCONF over a device-initiated connection. Everything above the
 * transport (NETCONF engine, registry, API, comparison) treats them alike and only reports
 * which one made a session; a third (TLS call home, RFC 8071 port 4335) is one more value.
 */
public enum CallHomeStrategy {

    /** RFC 8071: the device dials and is the SSH server; the NMS logs in and opens "netconf". */
    REVERSE_SSH("reverse-ssh"),

    /** The alternative: the device dials, is the SSH client, logs into the NMS and opens the channel. */
    DEVICE_SSH_CLIENT("device-ssh-client");

    private final String wireName;

    CallHomeStrategy(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the command line (--mode), in the API and in reports. */
    public String wireName() {
        return wireName;
    }

    public static CallHomeStrategy fromWireName(String name) {
        for (CallHomeStrategy strategy : values()) {
            if (strategy.wireName.equals(name)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + name + "': expected reverse-ssh or device-ssh-client");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
