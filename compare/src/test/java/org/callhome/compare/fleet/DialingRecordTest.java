package org.callhome.compare.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.callhome.shared.config.Endpoint;
import org.junit.jupiter.api.Test;

class DialingRecordTest {

    private static final Endpoint NMS = new Endpoint("nms", "127.0.0.1", 4334);

    @Test
    void itCountsWhatTheDialersDidAndKeepsOnlyTheLastFewReasons() {
        DeviceFleet.DialingRecord record = new DeviceFleet.DialingRecord();
        record.attempt(NMS, 1);
        record.attempt(NMS, 2);
        record.connected(NMS);
        record.failed(NMS, new IOException("refused"));
        for (int i = 1; i < DeviceFleet.DialingRecord.REASONS; i++) {
            record.disconnected(NMS, "closed " + i);
        }
        String atTheLimit = record.toString();
        assertTrue(atTheLimit.startsWith("attempts=2 connected=1 failed=1 ended=4 "), atTheLimit);
        assertTrue(atTheLimit.contains("failed: java.io.IOException: refused"), atTheLimit);

        record.disconnected(NMS, "closed\nlast");
        String pastIt = record.toString();
        assertFalse(pastIt.contains("refused"), "the oldest reason made room: " + pastIt);
        assertTrue(pastIt.contains("ended: closed last"), "one line: " + pastIt);
        assertEquals(DeviceFleet.DialingRecord.REASONS, pastIt.split("ended: |failed: ").length - 1, pastIt);
    }
}
