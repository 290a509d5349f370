package org.callhome.shared.netconf.framing;

/**
 * The peer sent bytes that the framing grammar does not allow: a bad chunk header, an empty
 * message, bytes after the hello that are not a valid frame.
 */
public final class MalformedFrameException extends FramingException {

    private static final long serialVersionUID = 1L;

    public MalformedFrameException(String message) {
        super(message);
    }
}
