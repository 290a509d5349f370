package org.callhome.compare.fleet;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a process of the scale run reports about itself in one line: its threads, heap used after
 * a full GC, resident set, open file descriptors and CPU time, read off the JVM and {@code /proc}.
 */
public final class ProcessFigures {

    private ProcessFigures() {
    }

    /** {@code threads=T heap=B rss=B fds=F cpu=NANOS}; RSS and fds are -1 where /proc is missing. */
    public static String line() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return "threads=" + ManagementFactory.getThreadMXBean().getThreadCount() + " heap=" + heap + " rss=" + rss()
                + " fds=" + fds() + " cpu=" + ProcessCpu.nanos();
    }

    private static long rss() {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
            for (String line : status) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static long fds() {
        try (var entries = Files.list(Path.of("/proc/self/fd"))) {
            return entries.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
