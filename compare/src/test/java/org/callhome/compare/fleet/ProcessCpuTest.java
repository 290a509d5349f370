package org.callhome.compare.fleet;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void theJitCompilersCpuIsReadOnLinuxAndIsPartOfTheProcesss() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
        OptionalLong before = ProcessCpu.compilerNanos();
        long process = ProcessCpu.nanos();
        OptionalLong after = ProcessCpu.compilerNanos();

        assertTrue(before.isPresent() && after.isPresent(), "read from /proc");
        assertTrue(before.getAsLong() > 0, "this JVM has compiled something by now: " + before);
        assertTrue(after.getAsLong() >= before.getAsLong(), before + " then " + after);
        // 10 ms ticks: allow one tick per compiler thread of rounding
        assertTrue(before.getAsLong() <= process + 100_000_000L, before + " of " + process);
    }
}
