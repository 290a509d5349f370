package org.callhome.shared.netconf.session;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a backing executor: the thread-confinement
 * of one NETCONF session. A session's state is only touched by tasks of its serial executor, so
 * it needs no locks; many sessions share one small backing pool (no thread per session). With a
 * direct backing executor ({@code Runnable::run}) the submitting thread runs the queue itself
 * unless another thread is already running it.
 */
public final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor backing;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Tasks submitted and not yet finished; the submitter that moves it from 0 starts a drain. */
    private final AtomicInteger pending = new AtomicInteger();

    public SerialExecutor(Executor backing) {
        this.backing = Objects.requireNonNull(backing, "backing");
    }

    /** A serial executor whose tasks run on whichever thread submits while it is idle. */
    public static SerialExecutor direct() {
        return new SerialExecutor(Runnable::run);
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(Objects.requireNonNull(task, "task"));
        if (pending.getAndIncrement() == 0) {
            backing.execute(this::drain);
        }
    }

    private void drain() {
        do {
            Runnable next = tasks.poll();
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                LOG.error("a session task failed", e);
            }
        } while (pending.decrementAndGet() > 0);
    }
}
