package org.callhome.shared.netconf.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Between messages a buffer holds no array, whatever the size of the message before: an idle
 * session keeps nothing of what its peer sent earlier.
 */
class MessageBufferTest {

    private static final int LIMIT = 1024 * 1024;

    @ParameterizedTest
    @ValueSource(ints = {1, 300, 4096, 64 * 1024, 64 * 1024 + 1, LIMIT})
    void holdsNoArrayAfterAMessageOfAnySize(int size) {
        MessageBuffer buffer = new MessageBuffer(LIMIT);
        byte[] message = new byte[size];
        message[size - 1] = 7;
        buffer.append(message, 0, size);

        assertArrayEquals(message, buffer.take(size));
        assertEquals(0, buffer.size());
        assertEquals(0, buffer.capacity(), "array held after a message of " + size + " bytes");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 64 * 1024 + 1})
    void holdsNoArrayAfterClear(int size) {
        MessageBuffer buffer = new MessageBuffer(LIMIT);
        buffer.append(new byte[size], 0, size);
        buffer.clear();
        assertEquals(0, buffer.capacity());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void takesTheNextMessageAfterAnEarlierOne(int messages) {
        MessageBuffer buffer = new MessageBuffer(LIMIT);
        for (int i = 0; i < messages; i++) {
            byte[] message = {(byte) i, 1, 2};
            buffer.append(message, 0, 2);
            buffer.append(message, 2, 1);
            assertArrayEquals(message, buffer.take(3));
        }
    }

    @Test
    void growsToItsLimitAndNoFurther() {
        MessageBuffer buffer = new MessageBuffer(LIMIT);
        buffer.append(new byte[LIMIT], 0, LIMIT);
        assertEquals(LIMIT, buffer.capacity());
        assertThrows(IllegalStateException.class, () -> buffer.append(new byte[1], 0, 1));
    }
}
