package org.callhome.device.bootstrap;

/**
 * The bootstrap-server-list is longer than {@link SztpRedirectOption#MAX_LIST_BYTES} or holds more
 * than {@link SztpRedirectOption#MAX_URIS} URIs. Raised before the excess is copied or parsed.
 */
public final class RedirectOptionTooLargeException extends RedirectOptionException {

    private static final long serialVersionUID = 1L;

    RedirectOptionTooLargeException(int byteOffset, String problem) {
        super(byteOffset, problem);
    }
}
