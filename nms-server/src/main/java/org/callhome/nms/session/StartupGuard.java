package org.callhome.nms.session;

import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.util.Readable;

/**
 * MINA's handler of a listener's connections, behind its {@link StartupLimiter}: a connection the
 * limiter refuses is closed before the handler behind makes an SSH session of it, and no later
 * event of it reaches that handler, which would look for the session. Closing it here, rather than
 * from a session listener once an SSH session exists, is also what keeps refused connections from
 * staying reachable: MINA's session timeout tracker, a listener added when the client or server
 * starts, registered such a session after it had been closed and never let it go.
 */
final class StartupGuard implements IoHandler {

    private final StartupLimiter limiter;
    private final IoHandler sessions;

    StartupGuard(StartupLimiter limiter, IoHandler sessions) {
        this.limiter = limiter;
        this.sessions = sessions;
    }

    @Override
    public void sessionCreated(IoSession connection) throws Exception {
        Admission admission = limiter.admit(connection);
        if (admission == null) {
            connection.close(true);
            return;
        }
        try {
            sessions.sessionCreated(connection);
        } catch (Exception | Error e) {
            limiter.release(admission);
            throw e;
        }
    }

    @Override
    public void sessionClosed(IoSession connection) throws Exception {
        Admission admission = StartupLimiter.admissionOf(connection);
        if (admission == null) {
            return;
        }
        limiter.release(admission);
        sessions.sessionClosed(connection);
    }

    @Override
    public void exceptionCaught(IoSession connection, Throwable cause) throws Exception {
        if (StartupLimiter.admissionOf(connection) != null) {
            sessions.exceptionCaught(connection, cause);
        }
    }

    @Override
    public void messageReceived(IoSession connection, Readable message) throws Exception {
        if (StartupLimiter.admissionOf(connection) != null) {
            sessions.messageReceived(connection, message);
        }
    }
}
