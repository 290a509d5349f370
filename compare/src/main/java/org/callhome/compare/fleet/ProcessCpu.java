package org.callhome.compare.fleet;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** The CPU time of the process it runs in, as each side of a cost run measures its own. */
public final class ProcessCpu {

    /** Linux's thread names of HotSpot's JIT compiler threads, cut to 15 characters. */
    private static final String[] COMPILER_THREADS = {"C1 CompilerThre", "C2 CompilerThre"};
    /** Clock ticks per second of /proc's times: USER_HZ, 100 on every Linux the JDK runs on. */
    private static final long TICKS_PER_SECOND = 100;
    /** In /proc/.../stat after the name's closing parenthesis: utime is the 12th field, stime the 13th. */
    private static final int UTIME_FIELD = 11;

    private ProcessCpu() {
    }

    /** CPU time of this whole process (every thread, user and system), in nanoseconds. */
    public static long nanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * CPU time of this process's JIT compiler threads so far, in nanoseconds at 10 ms resolution:
     * work a warm, long-running process no longer does. Read from Linux's /proc; empty elsewhere
     * or if it cannot be read (compiler threads come and go; one that ended takes its time along).
     */
    public static OptionalLong compilerNanos() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return OptionalLong.empty();
        }
        long ticks = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                ticks += compilerTicks(thread.resolve("stat"));
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ticks * 1_000_000_000L / TICKS_PER_SECOND);
    }

    private static long compilerTicks(Path stat) {
        String line;
        try {
            line = Files.readString(stat);
        } catch (IOException e) {
            return 0; // the thread ended since the listing
        }
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        String name = line.substring(open + 1, close);
        if (Stream.of(COMPILER_THREADS).noneMatch(name::startsWith)) {
            return 0;
        }
        String[] fields = line.substring(close + 2).split(" ");
        return Long.parseLong(fields[UTIME_FIELD]) + Long.parseLong(fields[UTIME_FIELD + 1]);
    }
}
