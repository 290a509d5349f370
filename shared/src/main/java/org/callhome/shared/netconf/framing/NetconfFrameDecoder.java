package org.callhome.shared.netconf.framing;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.callhome.shared.netconf.NetconfLimits;

/**
 * Turns the bytes a NETCONF peer sends into whole messages (RFC 6242 §4). A session starts in
 * {@link Framing#END_OF_MESSAGE} framing, in which the hello arrives:
 * <pre>
 *   &lt;hello ...&gt;...&lt;/hello&gt; ]]&gt;]]&gt;
 * </pre>
 * and, when both peers advertised base:1.1, continues in {@link Framing#CHUNKED} framing:
 * <pre>
 *   \n#&lt;chunk-size&gt;\n &lt;chunk-data&gt;  ...repeated...  \n##\n
 * </pre>
 * The session calls {@link #switchToChunked()} from inside {@link MessageHandler#onMessage} for
 * the peer's hello, so that bytes which follow the hello in the same read are already decoded as
 * chunks. See {@link EndOfMessageFrameDecoder} and {@link ChunkedFrameDecoder} for the grammar of
 * each framing and how {@link NetconfLimits#maxMessageBytes()} is enforced.
 *
 * <p>Any {@link FramingException}, and any exception thrown by the handler, leaves the decoder
 * failed: the stream cannot be resynchronised and the session must be closed. Later feed calls
 * throw a {@link MalformedFrameException} at once. One thread at a time; no I/O.
 */
public final class NetconfFrameDecoder {

    private static final byte[] NO_BYTES = new byte[0];
    private static final int DIRECT_SLICE_BYTES = 16 * 1024;

    private final NetconfLimits limits;
    private final MessageHandler handler;
    private FrameDecoder current;
    private Framing framing = Framing.END_OF_MESSAGE;
    /** Bytes buffered as end-of-message framing when the switch came between feed calls. */
    private byte[] carriedOver = NO_BYTES;
    private byte[] directSlice;
    private boolean failed;

    public NetconfFrameDecoder(NetconfLimits limits, MessageHandler handler) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.current = new EndOfMessageFrameDecoder(limits.maxMessageBytes(), handler);
    }

    public void feed(byte[] bytes, int offset, int length) throws FramingException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (failed) {
            throw new MalformedFrameException("decoder failed earlier");
        }
        boolean completed = false;
        try {
            if (carriedOver.length > 0) {
                byte[] carried = carriedOver;
                carriedOver = NO_BYTES;
                decodeAll(carried, 0, carried.length);
            }
            decodeAll(bytes, offset, length);
            completed = true;
        } finally {
            failed = !completed;
        }
    }

    /** Consumes all remaining bytes of {@code bytes}, also when decoding fails. */
    public void feed(ByteBuffer bytes) throws FramingException {
        try {
            if (bytes.hasArray()) {
                feed(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
                return;
            }
            if (directSlice == null) {
                directSlice = new byte[DIRECT_SLICE_BYTES];
            }
            while (bytes.hasRemaining()) {
                int length = Math.min(bytes.remaining(), directSlice.length);
                bytes.get(directSlice, 0, length);
                feed(directSlice, 0, length);
            }
        } finally {
            bytes.position(bytes.limit());
        }
    }

    /**
     * Decodes everything after the current message as chunked framing: when called from
     * {@link MessageHandler#onMessage}, the rest of the bytes of the current feed call; when
     * called between feed calls, any bytes already buffered as well.
     *
     * @throws IllegalStateException if already chunked, or failed
     */
    public void switchToChunked() {
        if (failed) {
            throw new IllegalStateException("decoder failed earlier");
        }
        if (framing == Framing.CHUNKED) {
            throw new IllegalStateException("framing is already chunked");
        }
        carriedOver = ((EndOfMessageFrameDecoder) current).takeBuffered();
        current = new ChunkedFrameDecoder(limits.maxMessageBytes(), handler);
        framing = Framing.CHUNKED;
    }

    public Framing framing() {
        return framing;
    }

    /** True when bytes of an unfinished message are buffered (used to log a truncated message at EOF). */
    public boolean hasPartialMessage() {
        return carriedOver.length > 0 || current.hasPartialMessage();
    }

    private void decodeAll(byte[] bytes, int offset, int length) throws FramingException {
        int next = offset;
        int end = offset + length;
        while (next < end) {
            next += current.decode(bytes, next, end - next);
        }
    }
}
