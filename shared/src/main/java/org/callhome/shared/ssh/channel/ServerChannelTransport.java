package org.callhome.shared.ssh.channel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.sshd.common.channel.LocalWindow;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.server.channel.ChannelDataReceiver;
import org.apache.sshd.server.channel.ChannelSession;
import org.callhome.shared.netconf.session.ByteReceiver;
import org.callhome.shared.netconf.session.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NETCONF transport over the server end of an SSH session channel (the channel a subsystem
 * runs on): MINA pushes channel data into {@link #data}, writes go out through an
 * {@link AsyncWriter}. Flow control uses the SSH window: while the session asks to pause, or
 * while our unsent output exceeds the bound, received bytes are held and the window is not
 * released, so a peer that floods requests or never reads replies is stopped by SSH itself.
 * Bytes arriving before the NETCONF session is attached are held the same way.
 */
public final class ServerChannelTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(ServerChannelTransport.class);

    private final ChannelSession channel;
    private final AsyncWriter writer;
    private final long maxBacklogBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<byte[]> held = new ArrayList<>();
    private ByteReceiver receiver;
    private boolean sessionPaused;
    private boolean backlogPaused;
    private boolean closeWhenDrained;
    private volatile boolean closed;

    public ServerChannelTransport(ChannelSession channel, IoOutputStream out, long maxBacklogBytes) {
        this.channel = channel;
        this.maxBacklogBytes = maxBacklogBytes;
        this.writer = new AsyncWriter(out, this::writeFailed, this::drained);
    }

    /** Starts delivering bytes (also those that arrived already) to the session. */
    public void attach(ByteReceiver target) {
        lock.lock();
        try {
            receiver = target;
        } finally {
            lock.unlock();
        }
        deliverHeld();
    }

    /** What MINA feeds: install it with {@code channel.setDataReceiver(...)}. */
    public ChannelDataReceiver dataReceiver() {
        return new ChannelDataReceiver() {
            @Override
            public int data(ChannelSession channelSession, byte[] buf, int start, int len) {
                return received(buf, start, len);
            }

            /** End of data from the peer (channel EOF or close). */
            @Override
            public void close() {
                peerClosed();
            }
        };
    }

    private int received(byte[] buf, int start, int len) {
        ByteReceiver target;
        lock.lock();
        try {
            if (receiver == null || sessionPaused || backlogPaused || !held.isEmpty()) {
                held.add(java.util.Arrays.copyOfRange(buf, start, start + len));
                return 0;
            }
            target = receiver;
        } finally {
            lock.unlock();
        }
        target.receive(buf, start, len);
        return len;
    }

    private void peerClosed() {
        ByteReceiver target;
        lock.lock();
        try {
            target = receiver;
        } finally {
            lock.unlock();
        }
        if (target != null) {
            target.transportClosed();
        }
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

    /** Closes the channel once everything queued has been written (a reply before close-session). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        lock.lock();
        try {
            closeWhenDrained = writer.backlogBytes() > 0;
        } finally {
            lock.unlock();
        }
        if (!closeWhenDrained) {
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
        deliverHeld();
    }

    private void deliverHeld() {
        while (true) {
            byte[] next;
            ByteReceiver target;
            lock.lock();
            try {
                if (receiver == null || sessionPaused || backlogPaused || held.isEmpty()) {
                    return;
                }
                next = held.remove(0);
                target = receiver;
            } finally {
                lock.unlock();
            }
            target.receive(next, 0, next.length);
            release(next.length);
        }
    }

    private void release(int bytes) {
        try {
            LocalWindow window = channel.getLocalWindow();
            window.release(bytes);
        } catch (IOException e) {
            LOG.debug("releasing the window of {} failed: {}", describe(), e.toString());
        }
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
            return;
        }
        if (writer.backlogBytes() <= maxBacklogBytes / 2) {
            setPaused(null, false);
        }
    }

    private void writeFailed(Throwable cause) {
        LOG.debug("writing to {} failed: {}", describe(), cause.toString());
        closed = true;
        channel.close(true);
        peerClosed();
    }
}
