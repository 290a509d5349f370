package org.callhome.compare.security;

import java.io.IOException;
import java.util.function.Consumer;
import org.apache.sshd.client.channel.AbstractClientChannel;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.LocalWindow;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * A channel the SSH <em>server</em> side asks the client to open (SSH_MSG_CHANNEL_OPEN, RFC 4254
 * §5.1, which either side may send), of any type and with the type's own fields, so that an
 * attacker's server can ask an NMS for a session, a forward or an agent. Only the open matters:
 * the answer is the open future's success or the peer's refusal.
 */
final class ServerOpenedChannel extends AbstractClientChannel {

    private final Consumer<Buffer> typeSpecificFields;

    /** @param typeSpecificFields written after the window fields, e.g. host and port of a forward */
    ServerOpenedChannel(String type, Consumer<Buffer> typeSpecificFields) {
        super(type);
        this.typeSpecificFields = typeSpecificFields;
    }

    @Override
    public synchronized OpenFuture open() throws IOException {
        openFuture = new DefaultOpenFuture(toString(), futureLock);
        LocalWindow window = getLocalWindow();
        Buffer buffer = getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_OPEN, 64);
        buffer.putString(getChannelType());
        buffer.putUInt(getChannelId());
        buffer.putUInt(window.getSize());
        buffer.putUInt(window.getPacketSize());
        typeSpecificFields.accept(buffer);
        writePacket(buffer);
        return openFuture;
    }

    @Override
    protected void doOpen() {
        // no streams: nothing is sent on the channel
    }
}
