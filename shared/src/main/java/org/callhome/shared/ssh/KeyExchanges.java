package org.callhome.shared.ssh;

import java.util.concurrent.atomic.LongAdder;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;

/**
 * How many SSH key exchanges this JVM's sessions completed, the first of each session and every
 * re-key (RFC 4253 §9), counted apart by the local end's role: a program runs one role per
 * strategy (the device is the SSH server in reverse-ssh, the client in device-ssh-client), so
 * the count of a role is that program's. {@link SshPolicy#applyTo} installs {@link #LISTENER} on
 * every client and server of the project. Counted on MINA's I/O threads as each side's
 * SSH_MSG_NEWKEYS from the peer is handled.
 */
public final class KeyExchanges {

    private static final LongAdder AS_SERVER = new LongAdder();
    private static final LongAdder AS_CLIENT = new LongAdder();

    /** Counts each session's completed key exchanges by its role. */
    public static final SessionListener LISTENER = new SessionListener() {
        @Override
        public void sessionEvent(Session session, Event event) {
            if (event == Event.KeyEstablished) {
                (session.isServerSession() ? AS_SERVER : AS_CLIENT).increment();
            }
        }
    };

    private KeyExchanges() {
    }

    /** Key exchanges completed so far by sessions in which this JVM is the SSH server. */
    public static long completedAsServer() {
        return AS_SERVER.sum();
    }

    /** Key exchanges completed so far by sessions in which this JVM is the SSH client. */
    public static long completedAsClient() {
        return AS_CLIENT.sum();
    }
}
