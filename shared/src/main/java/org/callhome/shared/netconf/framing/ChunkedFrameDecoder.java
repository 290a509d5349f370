package org.callhome.shared.netconf.framing;

/**
 * Chunked framing, RFC 6242 §4.2, used after both hellos advertised base:1.1:
 * <pre>
 *   chunked-message = 1*chunk end-of-chunks
 *   chunk           = LF HASH chunk-size LF chunk-data
 *   chunk-size      = 1*DIGIT1 0*DIGIT        ; 1..4294967295, no leading zero
 *   chunk-data      = 1*OCTET
 *   end-of-chunks   = LF HASH HASH LF
 *
 *   the message "&lt;rpc&gt;" sent in two chunks:
 *   +----+---+---+----+------+----+---+---+----+---+----+---+---+----+
 *   | LF | # | 4 | LF | &lt;rpc | LF | # | 1 | LF | &gt; | LF | # | # | LF |
 *   +----+---+---+----+------+----+---+---+----+---+----+---+---+----+
 * </pre>
 * Any byte the grammar does not allow, including {@code \n##\n} before the first chunk and
 * bytes between chunks, is a {@link MalformedFrameException}. The chunk size is checked after
 * every digit, in {@code long} arithmetic, so it can never overflow.
 *
 * <p>Limit: the chunk sizes of one message add up to at most {@code maxMessageBytes}. The sum
 * is checked after every digit of a chunk header, so a header announcing too much fails with
 * {@link FrameTooLargeException} before any of its data arrives and before anything is
 * allocated for it. When a size is both above 4294967295 and over the limit, whichever is
 * certain first is reported. Chunk data is copied in bulk into a buffer that grows as data
 * arrives.
 */
final class ChunkedFrameDecoder implements FrameDecoder {

    /** Largest chunk-size the grammar allows. */
    private static final long MAX_CHUNK_SIZE = 4_294_967_295L;

    /** Room made for a chunk when its header ends, at most: a message of one such chunk takes one array. */
    private static final int RESERVED_CHUNK_BYTES = 64 * 1024;
    private static final byte LF = '\n';
    private static final byte HASH = '#';

    private enum State {
        /** Expects LF, which starts a chunk or end-of-chunks. */
        CHUNK_LF,
        /** Expects HASH. */
        CHUNK_HASH,
        /** Expects DIGIT1 ('1'..'9'), the first digit of chunk-size, or HASH for end-of-chunks. */
        SIZE_FIRST_DIGIT_OR_HASH,
        /** Expects DIGIT ('0'..'9') or the LF that ends the chunk header. */
        SIZE_DIGIT_OR_LF,
        /** Expects {@link #chunkBytes} more bytes of chunk-data. */
        DATA,
        /** Expects the LF that ends end-of-chunks. */
        END_LF
    }

    private final int maxMessageBytes;
    private final MessageHandler handler;
    private final MessageBuffer buffer;
    private State state = State.CHUNK_LF;
    /** While reading a header, the chunk-size so far; in {@link State#DATA}, the bytes still expected. */
    private long chunkBytes;

    ChunkedFrameDecoder(int maxMessageBytes, MessageHandler handler) {
        this.maxMessageBytes = maxMessageBytes;
        this.handler = handler;
        this.buffer = new MessageBuffer(maxMessageBytes);
    }

    @Override
    public int decode(byte[] bytes, int offset, int length) throws FramingException {
        int end = offset + length;
        int next = offset;
        while (next < end) {
            if (state == State.DATA) {
                next += copyData(bytes, next, end - next);
                continue;
            }
            byte b = bytes[next++];
            switch (state) {
                case CHUNK_LF -> state = expect(b, LF, "LF starting a chunk or end-of-chunks", State.CHUNK_HASH);
                case CHUNK_HASH -> state = expect(b, HASH, "'#' after LF", State.SIZE_FIRST_DIGIT_OR_HASH);
                case SIZE_FIRST_DIGIT_OR_HASH -> firstDigitOrHash(b);
                case SIZE_DIGIT_OR_LF -> digitOrLf(b);
                case END_LF -> {
                    endOfChunks(b);
                    return next - offset;
                }
                default -> throw new IllegalStateException("unexpected state " + state);
            }
        }
        return next - offset;
    }

    @Override
    public boolean hasPartialMessage() {
        return state != State.CHUNK_LF || buffer.size() > 0;
    }

    private void firstDigitOrHash(byte b) throws FramingException {
        if (b == HASH) {
            if (buffer.size() == 0) {
                throw new MalformedFrameException("end-of-chunks before any chunk");
            }
            state = State.END_LF;
        } else if (b >= '1' && b <= '9') {
            chunkBytes = b - '0';
            checkAllowance();
            state = State.SIZE_DIGIT_OR_LF;
        } else {
            throw unexpected("'1'..'9' starting chunk-size, or '#' of end-of-chunks", b);
        }
    }

    private void digitOrLf(byte b) throws FramingException {
        if (b == LF) {
            // checked against the message allowance digit by digit; at most RESERVED_CHUNK_BYTES
            // ahead of the data, so a peer that announces a large chunk and sends little gets little
            buffer.reserve((int) Math.min(chunkBytes, RESERVED_CHUNK_BYTES));
            state = State.DATA;
        } else if (b >= '0' && b <= '9') {
            chunkBytes = chunkBytes * 10 + (b - '0');
            if (chunkBytes > MAX_CHUNK_SIZE) {
                throw new MalformedFrameException("chunk-size exceeds " + MAX_CHUNK_SIZE + " at digit " + describe(b));
            }
            checkAllowance();
        } else {
            throw unexpected("'0'..'9' or LF ending chunk-size", b);
        }
    }

    private void checkAllowance() throws FrameTooLargeException {
        long messageBytes = buffer.size() + chunkBytes;
        if (messageBytes > maxMessageBytes) {
            throw FrameTooLargeException.atLeast(messageBytes, maxMessageBytes);
        }
    }

    private int copyData(byte[] bytes, int offset, int available) {
        int length = (int) Math.min(chunkBytes, available);
        buffer.append(bytes, offset, length);
        chunkBytes -= length;
        if (chunkBytes == 0) {
            state = State.CHUNK_LF;
        }
        return length;
    }

    private void endOfChunks(byte b) throws MalformedFrameException {
        state = expect(b, LF, "LF ending end-of-chunks", State.CHUNK_LF);
        handler.onMessage(buffer.take(buffer.size()));
    }

    private static State expect(byte b, byte expected, String what, State nextState) throws MalformedFrameException {
        if (b != expected) {
            throw unexpected(what, b);
        }
        return nextState;
    }

    private static MalformedFrameException unexpected(String expected, byte b) {
        return new MalformedFrameException("invalid chunked framing: expected " + expected + ", got " + describe(b));
    }

    private static String describe(byte b) {
        int value = b & 0xff;
        String hex = String.format("0x%02x", value);
        return value > 0x20 && value < 0x7f ? hex + " '" + (char) value + "'" : hex;
    }
}
