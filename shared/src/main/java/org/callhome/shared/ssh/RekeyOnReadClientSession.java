package org.callhome.shared.ssh;

import org.apache.sshd.client.ClientFactoryManager;
import org.apache.sshd.client.session.ClientSessionImpl;
import org.apache.sshd.client.session.SessionFactory;
import org.apache.sshd.common.future.KeyExchangeFuture;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * MINA's client session, except that it starts a re-key only from the thread handling the peer's
 * packets, so that simultaneous re-keys by both ends never drop the session: see
 * {@link RekeyOnReadServerSession}, the server's, for why. {@link SshPolicy#applyTo} makes every
 * client of the project create these.
 */
public final class RekeyOnReadClientSession extends ClientSessionImpl {

    /** The thread handling a packet from the peer, if any: one at a time, under MINA's decode lock. */
    private volatile Thread reader;

    private RekeyOnReadClientSession(ClientFactoryManager client, IoSession ioSession) throws Exception {
        super(client, ioSession);
    }

    /** For {@code client.setSessionFactory}, or an acceptor of a client that takes connections. */
    public static SessionFactory sessions(ClientFactoryManager client) {
        return new SessionFactory(client) {
            @Override
            protected ClientSessionImpl doCreateSession(IoSession ioSession) throws Exception {
                return new RekeyOnReadClientSession(getClient(), ioSession);
            }
        };
    }

    @Override
    protected void handleMessage(Buffer buffer) throws Exception {
        reader = Thread.currentThread();
        try {
            super.handleMessage(buffer);
        } finally {
            reader = null;
        }
    }

    /**
     * Whether a thread is handling a packet from the peer now (and may start a re-key when it is done
     * with it): a test that writes past the limit waits until none is, or it races with that check.
     */
    boolean handlingPacket() {
        return reader != null;
    }

    /** MINA's check on the reading thread; nothing on any other. */
    @Override
    protected KeyExchangeFuture checkRekey() throws Exception {
        return Thread.currentThread() == reader ? super.checkRekey() : null;
    }
}
