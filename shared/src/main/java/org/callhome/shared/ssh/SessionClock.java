package org.callhome.shared.ssh;

import java.time.Instant;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;

/**
 * When each SSH session's connection was established, for the handshake durations the NMS
 * reports, and when data last went either way, for the idle timeout of a periodic dialer: {@link SshPolicy#applyTo} installs {@link #LISTENER} on every client and server of
 * the project, so each MINA session is stamped with {@link System#nanoTime()} as MINA creates
 * it, right after the TCP connection is accepted or connected.
 */
public final class SessionClock {

    private static final AttributeKey<Long> OPENED_NANOS = new AttributeKey<>();

    /** Stamps every session it hears of as it is created. */
    public static final SessionListener LISTENER = new SessionListener() {
        @Override
        public void sessionCreated(Session session) {
            session.setAttribute(OPENED_NANOS, System.nanoTime());
        }
    };

    private SessionClock() {
    }

    /**
     * The {@link System#nanoTime()} at which {@code session} was created.
     *
     * @throws IllegalStateException if the session's client or server was not set up through {@link SshPolicy}
     */
    public static long openedNanos(Session session) {
        Long opened = session.getAttribute(OPENED_NANOS);
        if (opened == null) {
            throw new IllegalStateException("SSH session was not stamped: its endpoint was not set up by SshPolicy");
        }
        return opened;
    }

    /** When data last went either way on {@code session} (MINA's idle-timeout start), never before the epoch. */
    public static Instant lastActivity(Session session) {
        return Instant.ofEpochMilli(Math.max(session.getIdleTimeoutStart().toEpochMilli(), 0));
    }
}
