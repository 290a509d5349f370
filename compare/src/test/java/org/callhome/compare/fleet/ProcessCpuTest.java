package org.callhome.compare.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
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

    @Test
    void theCpuOfEveryRoleIsReadAndTheRolesAddUpToNoMoreThanTheProcesss() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
        Map<ProcessCpu.ThreadRole, Long> roles = ProcessCpu.nanosByRole().orElseThrow();
        long process = ProcessCpu.nanos();

        assertEquals(EnumSet.allOf(ProcessCpu.ThreadRole.class), roles.keySet());
        assertTrue(roles.values().stream().allMatch(nanos -> nanos >= 0), roles.toString());
        assertTrue(roles.get(ProcessCpu.ThreadRole.OTHER) > 0, "this test's own thread is in other: " + roles);
        long sum = roles.values().stream().mapToLong(Long::longValue).sum();
        // 10 ms ticks: allow one tick per thread of rounding
        assertTrue(sum <= process + Thread.activeCount() * 10_000_000L + 100_000_000L, sum + " of " + process);
        assertTrue(ProcessCpu.compilerNanos().orElseThrow() >= roles.get(ProcessCpu.ThreadRole.JIT),
                "the compilers' time only grows");
    }

    @Test
    void aThreadsRoleIsToldByItsNameAsLinuxShowsIt() {
        Map<String, ProcessCpu.ThreadRole> names = Map.of("sshd-SshClient[", ProcessCpu.ThreadRole.SSH_IO,
                "device-ssh-io-3", ProcessCpu.ThreadRole.SSH_IO, "nms-netconf-2", ProcessCpu.ThreadRole.NETCONF,
                "device-netconf", ProcessCpu.ThreadRole.NETCONF, "vert.x-eventloo", ProcessCpu.ThreadRole.VERTX,
                "C2 CompilerThre", ProcessCpu.ThreadRole.JIT, "C1 CompilerThre", ProcessCpu.ThreadRole.JIT,
                "GC Thread#1", ProcessCpu.ThreadRole.GC, "G1 Conc#0", ProcessCpu.ThreadRole.GC,
                "Thread-2", ProcessCpu.ThreadRole.OTHER);
        names.forEach((name, role) -> assertEquals(role, ProcessCpu.ThreadRole.of(name), name));
        for (ProcessCpu.ThreadRole role : ProcessCpu.ThreadRole.values()) {
            assertEquals(role, ProcessCpu.ThreadRole.ofKey(role.key()));
        }
        assertThrows(IllegalArgumentException.class, () -> ProcessCpu.ThreadRole.ofKey("nope"));
    }
}
