package org.callhome.shared.netconf.framing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.callhome.shared.netconf.NetconfLimits;

/**
 * Frames outgoing NETCONF messages (RFC 6242 §4), the counterpart of {@link NetconfFrameDecoder}.
 * <pre>
 *   END_OF_MESSAGE (§4.3):  &lt;message&gt; ]]&gt;]]&gt;
 *   CHUNKED (§4.2):         \n#&lt;n&gt;\n &lt;n bytes&gt;  ...  \n##\n    n = 1..maxChunkBytes
 * </pre>
 * A message that cannot be framed is our bug, not the peer's: {@link IllegalArgumentException}.
 * That is an empty message and, in end-of-message framing, one that contains {@code ]]>]]>} or
 * ends in {@code ]]>} (which would run into the delimiter: {@code x]]>]]>]]>} decodes as
 * {@code x}). Well-formed XML never does either. One thread at a time; no I/O.
 */
public final class NetconfFrameEncoder {

    private static final byte[] DELIMITER = "]]>]]>".getBytes(StandardCharsets.US_ASCII);
    /** The longest proper prefix of the delimiter that is also its suffix. */
    private static final byte[] DELIMITER_BORDER = "]]>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_CHUNKS = "\n##\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    private final int maxChunkBytes;
    private Framing framing = Framing.END_OF_MESSAGE;

    public NetconfFrameEncoder(NetconfLimits limits) {
        this.maxChunkBytes = Objects.requireNonNull(limits, "limits").maxChunkBytes();
    }

    /** The framed bytes of one message, in the framing now in force. */
    public byte[] encode(byte[] message) {
        if (message.length == 0) {
            throw new IllegalArgumentException("cannot frame an empty message");
        }
        return framing == Framing.CHUNKED ? encodeChunked(message) : encodeEndOfMessage(message);
    }

    /** @throws IllegalStateException if already chunked */
    public void switchToChunked() {
        if (framing == Framing.CHUNKED) {
            throw new IllegalStateException("framing is already chunked");
        }
        framing = Framing.CHUNKED;
    }

    public Framing framing() {
        return framing;
    }

    private static byte[] encodeEndOfMessage(byte[] message) {
        int at = indexOf(message, DELIMITER);
        if (at >= 0) {
            throw new IllegalArgumentException("message contains the end-of-message delimiter ]]>]]> at byte " + at);
        }
        if (endsWith(message, DELIMITER_BORDER)) {
            throw new IllegalArgumentException("message ends in ]]>, which would run into the end-of-message delimiter");
        }
        checkFramedLength((long) message.length + DELIMITER.length);
        byte[] framed = new byte[message.length + DELIMITER.length];
        System.arraycopy(message, 0, framed, 0, message.length);
        System.arraycopy(DELIMITER, 0, framed, message.length, DELIMITER.length);
        return framed;
    }

    private byte[] encodeChunked(byte[] message) {
        int fullChunks = message.length / maxChunkBytes;
        int lastChunkBytes = message.length % maxChunkBytes;
        byte[] fullHeader = chunkHeader(maxChunkBytes);
        byte[] lastHeader = lastChunkBytes == 0 ? new byte[0] : chunkHeader(lastChunkBytes);
        checkFramedLength((long) fullChunks * fullHeader.length + lastHeader.length
                + message.length + END_OF_CHUNKS.length);
        byte[] framed = new byte[fullChunks * fullHeader.length + lastHeader.length
                + message.length + END_OF_CHUNKS.length];
        int at = 0;
        for (int chunk = 0; chunk < fullChunks; chunk++) {
            at = put(fullHeader, 0, fullHeader.length, framed, at);
            at = put(message, chunk * maxChunkBytes, maxChunkBytes, framed, at);
        }
        if (lastChunkBytes > 0) {
            at = put(lastHeader, 0, lastHeader.length, framed, at);
            at = put(message, fullChunks * maxChunkBytes, lastChunkBytes, framed, at);
        }
        put(END_OF_CHUNKS, 0, END_OF_CHUNKS.length, framed, at);
        return framed;
    }

    private static byte[] chunkHeader(int chunkBytes) {
        return ("\n#" + chunkBytes + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static int put(byte[] source, int offset, int length, byte[] target, int at) {
        System.arraycopy(source, offset, target, at, length);
        return at + length;
    }

    private static void checkFramedLength(long framedBytes) {
        if (framedBytes > MAX_ARRAY_BYTES) {
            throw new IllegalArgumentException("framed message of " + framedBytes + " bytes does not fit in one array");
        }
    }

    private static int indexOf(byte[] message, byte[] pattern) {
        for (int start = 0; start <= message.length - pattern.length; start++) {
            if (matchesAt(message, start, pattern)) {
                return start;
            }
        }
        return -1;
    }

    private static boolean endsWith(byte[] message, byte[] pattern) {
        return message.length >= pattern.length && matchesAt(message, message.length - pattern.length, pattern);
    }

    private static boolean matchesAt(byte[] message, int start, byte[] pattern) {
        return Arrays.equals(message, start, start + pattern.length, pattern, 0, pattern.length);
    }
}
