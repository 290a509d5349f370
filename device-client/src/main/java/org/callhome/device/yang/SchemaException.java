package org.callhome.device.yang;

/** The device's YANG modules cannot be read, or do not make one schema; the message says why. */
public final class SchemaException extends Exception {

    private static final long serialVersionUID = 1L;

    public SchemaException(String message) {
        super(message);
    }

    public SchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
