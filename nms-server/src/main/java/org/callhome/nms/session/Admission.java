package org.callhome.nms.session;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The place one admitted connection holds in its {@link StartupLimiter} until it authenticates or
 * closes, and its key-exchange deadline. Kept on the connection's MINA I/O session; touched by the
 * I/O threads and the timer, hence atomics.
 */
public final class Admission {

    private final Object source;
    private final AtomicBoolean held = new AtomicBoolean(true);
    private volatile boolean keyExchanged;
    private volatile ScheduledFuture<?> deadline;

    Admission(Object source) {
        this.source = source;
    }

    Object source() {
        return source;
    }

    boolean held() {
        return held.get();
    }

    boolean keyExchangeDone() {
        return keyExchanged;
    }

    void deadline(ScheduledFuture<?> future) {
        deadline = future;
        if (keyExchanged || !held.get()) {
            future.cancel(false);
        }
    }

    /** The first key exchange (a TLS handshake) is done: the deadline no longer applies. */
    public void keyExchanged() {
        keyExchanged = true;
        cancelDeadline();
    }

    /** @return true the first time only: the caller then gives the place back */
    boolean release() {
        boolean first = held.compareAndSet(true, false);
        cancelDeadline();
        return first;
    }

    private void cancelDeadline() {
        ScheduledFuture<?> future = deadline;
        if (future != null) {
            future.cancel(false);
        }
    }
}
