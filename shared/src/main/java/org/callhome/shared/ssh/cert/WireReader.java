package org.callhome.shared.ssh.cert;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Reads SSH wire types (RFC 4251 §5: {@code byte}, {@code boolean}, {@code uint32}, {@code uint64},
 * {@code string}, {@code mpint}) from a byte array someone else wrote: a KRL file or a certificate's
 * signature. Every length is checked against the bytes that remain before anything is copied, so a
 * declared length can never make us allocate more than the input holds. Errors carry the offset of
 * the field that is wrong, counted from the start of the outermost input.
 */
final class WireReader {

    private final byte[] bytes;
    private final int base;
    private final int end;
    private int position;

    WireReader(byte[] bytes) {
        this(bytes, 0, 0, bytes.length);
    }

    private WireReader(byte[] bytes, int base, int start, int end) {
        this.bytes = bytes;
        this.base = base;
        this.position = start;
        this.end = end;
    }

    boolean hasRemaining() {
        return position < end;
    }

    /** The offset of the next byte, from the start of the outermost input. */
    int offset() {
        return base + position;
    }

    int u8() throws WireFormatException {
        need(1, "a byte");
        return bytes[position++] & 0xff;
    }

    /** Any byte but 0 is true, as OpenSSH reads it. */
    boolean bool() throws WireFormatException {
        return u8() != 0;
    }

    long u32() throws WireFormatException {
        need(4, "a uint32");
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (bytes[position++] & 0xff);
        }
        return value;
    }

    /** An unsigned 64-bit value in a {@code long}: compare with {@link Long#compareUnsigned}. */
    long u64() throws WireFormatException {
        need(8, "a uint64");
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[position++] & 0xff);
        }
        return value;
    }

    byte[] string() throws WireFormatException {
        int length = stringLength();
        byte[] value = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return value;
    }

    /** A string's bytes as a reader of their own, without copying them. */
    WireReader nested() throws WireFormatException {
        int length = stringLength();
        WireReader inner = new WireReader(bytes, base, position, position + length);
        position += length;
        return inner;
    }

    /**
     * A non-negative mpint of at most {@code maxMagnitudeBytes} bytes without its sign byte, as
     * OpenSSH bounds one: one more byte is allowed only when it is the leading zero.
     */
    BigInteger unsignedMpint(int maxMagnitudeBytes) throws WireFormatException {
        int at = offset();
        int length = stringLength();
        if (length > maxMagnitudeBytes + 1 || (length == maxMagnitudeBytes + 1 && bytes[position] != 0)) {
            throw new WireFormatException(at, "mpint of " + length + " bytes exceeds the allowed maximum ("
                    + maxMagnitudeBytes + " bytes)");
        }
        if (length > 0 && (bytes[position] & 0x80) != 0) {
            throw new WireFormatException(at, "negative mpint");
        }
        BigInteger value = length == 0 ? BigInteger.ZERO : new BigInteger(1, bytes, position, length);
        position += length;
        return value;
    }

    private int stringLength() throws WireFormatException {
        int at = offset();
        long length = u32();
        if (length > end - position) {
            throw new WireFormatException(at, "string length (" + length + " bytes) exceeds the "
                    + (end - position) + " bytes that remain");
        }
        return (int) length;
    }

    private void need(int count, String what) throws WireFormatException {
        if (end - position < count) {
            throw new WireFormatException(offset(), "input ends where " + what + " was expected");
        }
    }
}
