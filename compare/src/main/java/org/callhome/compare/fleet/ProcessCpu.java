package org.callhome.compare.fleet;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/** The CPU time of the process it runs in, as each side of a cost run measures its own. */
public final class ProcessCpu {

    private ProcessCpu() {
    }

    /** CPU time of this whole process (every thread, user and system), in nanoseconds. */
    public static long nanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
