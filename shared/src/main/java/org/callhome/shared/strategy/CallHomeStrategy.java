package org.callhome.shared.strategy;

import org.callhome.shared.text.WireNamed;
import org.callhome.shared.text.WireNames;

/**
 * The ways this project runs NETCONF over a device-initiated connection. Everything above the
 * transport (NETCONF engine, registry, API, comparison) treats them alike and only reports
 * which one made a session.
 */
public enum CallHomeStrategy implements WireNamed {

    /** RFC 8071: the device dials and is the SSH server; the NMS logs in and opens "netconf". */
    REVERSE_SSH("reverse-ssh"),

    /** The alternative: the device dials, is the SSH client, logs into the NMS and opens the channel. */
    DEVICE_SSH_CLIENT("device-ssh-client"),

    /**
     * RFC 8071 over TLS (port 4335) with NETCONF over TLS (RFC 7589): the device dials and is the TLS
     * server; the NMS is the TLS client; both present X.509 certificates.
     */
    TLS("tls");

    private final String wireName;

    CallHomeStrategy(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the command line (--mode), in the API and in reports. */
    @Override
    public String wireName() {
        return wireName;
    }

    public static CallHomeStrategy fromWireName(String name) {
        return WireNames.lookup(CallHomeStrategy.class, name, "strategy");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
