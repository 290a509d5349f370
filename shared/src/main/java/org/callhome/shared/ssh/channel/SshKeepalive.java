package org.callhome.shared.ssh.channel;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SSH liveness test of RFC 8071 §4.1 and the ietf-ssh-common keepalives grouping: every
 * {@code maxWait} a global request of a name the peer does not know ({@code keepalive@ietf.org})
 * is sent with want-reply set; any reply, success or failure, proves the peer alive. After
 * {@code maxAttempts} intervals in a row without a reply the session is closed. Runs on a
 * shared scheduler, no thread per session; stops when the session closes.
 */
public final class SshKeepalive {

    public static final String REQUEST = "keepalive@ietf.org";

    private static final Logger LOG = LoggerFactory.getLogger(SshKeepalive.class);

    private final Session session;
    private final Duration maxWait;
    private final int maxAttempts;
    /** Intervals since the last reply; a reply resets it to 0. */
    private final AtomicInteger unanswered = new AtomicInteger();
    private volatile ScheduledFuture<?> task;

    private SshKeepalive(Session session, Duration maxWait, int maxAttempts) {
        this.session = session;
        this.maxWait = maxWait;
        this.maxAttempts = maxAttempts;
    }

    /** Starts testing {@code session}; returns the running test. */
    public static SshKeepalive start(Session session, Duration maxWait, int maxAttempts,
                                     ScheduledExecutorService scheduler) {
        if (maxWait.isNegative() || maxWait.isZero() || maxAttempts < 1) {
            throw new IllegalArgumentException("keepalives need a positive max-wait and max-attempts");
        }
        SshKeepalive keepalive = new SshKeepalive(session, maxWait, maxAttempts);
        long millis = maxWait.toMillis();
        keepalive.task = scheduler.scheduleAtFixedRate(keepalive::tick, millis, millis, TimeUnit.MILLISECONDS);
        session.addSessionListener(new SessionListener() {
            @Override
            public void sessionClosed(Session closed) {
                keepalive.stop();
            }
        });
        if (!session.isOpen()) {
            keepalive.stop();
        }
        return keepalive;
    }

    public void stop() {
        ScheduledFuture<?> running = task;
        if (running != null) {
            running.cancel(false);
        }
    }

    private void tick() {
        if (!session.isOpen()) {
            stop();
            return;
        }
        int missed = unanswered.getAndIncrement();
        if (missed >= maxAttempts) {
            LOG.warn("closing SSH session with {}: no reply to {} keepalives in {} ms each",
                    session.getRemoteAddress(), maxAttempts, maxWait.toMillis());
            stop();
            session.close(true);
            return;
        }
        try {
            Buffer buffer = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST, REQUEST.length() + 16);
            buffer.putString(REQUEST);
            buffer.putBoolean(true);
            session.request(buffer, REQUEST, (command, reply) -> unanswered.set(0));
        } catch (IOException | RuntimeException e) {
            LOG.debug("keepalive to {} not sent: {}", session.getRemoteAddress(), e.toString());
        }
    }
}
