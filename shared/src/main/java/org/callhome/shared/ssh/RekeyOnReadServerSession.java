package org.callhome.shared.ssh;

import org.apache.sshd.common.future.KeyExchangeFuture;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.ServerFactoryManager;
import org.apache.sshd.server.session.ServerSessionImpl;
import org.apache.sshd.server.session.SessionFactory;

/**
 * MINA's server session, except that it starts a re-key (RFC 4253 §9) only from the thread
 * handling the peer's packets, so that a re-key the peer starts at the same moment (RFC 4253 §7
 * lets either side start one at any time) can never drop the session. {@link SshPolicy#applyTo}
 * makes every server of the project create these; {@link RekeyOnReadClientSession} is the client's.
 *
 * <p>Why: MINA 2.20 checks its re-key limits after every packet it writes, on the writing thread
 * (a NETCONF pool thread, a keepalive timer), and after every packet it reads. When a writing
 * thread has claimed the next key exchange but not yet sent its SSH_MSG_KEXINIT, and the peer's
 * SSH_MSG_KEXINIT is read in between, MINA leaves the negotiation to the writing thread while the
 * reading thread goes on to the peer's next key exchange packet: it finds no key exchange
 * ({@code "this.kex" is null}) or one still being set up ({@code X25519 not initialised}), and the
 * session is closed. Started by the reading thread, a key exchange is claimed and sent, and once
 * the peer's KEXINIT is read it is negotiated, by that thread before it reads the next packet.
 *
 * <p>A writer still reaches a limit in time: every channel window's worth of data it sends brings a
 * window adjustment back (RFC 4254 §5.2), and the re-key starts as that is read; so does every
 * keepalive reply. A byte limit is thus passed by at most one channel window.
 */
public final class RekeyOnReadServerSession extends ServerSessionImpl {

    /** The thread handling a packet from the peer, if any: one at a time, under MINA's decode lock. */
    private volatile Thread reader;

    private RekeyOnReadServerSession(ServerFactoryManager server, IoSession ioSession) throws Exception {
        super(server, ioSession);
    }

    /** For {@code server.setSessionFactory}, or a connector of a server that is never bound. */
    public static SessionFactory sessions(ServerFactoryManager server) {
        return new SessionFactory(server) {
            @Override
            protected ServerSessionImpl doCreateSession(IoSession ioSession) throws Exception {
                return new RekeyOnReadServerSession(getServer(), ioSession);
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

    /** MINA's check on the reading thread; nothing on any other (see the class comment). */
    @Override
    protected KeyExchangeFuture checkRekey() throws Exception {
        return Thread.currentThread() == reader ? super.checkRekey() : null;
    }
}
