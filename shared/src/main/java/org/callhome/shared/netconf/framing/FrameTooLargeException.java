package org.callhome.shared.netconf.framing;

/**
 * The peer sent, or announced in a chunk header, a message longer than
 * {@code NetconfLimits.maxMessageBytes()}. Raised before the excess is buffered.
 */
public final class FrameTooLargeException extends FramingException {

    private static final long serialVersionUID = 1L;

    private FrameTooLargeException(String message) {
        super(message);
    }

    /**
     * The message is not finished (or not even received) yet, so only a lower bound of its
     * length is known: the bytes received, or the chunk sizes announced, so far.
     */
    public static FrameTooLargeException atLeast(long length, long maxMessageBytes) {
        return new FrameTooLargeException(
                "message length (at least " + length + ") exceeds the allowed maximum (" + maxMessageBytes + ")");
    }
}
