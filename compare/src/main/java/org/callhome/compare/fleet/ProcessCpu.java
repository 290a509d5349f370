package org.callhome.compare.fleet;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
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
     * What a thread does, told by its name (Linux keeps its first 15 characters), so that a
     * process's CPU time can be split by where it went.
     */
    public enum ThreadRole {
        /** MINA's I/O and session threads ({@code sshd-...}, the fleet's {@code device-ssh-...}): SSH packets, their crypto, and the work run on them. */
        SSH_IO("sshIo", "SSH I/O threads (MINA's: packets, crypto, what runs on them)"),
        /** The NETCONF executors ({@code nms-netconf}, {@code device-netconf}...): framing, XML, replies. */
        NETCONF("netconf", "NETCONF threads (framing, XML, replies)"),
        /** Vert.x's event loops and workers: registry, API, events, metrics; tls's connections and their TLS. */
        VERTX("vertx", "Vert.x threads (registry, API, events, metrics; tls's connections, TLS crypto included)"),
        /** HotSpot's JIT compilers, C1 and C2: work a warm, long-running process no longer does. */
        JIT("jit", "JIT compiler threads"),
        /** The garbage collector's threads. */
        GC("gc", "garbage collector threads"),
        /** Every other thread: the JDK's NIO2 poller (unnamed), timers, the VM's own. */
        OTHER("other", "other threads (the JDK's NIO2 poller, timers, the VM's own)");

        private final String key;
        private final String label;

        ThreadRole(String key, String label) {
            this.key = key;
            this.label = label;
        }

        /** A short name, for figure ids and the child processes' answers. */
        public String key() {
            return key;
        }

        /** What the role's threads are, for a report. */
        public String label() {
            return label;
        }

        /** The role of a thread by its name as /proc shows it. */
        public static ThreadRole of(String name) {
            if (name.startsWith("sshd-") || name.startsWith("device-ssh")) {
                return SSH_IO;
            }
            if (name.contains("netconf")) {
                return NETCONF;
            }
            if (name.startsWith("vert.x-") || name.startsWith("vertx-")) {
                return VERTX;
            }
            if (Stream.of(COMPILER_THREADS).anyMatch(name::startsWith)) {
                return JIT;
            }
            if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
                return GC;
            }
            return OTHER;
        }

        /** The role whose {@link #key()} this is. */
        public static ThreadRole ofKey(String key) {
            return Stream.of(values()).filter(role -> role.key.equals(key)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no thread role '" + key + "'"));
        }
    }

    /**
     * CPU time of this process's JIT compiler threads so far, in nanoseconds at 10 ms resolution:
     * work a warm, long-running process no longer does. Empty where {@link #nanosByRole()} is.
     */
    public static OptionalLong compilerNanos() {
        return nanosByRole().map(roles -> OptionalLong.of(roles.get(ThreadRole.JIT))).orElse(OptionalLong.empty());
    }

    /**
     * CPU time (user and system) of this process's live threads so far, summed by their role, in
     * nanoseconds at 10 ms resolution per thread; every role is present. Read from Linux's /proc;
     * empty elsewhere or if it cannot be read. A thread that ended takes its time along, so the
     * sum can fall short of {@link #nanos()}.
     */
    public static Optional<Map<ThreadRole, Long>> nanosByRole() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return Optional.empty();
        }
        Map<ThreadRole, Long> ticks = new EnumMap<>(ThreadRole.class);
        for (ThreadRole role : ThreadRole.values()) {
            ticks.put(role, 0L);
        }
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                addTicks(thread.resolve("stat"), ticks);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        ticks.replaceAll((role, count) -> count * 1_000_000_000L / TICKS_PER_SECOND);
        return Optional.of(ticks);
    }

    private static void addTicks(Path stat, Map<ThreadRole, Long> ticks) {
        String line;
        try {
            line = Files.readString(stat);
        } catch (IOException e) {
            return; // the thread ended since the listing
        }
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        ThreadRole role = ThreadRole.of(line.substring(open + 1, close));
        String[] fields = line.substring(close + 2).split(" ");
        ticks.merge(role, Long.parseLong(fields[UTIME_FIELD]) + Long.parseLong(fields[UTIME_FIELD + 1]), Long::sum);
    }
}
