package org.callhome.device.devicessh;

import java.security.PublicKey;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.apache.sshd.client.session.ClientSession;
import org.callhome.device.callhome.Connection;
import org.callhome.device.callhome.ConnectionEnd;
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
    private final ConnectionEnd end = new ConnectionEnd(CLOSED_BY_NMS);
    private volatile SecurityFacts facts;

    DeviceSshConnection(ClientSession session) {
        this.session = session;
    }

    @Override
    public CompletionStage<String> closed() {
        return end.closed();
    }

    @Override
    public void close() {
        end.closedLocally();
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
        end.dropped(reason);
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
        end.failed(reason);
    }

    void netconfEnded(String reason) {
        end.netconfEnded(reason);
    }

    /** Reason for the logs, once the SSH session has closed. */
    String sessionClosed() {
        return end.ended();
    }

    String failureReason() {
        return end.failureReason();
    }
}
