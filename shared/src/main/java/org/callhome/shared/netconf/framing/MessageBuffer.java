package org.callhome.shared.netconf.framing;

import java.util.Arrays;

/**
 * The bytes of the message being received. Grows geometrically as bytes arrive, never beyond
 * {@code capacityLimit}; callers check their limits before appending, so exceeding it here is
 * a bug in this package, not the peer's fault.
 */
final class MessageBuffer {

    private static final byte[] EMPTY = new byte[0];
    private static final int INITIAL_CAPACITY = 4096;
    /**
     * Larger buffers are dropped after each message: an NMS holds thousands of mostly idle
     * sessions, and a large reply then costs one more geometric regrowth instead of memory.
     */
    private static final int RETAINED_CAPACITY = 64 * 1024;

    private final int capacityLimit;
    private byte[] bytes = EMPTY;
    private int size;

    MessageBuffer(int capacityLimit) {
        this.capacityLimit = capacityLimit;
    }

    int size() {
        return size;
    }

    void append(byte[] source, int offset, int length) {
        long needed = (long) size + length;
        if (needed > bytes.length) {
            grow(needed);
        }
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    /** Returns a copy of the first {@code length} bytes and empties the buffer. */
    byte[] take(int length) {
        byte[] taken = Arrays.copyOf(bytes, length);
        clear();
        return taken;
    }

    void clear() {
        size = 0;
        if (bytes.length > RETAINED_CAPACITY) {
            bytes = EMPTY;
        }
    }

    private void grow(long needed) {
        if (needed > capacityLimit) {
            throw new IllegalStateException("buffer of " + needed + " bytes exceeds its limit " + capacityLimit);
        }
        // Powers of two from INITIAL_CAPACITY, so that a buffer of exactly RETAINED_CAPACITY is
        // reached and kept rather than overshot.
        long capacity = Math.max(INITIAL_CAPACITY, bytes.length);
        while (capacity < needed) {
            capacity *= 2;
        }
        bytes = Arrays.copyOf(bytes, (int) Math.min(capacityLimit, capacity));
    }
}
