package org.callhome.compare.fleet;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a process of a run holds (the device fleet's, the scale run's NMS), as its {@code stats}
 * command answers it:
 * {@code stats threads=T heapUsed=B rss=B fds=F}: live threads, heap used after a full GC, resident
 * memory ({@code VmRSS} of {@code /proc/self/status}) and open file descriptors (entries of
 * {@code /proc/self/fd}); the last two are -1 where there is no {@code /proc}.
 */
public record ProcessStats(int threads, long heapUsedBytes, long rssBytes, int fds) {

    private static final String PREFIX = "stats ";

    /** This process's figures now, after a full GC. */
    public static ProcessStats ofThisProcess() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return new ProcessStats(ManagementFactory.getThreadMXBean().getThreadCount(),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), readRssBytes(), countFds());
    }

    public String toLine() {
        return PREFIX + "threads=" + threads + " heapUsed=" + heapUsedBytes + " rss=" + rssBytes + " fds=" + fds;
    }

    /** @throws IOException when {@code line} is not a stats answer */
    public static ProcessStats parse(String line) throws IOException {
        if (line == null || !line.startsWith(PREFIX)) {
            throw new IOException("the process answered '" + line + "' to stats");
        }
        String[] fields = line.substring(PREFIX.length()).strip().split(" ");
        List<String> names = List.of("threads", "heapUsed", "rss", "fds");
        if (fields.length != names.size()) {
            throw new IOException("the process answered '" + line + "' to stats: expected " + names);
        }
        long[] values = new long[fields.length];
        for (int i = 0; i < fields.length; i++) {
            String expected = names.get(i) + "=";
            if (!fields[i].startsWith(expected)) {
                throw new IOException("the process answered '" + line + "' to stats: expected " + expected);
            }
            try {
                values[i] = Long.parseLong(fields[i].substring(expected.length()));
            } catch (NumberFormatException e) {
                throw new IOException("the process answered '" + line + "' to stats: " + fields[i]
                        + " is not a number", e);
            }
        }
        return new ProcessStats((int) values[0], values[1], values[2], (int) values[3]);
    }

    private static long readRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    // "VmRSS:  123456 kB"
                    return Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static int countFds() {
        int count = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path ignored : entries) {
                count++;
            }
        } catch (IOException e) {
            return -1;
        }
        // the directory stream's own descriptor was open while it listed
        return count - 1;
    }
}
