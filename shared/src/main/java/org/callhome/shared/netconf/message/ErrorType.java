package org.callhome.shared.netconf.message;

/** The layer an {@code <rpc-error>} comes from (RFC 6241 §4.3, error-type). */
public enum ErrorType {
    TRANSPORT("transport"),
    RPC("rpc"),
    PROTOCOL("protocol"),
    APPLICATION("application");

    private final String wireName;

    ErrorType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static ErrorType fromWire(String value) {
        for (ErrorType type : values()) {
            if (type.wireName.equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown error-type '" + value + "'");
    }
}
