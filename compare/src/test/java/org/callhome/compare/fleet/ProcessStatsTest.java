package org.callhome.compare.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A process's {@code stats} answer, as the process writes it and its parent reads it. */
class ProcessStatsTest {

    @Test
    void aStatsLineReadsBackAsWritten() throws IOException {
        ProcessStats stats = new ProcessStats(15, 643_247_336L, 1_243_336_704L, 10_012);
        assertEquals("stats threads=15 heapUsed=643247336 rss=1243336704 fds=10012", stats.toLine());
        assertEquals(stats, ProcessStats.parse(stats.toLine()));
    }

    @Test
    void thisProcessHasThreadsHeapAndOpenDescriptors() throws Exception {
        ProcessStats stats = ProcessStats.ofThisProcess();
        assertTrue(stats.threads() > 1, stats.toString());
        assertTrue(stats.heapUsedBytes() > 0, stats.toString());
        assertTrue(stats.rssBytes() > stats.heapUsedBytes(), stats.toString());
        assertTrue(stats.fds() >= 3, "at least standard input, output and error: " + stats);
    }

    @Test
    void anAnswerThatIsNotAStatsLineIsRefusedNamingIt() {
        IOException other = assertThrows(IOException.class, () -> ProcessStats.parse("error unknown command"));
        assertTrue(other.getMessage().contains("'error unknown command'"), other.getMessage());
        assertThrows(IOException.class, () -> ProcessStats.parse(null));
        IOException missing = assertThrows(IOException.class,
                () -> ProcessStats.parse("stats threads=15 heapUsed=1 rss=2"));
        assertTrue(missing.getMessage().contains("expected"), missing.getMessage());
        IOException notANumber = assertThrows(IOException.class,
                () -> ProcessStats.parse("stats threads=15 heapUsed=1 rss=2 fds=many"));
        assertTrue(notANumber.getMessage().contains("fds=many is not a number"), notANumber.getMessage());
        assertThrows(IOException.class, () -> ProcessStats.parse("stats threads=15 heap=1 rss=2 fds=3"));
    }
}
