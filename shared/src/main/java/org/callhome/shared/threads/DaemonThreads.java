package org.callhome.shared.threads;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The pools a device or an NMS owns: named daemon threads (so a forgotten pool never keeps a
 * program alive), and one way to stop them that waits a bounded time and keeps an interrupt.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Daemon threads, each named {@code name}. */
    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Stops taking work and waits up to {@code grace} for running tasks; a thread interrupted
     * while it waits stops waiting and keeps its interrupt status.
     *
     * @return whether every task finished within {@code grace}
     */
    public static boolean shutdown(ExecutorService pool, Duration grace) {
        pool.shutdown();
        try {
            return pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
