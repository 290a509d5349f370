package org.callhome.shared.netconf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NetconfLimitsTest {

    @Test
    void writeBacklogIsFourWholeMessages() {
        assertEquals(4L * 16 * 1024 * 1024, NetconfLimits.DEFAULT.maxWriteBacklogBytes());
        assertEquals(4L, NetconfLimits.DEFAULT.withMaxMessageBytes(1).maxWriteBacklogBytes());
    }

    @Test
    void writeBacklogDoesNotOverflowAtTheMessageCeiling() {
        NetconfLimits ceiling = NetconfLimits.DEFAULT.withMaxMessageBytes(NetconfLimits.MAX_MESSAGE_BYTES_CEILING);

        assertEquals(4L * NetconfLimits.MAX_MESSAGE_BYTES_CEILING, ceiling.maxWriteBacklogBytes());
    }
}
