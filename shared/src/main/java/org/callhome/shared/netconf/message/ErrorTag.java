package org.callhome.shared.netconf.message;

import org.callhome.shared.text.WireNamed;
import org.callhome.shared.text.WireNames;

/**
 * Every error-tag of RFC 6241 Appendix A, with the HTTP status an API answers when an RPC it
 * relayed failed with that tag.
 */
public enum ErrorTag implements WireNamed {
    IN_USE("in-use", 409),
    INVALID_VALUE("invalid-value", 400),
    TOO_BIG("too-big", 413),
    MISSING_ATTRIBUTE("missing-attribute", 400),
    BAD_ATTRIBUTE("bad-attribute", 400),
    UNKNOWN_ATTRIBUTE("unknown-attribute", 400),
    MISSING_ELEMENT("missing-element", 400),
    BAD_ELEMENT("bad-element", 400),
    UNKNOWN_ELEMENT("unknown-element", 400),
    UNKNOWN_NAMESPACE("unknown-namespace", 400),
    ACCESS_DENIED("access-denied", 403),
    LOCK_DENIED("lock-denied", 409),
    RESOURCE_DENIED("resource-denied", 409),
    ROLLBACK_FAILED("rollback-failed", 500),
    DATA_EXISTS("data-exists", 409),
    DATA_MISSING("data-missing", 404),
    OPERATION_NOT_SUPPORTED("operation-not-supported", 501),
    OPERATION_FAILED("operation-failed", 500),
    MALFORMED_MESSAGE("malformed-message", 400);

    private final String wireName;
    private final int httpStatus;

    ErrorTag(String wireName, int httpStatus) {
        this.wireName = wireName;
        this.httpStatus = httpStatus;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static ErrorTag fromWire(String value) {
        return WireNames.lookup(ErrorTag.class, value, "error-tag");
    }
}
