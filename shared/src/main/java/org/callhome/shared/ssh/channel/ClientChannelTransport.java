package org.callhome.shared.ssh.channel;

import java.util.concurrent.locks.ReentrantLock;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.common.io.IoInputStream;
import org.apache.sshd.common.io.IoReadFuture;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.callhome.shared.netconf.session.ByteReceiver;
import org.callhome.shared.netconf.session.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NETCONF transport over the client end of an SSH channel opened with asynchronous
 * streaming (a subsystem channel the NMS opened, or the one a device opened to the NMS). Reads
 * are issued one at a time; MINA releases the SSH window only as we read, so not issuing the
 * next read (the session asked to pause, or our unsent output is over the bound) stops the
 * peer. No thread is held: completions arrive on MINA's I/O threads.
 */
public final class ClientChannelTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(ClientChannelTransport.class);
    private static final int READ_BUFFER_BYTES = 32 * 1024;

    private final ClientChannel channel;
    private final IoInputStream in;
    private final AsyncWriter writer;
    private final long maxBacklogBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private ByteReceiver receiver;
    private boolean reading;
    private boolean sessionPaused;
    private boolean backlogPaused;
    private boolean closeWhenDrained;
    private volatile boolean closed;

    public ClientChannelTransport(ClientChannel channel, long maxBacklogBytes) {
        this.channel = channel;
        this.in = channel.getAsyncOut();
        this.maxBacklogBytes = maxBacklogBytes;
        this.writer = new AsyncWriter(channel.getAsyncIn(), this::writeFailed, this::drained);
    }

    /** Starts reading into the session. */
    public void attach(ByteReceiver target) {
        lock.lock();
        try {
            receiver = target;
        } finally {
            lock.unlock();
        }
        readMore();
    }

    @Override
    public void send(byte[] bytes) {
        if (closed) {
            return;
        }
        writer.write(bytes);
        if (writer.backlogBytes() > maxBacklogBytes) {
            setPaused(null, true);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean now;
        lock.lock();
        try {
            closeWhenDrained = writer.backlogBytes() > 0;
            now = !closeWhenDrained;
        } finally {
            lock.unlock();
        }
        if (now) {
            channel.close(false);
        }
    }

    @Override
    public void pauseReading() {
        setPaused(true, null);
    }

    @Override
    public void resumeReading() {
        setPaused(false, null);
    }

    @Override
    public String describe() {
        return "ssh channel " + channel.getChannelId() + " of " + channel.getSession().getRemoteAddress();
    }

    private void setPaused(Boolean bySession, Boolean byBacklog) {
        lock.lock();
        try {
            if (bySession != null) {
                sessionPaused = bySession;
            }
            if (byBacklog != null) {
                backlogPaused = byBacklog;
            }
        } finally {
            lock.unlock();
        }
        readMore();
    }

    private void readMore() {
        lock.lock();
        try {
            if (reading || receiver == null || sessionPaused || backlogPaused) {
                return;
            }
            reading = true;
        } finally {
            lock.unlock();
        }
        Buffer buffer = new ByteArrayBuffer(READ_BUFFER_BYTES, false);
        IoReadFuture future = in.read(buffer);
        future.addListener(this::readDone);
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
        readMore();
    }

    private void drained() {
        boolean closeNow;
        lock.lock();
        try {
            closeNow = closeWhenDrained;
            closeWhenDrained = false;
        } finally {
            lock.unlock();
        }
        if (closeNow) {
            channel.close(false);
        } else if (writer.backlogBytes() <= maxBacklogBytes / 2) {
            setPaused(null, false);
        }
    }

    private void writeFailed(Throwable cause) {
        LOG.debug("writing to {} failed: {}", describe(), cause.toString());
        closed = true;
        channel.close(true);
    }
}
