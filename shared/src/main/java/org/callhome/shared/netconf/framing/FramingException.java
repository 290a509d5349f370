package org.callhome.shared.netconf.framing;

import java.io.IOException;

/**
 * A framing error from the peer. The session must be closed; there is no resynchronisation
 * (RFC 6242 §4.2: "the session MUST be terminated" on an invalid chunk header).
 */
public sealed class FramingException extends IOException
        permits MalformedFrameException, FrameTooLargeException {

    private static final long serialVersionUID = 1L;

    FramingException(String message) {
        super(message);
    }
}
