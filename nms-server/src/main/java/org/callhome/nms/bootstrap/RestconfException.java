package org.callhome.nms.bootstrap;

/**
 * A request the bootstrap server refuses, as one RESTCONF error (RFC 8040 §7.1): its HTTP status,
 * error-type and error-tag. Its message reaches the device, so it names only what the device sent.
 */
final class RestconfException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorType;
    private final String errorTag;

    private RestconfException(int status, String errorType, String errorTag, String message) {
        super(message, null, false, false);
        this.status = status;
        this.errorType = errorType;
        this.errorTag = errorTag;
    }

    /** 400: the body is not the operation's input. */
    static RestconfException malformed(String message) {
        return new RestconfException(400, "protocol", "malformed-message", message);
    }

    /** 400: a member of the input has a value the model does not allow. */
    static RestconfException invalidValue(String message) {
        return new RestconfException(400, "application", "invalid-value", message);
    }

    /** 401: no client certificate, or not an IDevID of a trusted CA; says nothing more. */
    static RestconfException unauthorized() {
        return new RestconfException(401, "protocol", "access-denied", "access denied");
    }

    /** 404: nothing to bootstrap this device with. */
    static RestconfException noData(String message) {
        return new RestconfException(404, "application", "data-missing", message);
    }

    /** 415: a body that is not {@code application/yang-data+json}. */
    static RestconfException mediaType(String message) {
        return new RestconfException(415, "protocol", "invalid-value", message);
    }

    /** 503: the bootstrap server cannot take more devices now. */
    static RestconfException unavailable(String message) {
        return new RestconfException(503, "application", "resource-denied", message);
    }

    int status() {
        return status;
    }

    String errorType() {
        return errorType;
    }

    String errorTag() {
        return errorTag;
    }
}
