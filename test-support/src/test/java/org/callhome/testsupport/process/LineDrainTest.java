package org.callhome.testsupport.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LineDrainTest {

    @Test
    void handsOverEveryLineInOrderThenRunsTheEndAction() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch ended = new CountDownLatch(1);

        Thread drain = LineDrain.start(new ByteArrayInputStream("one\r\ntwo é\nlast without newline"
                .getBytes(StandardCharsets.UTF_8)), "drain", lines::add, ended::countDown);

        assertTrue(ended.await(10, TimeUnit.SECONDS));
        drain.join(10_000);
        assertFalse(drain.isAlive());
        assertTrue(drain.isDaemon());
        assertEquals(List.of("one", "two é", "last without newline"), lines);
    }

    @Test
    void aStreamThatBreaksStillRunsTheEndActionAfterTheLinesBeforeIt() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch ended = new CountDownLatch(1);
        InputStream breaking = new InputStream() {
            private final InputStream before = new ByteArrayInputStream("read\n".getBytes(StandardCharsets.UTF_8));

            @Override
            public int read() throws IOException {
                int next = before.read();
                if (next < 0) {
                    throw new IOException("Stream closed");
                }
                return next;
            }
        };

        LineDrain.start(breaking, "drain", lines::add, ended::countDown);

        assertTrue(ended.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("read"), lines);
    }
}
