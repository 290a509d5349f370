package org.callhome.compare.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.sshd.client.channel.ChannelSession;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * A client session channel that sends one channel request (shell, exec, subsystem) with
 * want-reply set and reports the peer's answer (SSH_MSG_CHANNEL_SUCCESS or FAILURE, RFC 4254
 * §5.4), unlike MINA's own channels, which close on a failure without saying so. Whatever the
 * peer then writes on the channel is kept, to quote a command that did run.
 */
final class RequestChannel extends ChannelSession {

    private final CompletableFuture<Boolean> reply = new CompletableFuture<>();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private RequestChannel() {
        setOut(output);
        setErr(output);
    }

    /** Opens a session channel on {@code session}; fails with the peer's reason if it refuses the channel. */
    static RequestChannel open(ClientSession session, Duration timeout) throws IOException {
        RequestChannel channel = new RequestChannel();
        session.getService(ConnectionService.class).registerChannel(channel);
        channel.open().verify(timeout);
        return channel;
    }

    /** Sends the request; completes with true for success, false for failure. */
    CompletableFuture<Boolean> request(String type, Consumer<Buffer> payload) throws IOException {
        Buffer buffer = getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 64);
        buffer.putUInt(getRecipient());
        buffer.putString(type);
        buffer.putBoolean(true);
        payload.accept(buffer);
        writePacket(buffer);
        return reply;
    }

    /** What the peer wrote on the channel so far. */
    String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void handleSuccess() {
        reply.complete(true);
    }

    @Override
    public void handleFailure() {
        reply.complete(false);
    }
}
