package org.callhome.device.devicessh;

import java.io.IOException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.session.ClientSession;
import org.callhome.device.callhome.Connection;
import org.callhome.shared.ssh.SessionClock;
import org.callhome.shared.strategy.SecurityFacts;

/**
 * One device-ssh-client connection as the dialer sees it: the SSH session the device opened to the
 * NMS. It ends when that session ends. The end counts as orderly (normal completion of
 * {@link #closed()}) when the device closed it, or when the NETCONF session had ended first
 * (close-session, kill-session), which closes the channel and then the SSH session; any other end
 * (NMS gone, I/O error, keepalives unanswered) completes it exceptionally, so a periodic dialer
 * reconnects at once.
 */
final class DeviceSshConnection implements Connection {

    /** Why the connection ended when the NMS closed it without a reason the device knows. */
    static final String CLOSED_BY_NMS = "the NMS closed the SSH connection";

    private final ClientSession session;
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final AtomicReference<String> netconfEnded = new AtomicReference<>();
    private final AtomicBoolean closedLocally = new AtomicBoolean();
    private final AtomicReference<String> dropped = new AtomicReference<>();
    private volatile SecurityFacts facts;

    DeviceSshConnection(ClientSession session) {
        this.session = session;
    }

    @Override
    public CompletionStage<String> closed() {
        return closed;
    }

    @Override
    public void close() {
        closedLocally.set(true);
        session.close(false);
    }

    @Override
    public Instant lastActivity() {
        return SessionClock.lastActivity(session);
    }

    /** Where the NMS is, for logs. */
    String remoteAddress() {
        return SecurityFacts.addressOf(session.getRemoteAddress());
    }

    /** The NMS's host key or certificate, as the key exchange accepted it; null before. */
    PublicKey nmsHostKey() {
        return session.getServerKey();
    }

    /**
     * Ends the session for {@code reason} (its NMS host key was revoked): a failure, whatever ends
     * first as the session closes, so a periodic dialer calls again at once.
     */
    void drop(String reason) {
        dropped.compareAndSet(null, reason);
        session.close(true);
    }

    /** How the channel was secured; null until the NETCONF channel is open. */
    SecurityFacts facts() {
        return facts;
    }

    void established(SecurityFacts established) {
        facts = established;
    }

    /** The first failure seen (I/O, protocol, a timeout of ours): the reason reported if the session ends. */
    void failed(String reason) {
        failure.compareAndSet(null, reason);
    }

    void netconfEnded(String reason) {
        netconfEnded.compareAndSet(null, reason);
    }

    /** Reason for the logs, once the SSH session has closed. */
    String sessionClosed() {
        String netconf = netconfEnded.get();
        if (dropped.get() != null) {
            failure.set(dropped.get());
            closed.completeExceptionally(new IOException(dropped.get()));
        } else if (closedLocally.get()) {
            closed.complete("closed by the device");
        } else if (netconf != null) {
            closed.complete("NETCONF session ended: " + netconf);
        } else {
            String why = failure.get() != null ? failure.get() : CLOSED_BY_NMS;
            closed.completeExceptionally(new IOException(why));
        }
        return closed.isCompletedExceptionally() ? failureReason() : closed.getNow("");
    }

    String failureReason() {
        return failure.get() != null ? failure.get() : CLOSED_BY_NMS;
    }
}
