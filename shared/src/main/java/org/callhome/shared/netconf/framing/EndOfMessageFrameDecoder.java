package org.callhome.shared.netconf.framing;

/**
 * End-of-message framing, RFC 6242 §4.3, used for the hello and for base:1.0 sessions:
 * <pre>
 *   +---------------------------+---+---+---+---+---+---+
 *   | message (1..max bytes)    | ] | ] | &gt; | ] | ] | &gt; |
 *   +---------------------------+---+---+---+---+---+---+
 * </pre>
 * The delimiter may be split across feed calls at any byte. A Knuth-Morris-Pratt match state
 * ({@link #matched}) tracks how many trailing bytes are a prefix of the delimiter, so runs such
 * as {@code ]]>]]]>]]>} are matched correctly without looking back.
 *
 * <p>Limit: a message of exactly {@code maxMessageBytes} is accepted. As soon as the bytes
 * received that cannot be part of the delimiter exceed it, {@link FrameTooLargeException} is
 * thrown, so at most {@code maxMessageBytes + 6} bytes are ever buffered. A delimiter with
 * nothing before it is a {@link MalformedFrameException}.
 */
final class EndOfMessageFrameDecoder implements FrameDecoder {

    private static final byte[] DELIMITER = {']', ']', '>', ']', ']', '>'};
    /** KMP failure function: FALLBACK[m] = longest proper prefix of DELIMITER[0..m] that is also its suffix. */
    private static final int[] FALLBACK = {0, 1, 0, 1, 2, 3};

    private final int maxMessageBytes;
    private final MessageHandler handler;
    /** Every byte since the last delimiter, including a partly received delimiter. */
    private final MessageBuffer buffer;
    /** How many bytes at the end of {@link #buffer} match the start of the delimiter. */
    private int matched;

    EndOfMessageFrameDecoder(int maxMessageBytes, MessageHandler handler) {
        this.maxMessageBytes = maxMessageBytes;
        this.handler = handler;
        this.buffer = new MessageBuffer(maxMessageBytes + DELIMITER.length);
    }

    @Override
    public int decode(byte[] bytes, int offset, int length) throws FramingException {
        int end = offset + length;
        int next = offset;
        int buffered = buffer.size();
        while (next < end && matched < DELIMITER.length) {
            matched = advance(matched, bytes[next++]);
            int messageBytes = buffered + (next - offset) - matched;
            if (messageBytes > maxMessageBytes) {
                throw FrameTooLargeException.atLeast(messageBytes, maxMessageBytes);
            }
        }
        buffer.append(bytes, offset, next - offset);
        if (matched == DELIMITER.length) {
            deliver();
        }
        return next - offset;
    }

    @Override
    public boolean hasPartialMessage() {
        return buffer.size() > 0;
    }

    /** Hands over the raw bytes received since the last message, for a switch to chunked framing. */
    byte[] takeBuffered() {
        matched = 0;
        return buffer.take(buffer.size());
    }

    private void deliver() throws MalformedFrameException {
        int messageBytes = buffer.size() - DELIMITER.length;
        matched = 0;
        if (messageBytes == 0) {
            buffer.clear();
            throw new MalformedFrameException("empty message: end-of-message delimiter with no bytes before it");
        }
        handler.onMessage(buffer.take(messageBytes));
    }

    private static int advance(int matched, byte b) {
        int m = matched;
        while (m > 0 && DELIMITER[m] != b) {
            m = FALLBACK[m - 1];
        }
        return DELIMITER[m] == b ? m + 1 : 0;
    }
}
