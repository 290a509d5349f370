package org.callhome.shared.sztp;

/**
 * An artifact's JSON (RFC 7951) that is not what its YANG module allows, or asks for what this
 * implementation does not support: where (a JSON path such as
 * {@code /ietf-voucher:voucher/serial-number}) and why, in one sentence.
 */
public final class ArtifactFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final String reason;
    private final boolean unsupported;

    ArtifactFormatException(String path, String reason) {
        this(path, reason, false);
    }

    ArtifactFormatException(String path, String reason, boolean unsupported) {
        super(path + ": " + reason);
        this.path = path;
        this.reason = reason;
        this.unsupported = unsupported;
    }

    /** Whether the JSON is valid for its module but asks for what this implementation does not do (a boot image). */
    public boolean unsupported() {
        return unsupported;
    }

    /** The JSON path of the offending member, {@code /} for the whole document. */
    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }
}
