package org.callhome.shared.sztp;

import org.callhome.shared.text.WireNamed;

/** How the device applies onboarding {@code configuration} (RFC 8572 §6.3 {@code configuration-handling}). */
public enum ConfigurationHandling implements WireNamed {
    /** Merge into the running configuration. */
    MERGE("merge"),
    /** Replace the running configuration. */
    REPLACE("replace");

    private final String wireName;

    ConfigurationHandling(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
