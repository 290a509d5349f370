package org.callhome.shared.ssh.channel;

import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.common.io.IoInputStream;
import org.apache.sshd.common.io.IoReadFuture;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.callhome.shared.netconf.session.ByteReceiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NETCONF transport over the client end of an SSH channel opened with asynchronous
 * streaming (the subsystem channel the NMS opened, or one a device opened to the NMS). Reads are
 * issued one at a time and MINA releases the SSH window only as we read, so not issuing the
 * next read stops the peer. No thread is held: completions arrive on MINA's I/O threads.
 */
public final class ClientChannelTransport extends ChannelTransport {

    private static final Logger LOG = LoggerFactory.getLogger(ClientChannelTransport.class);
    private static final int READ_BUFFER_BYTES = 32 * 1024;

    private final IoInputStream in;
    private ByteReceiver receiver;
    private boolean reading;

    public ClientChannelTransport(ClientChannel channel, long maxBacklogBytes) {
        super(channel, channel.getAsyncIn(), maxBacklogBytes);
        this.in = channel.getAsyncOut();
    }

    /** Starts reading into the session. */
    public void attach(ByteReceiver target) {
        lock.lock();
        try {
            receiver = target;
        } finally {
            lock.unlock();
        }
        readingMayResume();
    }

    @Override
    void readingMayResume() {
        lock.lock();
        try {
            if (reading || receiver == null || !readingAllowed()) {
                return;
            }
            reading = true;
        } finally {
            lock.unlock();
        }
        Buffer buffer = new ByteArrayBuffer(READ_BUFFER_BYTES, false);
        in.read(buffer).addListener(this::readDone);
    }

    private void readDone(IoReadFuture future) {
        ByteReceiver target;
        lock.lock();
        try {
            reading = false;
            target = receiver;
        } finally {
            lock.unlock();
        }
        Throwable failure = future.getException();
        if (failure != null) {
            LOG.debug("{} ended: {}", describe(), failure.toString());
            target.transportClosed();
            return;
        }
        Buffer buffer = future.getBuffer();
        target.receive(buffer.array(), buffer.rpos(), buffer.available());
        readingMayResume();
    }
}
