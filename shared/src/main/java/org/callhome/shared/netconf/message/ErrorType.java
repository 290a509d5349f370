package org.callhome.shared.netconf.message;

import org.callhome.shared.text.WireNamed;
import org.callhome.shared.text.WireNames;

/** The layer an {@code <rpc-error>} comes from (RFC 6241 §4.3, error-type). */
public enum ErrorType implements WireNamed {
    TRANSPORT("transport"),
    RPC("rpc"),
    PROTOCOL("protocol"),
    APPLICATION("application");

    private final String wireName;

    ErrorType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public static ErrorType fromWire(String value) {
        return WireNames.lookup(ErrorType.class, value, "error-type");
    }
}
