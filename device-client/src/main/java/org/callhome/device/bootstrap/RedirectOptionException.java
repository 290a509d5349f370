package org.callhome.device.bootstrap;

import java.io.IOException;

/**
 * Option 143 as a DHCP server sent it cannot be used: the list is malformed, or over a limit.
 * {@link #byteOffset()} is where in the bootstrap-server-list (the option instances concatenated)
 * the problem starts.
 */
public sealed class RedirectOptionException extends IOException
        permits MalformedRedirectOptionException, RedirectOptionTooLargeException {

    private static final long serialVersionUID = 1L;

    private final int byteOffset;

    RedirectOptionException(int byteOffset, String problem) {
        super("option 143 at byte offset " + byteOffset + ": " + problem);
        this.byteOffset = byteOffset;
    }

    /** Offset of the first byte in question, from the start of the bootstrap-server-list. */
    public int byteOffset() {
        return byteOffset;
    }
}
