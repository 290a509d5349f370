package org.callhome.shared.ssh.cert;

import java.io.ByteArrayOutputStream;

/**
 * Writes SSH wire types (RFC 4251 §5: {@code byte}, {@code uint32}, {@code uint64}, {@code string}),
 * the other half of {@link WireReader}: a string whose contents are wire types themselves is built in
 * a writer of its own and put with {@link #string(WireWriter)}.
 */
final class WireWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    WireWriter u8(int value) {
        out.write(value);
        return this;
    }

    WireWriter u32(long value) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }

    /** An unsigned 64-bit value held in a {@code long}. */
    WireWriter u64(long value) {
        return u32(value >>> 32).u32(value);
    }

    WireWriter raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    WireWriter string(byte[] bytes) {
        return u32(bytes.length).raw(bytes);
    }

    WireWriter string(WireWriter contents) {
        return string(contents.toBytes());
    }

    int size() {
        return out.size();
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}
