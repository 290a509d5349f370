package org.callhome.nms.session;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.callhome.shared.strategy.SecurityFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission control for SSH handshakes, like OpenSSH's MaxStartups: at most {@code max}
 * connections may be between TCP accept and authentication at once; a connection beyond that is
 * closed as soon as it is created, before any key exchange, and the device calls again after its
 * backoff. Without it, a thousand devices calling back at once after an NMS restart all share the
 * CPU, all miss the authentication deadline, all retry, and none ever gets in.
 */
public final class StartupLimiter implements SessionListener {

    private static final Logger LOG = LoggerFactory.getLogger(StartupLimiter.class);
    private static final AttributeKey<AtomicBoolean> PENDING = new AttributeKey<>();

    private final int max;
    private final Runnable onRefused;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param max       handshakes in progress at once, at least 1
     * @param onRefused told of every connection closed for being one too many (for metrics)
     */
    public StartupLimiter(int max, Runnable onRefused) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one handshake must be allowed, got " + max);
        }
        this.max = max;
        this.onRefused = onRefused;
    }

    @Override
    public void sessionCreated(Session session) {
        if (pending.incrementAndGet() > max) {
            pending.decrementAndGet();
            long count = refused.incrementAndGet();
            if (count == 1 || count % 100 == 0) {
                LOG.warn("{} handshakes in progress: closing the connection from {} before key exchange ({} "
                        + "refused so far); it calls again after its backoff", max,
                        SecurityFacts.addressOf(session.getRemoteAddress()), count);
            }
            onRefused.run();
            session.close(true);
            return;
        }
        session.setAttribute(PENDING, new AtomicBoolean(true));
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event == Event.Authenticated) {
            release(session);
        }
    }

    @Override
    public void sessionClosed(Session session) {
        release(session);
    }

    /** Handshakes in progress now. */
    public int pending() {
        return pending.get();
    }

    private void release(Session session) {
        AtomicBoolean flag = session.getAttribute(PENDING);
        if (flag != null && flag.compareAndSet(true, false)) {
            pending.decrementAndGet();
        }
    }
}
