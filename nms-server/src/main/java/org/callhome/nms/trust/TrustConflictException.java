package org.callhome.nms.trust;

/** A change that contradicts what is trusted: a second key for an id, or one key for two ids. */
public final class TrustConflictException extends Exception {

    private static final long serialVersionUID = 1L;

    TrustConflictException(String message) {
        super(message);
    }
}
