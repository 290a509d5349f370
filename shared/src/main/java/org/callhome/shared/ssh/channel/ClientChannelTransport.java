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
 *
 * <p>A read stays pending while the session is quiet, so its buffer is held for as long: the read
 * after one that came back with less than it could take is a small one, and only a read that
 * filled its buffer (more may be waiting) is followed by a large one.
 */
public final class ClientChannelTransport extends ChannelTransport {

    private static final Logger LOG = LoggerFactory.getLogger(ClientChannelTransport.class);
    /** The read waiting on a quiet channel: a small NETCONF message fits. */
    static final int IDLE_READ_BYTES = 1024;
    /** The read after a full one: one SSH packet of MINA's default size. */
    static final int BUSY_READ_BYTES = 32 * 1024;

    private final IoInputStream in;
    private ByteReceiver receiver;
    /** A read is pending, or its bytes are being handed to the receiver. */
    private boolean reading;
    private int nextReadBytes = IDLE_READ_BYTES;

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
        int size;
        lock.lock();
        try {
            if (reading || receiver == null || !readingAllowed()) {
                return;
            }
            reading = true;
            size = nextReadBytes;
        } finally {
            lock.unlock();
        }
        Buffer buffer = new ByteArrayBuffer(size, false);
        in.read(buffer).addListener(this::readDone);
    }

    /** The size of the read issued next, or pending now (for tests). */
    int nextReadBytes() {
        lock.lock();
        try {
            return nextReadBytes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands the bytes read on and only then lets the next read start: a thread that resumes reading
     * meanwhile (the session, or a write completing) finds a read still under way, so it cannot
     * start one that MINA completes at once from bytes it holds and deliver those first, beside or
     * before these. After a failed read (the channel ended) no read starts again.
     */
    private void readDone(IoReadFuture future) {
        Throwable failure = future.getException();
        Buffer buffer = future.getBuffer();
        ByteReceiver target;
        lock.lock();
        try {
            target = receiver;
            nextReadBytes = failure == null && buffer.available() == buffer.array().length ? BUSY_READ_BYTES
                    : IDLE_READ_BYTES;
        } finally {
            lock.unlock();
        }
        if (failure != null) {
            LOG.debug("{} ended: {}", describe(), failure.toString());
            target.transportClosed();
            return;
        }
        try {
            target.receive(buffer.array(), buffer.rpos(), buffer.available());
        } finally {
            lock.lock();
            try {
                reading = false;
            } finally {
                lock.unlock();
            }
        }
        readingMayResume();
    }
}
