package org.callhome.shared.ssh.channel;

import java.util.concurrent.locks.ReentrantLock;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.io.IoOutputStream;
import org.callhome.shared.netconf.session.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both ends of an SSH channel carrying NETCONF share: ordered non-blocking writes, and the
 * two reasons to stop reading — the NETCONF session holds as many requests as it may, or our
 * unsent output passed the bound (a peer that does not read). Not reading means not releasing
 * the SSH window, so SSH itself stops the peer. Closing waits until queued output is written,
 * so a reply to close-session reaches the peer. The subclasses differ only in how data comes in.
 */
abstract sealed class ChannelTransport implements Transport permits ClientChannelTransport, ServerChannelTransport {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelTransport.class);

    final ReentrantLock lock = new ReentrantLock();
    private final Channel channel;
    private final AsyncWriter writer;
    private final long maxBacklogBytes;
    private boolean sessionPaused;
    private boolean backlogPaused;
    private boolean closeWhenDrained;
    private volatile boolean closed;

    ChannelTransport(Channel channel, IoOutputStream out, long maxBacklogBytes) {
        this.channel = channel;
        this.maxBacklogBytes = maxBacklogBytes;
        this.writer = new AsyncWriter(out, this::writeFailed, this::drained);
    }

    /** Reading may go on; called by subclasses while holding {@link #lock}. */
    final boolean readingAllowed() {
        return !sessionPaused && !backlogPaused;
    }

    /** Called (outside the lock) whenever reading may have become allowed again. */
    abstract void readingMayResume();

    /** Called once when a write failed: the channel is gone. */
    void writeFailedHook() {
    }

    @Override
    public final void send(byte[] bytes) {
        if (closed) {
            return;
        }
        writer.write(bytes);
        if (writer.backlogBytes() > maxBacklogBytes) {
            setPaused(null, true);
        }
    }

    @Override
    public final void close() {
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
    public final void pauseReading() {
        setPaused(true, null);
    }

    @Override
    public final void resumeReading() {
        setPaused(false, null);
    }

    @Override
    public final String describe() {
        return "ssh channel " + channel.getChannelId() + " of " + channel.getSession().getRemoteAddress();
    }

    final Channel channel() {
        return channel;
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
        readingMayResume();
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
        writeFailedHook();
    }
}
