package org.callhome.shared.netconf.framing;

import java.util.Arrays;

/**
 * The bytes of the message being received. Grows geometrically as bytes arrive, never beyond
 * {@code capacityLimit}; callers check their limits before appending, so exceeding it here is
 * a bug in this package, not the peer's fault. Holds no array between messages: an NMS holds
 * thousands of mostly idle sessions, and what one kept after a message would be kept by each.
 */
final class MessageBuffer {

    private static final byte[] EMPTY = new byte[0];
    private static final int INITIAL_CAPACITY = 4096;

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
        reserve(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    /**
     * Makes room for {@code length} more bytes, which the caller knows are coming and has checked
     * against its limits: a message announced in one piece is then held in one array of its size.
     */
    void reserve(int length) {
        long needed = (long) size + length;
        if (needed > bytes.length) {
            grow(needed);
        }
    }

    /** Returns the first {@code length} bytes (the array itself when they fill it) and empties the buffer. */
    byte[] take(int length) {
        byte[] taken = length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
        clear();
        return taken;
    }

    void clear() {
        size = 0;
        bytes = EMPTY;
    }

    /** The array held now, empty between messages. */
    int capacity() {
        return bytes.length;
    }

    private void grow(long needed) {
        if (needed > capacityLimit) {
            throw new IllegalStateException("buffer of " + needed + " bytes exceeds its limit " + capacityLimit);
        }
        // at least doubled, so that a message arriving in many small pieces is copied O(n) times
        long doubled = Math.min(capacityLimit, Math.max(INITIAL_CAPACITY, 2L * bytes.length));
        bytes = Arrays.copyOf(bytes, (int) Math.max(needed, doubled));
    }
}
