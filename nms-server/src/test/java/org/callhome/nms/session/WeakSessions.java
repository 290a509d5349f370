package org.callhome.nms.session;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.callhome.testsupport.polling.Eventually;

/**
 * Weak references to every SSH session a half creates, so a test can see without a heap dump
 * whether anything still holds a session after it closed: garbage is collected until every
 * reference is cleared, or the test fails naming how many are still reachable.
 */
public final class WeakSessions implements SessionListener {

    private final List<WeakReference<Session>> sessions = new CopyOnWriteArrayList<>();

    @Override
    public void sessionCreated(Session session) {
        sessions.add(new WeakReference<>(session));
    }

    /** SSH sessions created so far. */
    public int created() {
        return sessions.size();
    }

    /** Waits, collecting garbage, until no session created so far is reachable. */
    public void awaitAllCollected(Duration timeout) throws InterruptedException {
        Eventually.until(timeout, () -> {
            System.gc();
            return reachable() == 0;
        }, () -> reachable() + " of " + created() + " SSH sessions are still reachable after they closed");
    }

    private long reachable() {
        return sessions.stream().filter(reference -> reference.get() != null).count();
    }
}
