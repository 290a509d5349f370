package org.callhome.nms.devicessh;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.apache.sshd.client.channel.ChannelSession;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * A client session channel that sends any channel request with want-reply set and reports the
 * answer (RFC 4254 §5.4: replies come in request order), for requests MINA's own channels send
 * without asking for a reply (pty-req, auth-agent-req@openssh.com, x11-req).
 */
final class RequestProbeChannel extends ChannelSession {

    private final Queue<CompletableFuture<Boolean>> pending = new ConcurrentLinkedQueue<>();

    /** Opens a probe channel on {@code session}. */
    static RequestProbeChannel open(ClientSession session) throws IOException {
        RequestProbeChannel channel = new RequestProbeChannel();
        session.getService(ConnectionService.class).registerChannel(channel);
        channel.open().verify(DeviceSshFixture.WAIT);
        return channel;
    }

    /** Completes with true for SSH_MSG_CHANNEL_SUCCESS, false for SSH_MSG_CHANNEL_FAILURE. */
    CompletableFuture<Boolean> request(String type, Consumer<Buffer> payload) throws IOException {
        Buffer buffer = getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 64);
        buffer.putUInt(getRecipient());
        buffer.putString(type);
        buffer.putBoolean(true);
        payload.accept(buffer);
        CompletableFuture<Boolean> reply = new CompletableFuture<>();
        pending.add(reply);
        writePacket(buffer);
        return reply;
    }

    @Override
    public void handleSuccess() {
        complete(true);
    }

    @Override
    public void handleFailure() {
        complete(false);
    }

    private void complete(boolean success) {
        CompletableFuture<Boolean> next = pending.poll();
        if (next != null) {
            next.complete(success);
        }
    }
}
