package org.callhome.shared.ssh.channel;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.server.channel.ChannelDataReceiver;
import org.apache.sshd.server.channel.ChannelSession;
import org.callhome.shared.netconf.session.ByteReceiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NETCONF transport over the server end of an SSH session channel (the channel a subsystem
 * runs on): MINA pushes channel data into {@link #dataReceiver()}. While reading is paused, or
 * before the NETCONF session is attached, received bytes are held and the SSH window is not
 * released for them, so the peer can send at most one window more.
 */
public final class ServerChannelTransport extends ChannelTransport {

    private static final Logger LOG = LoggerFactory.getLogger(ServerChannelTransport.class);

    private final Queue<byte[]> held = new ArrayDeque<>();
    private ByteReceiver receiver;
    /**
     * A thread is handing bytes to the receiver: MINA's (new data) or one that resumed reading
     * (the session, or a write completing). Meanwhile no other thread delivers, and new data is
     * held, so the receiver gets the bytes one call at a time and in the order they came.
     */
    private boolean delivering;

    public ServerChannelTransport(ChannelSession channel, IoOutputStream out, long maxBacklogBytes) {
        super(channel, out, maxBacklogBytes);
    }

    /** Starts delivering bytes (also those that arrived already) to the session. */
    public void attach(ByteReceiver target) {
        lock.lock();
        try {
            receiver = target;
        } finally {
            lock.unlock();
        }
        readingMayResume();
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

    @Override
    void readingMayResume() {
        while (true) {
            byte[] next;
            ByteReceiver target;
            lock.lock();
            try {
                if (delivering || receiver == null || !readingAllowed() || held.isEmpty()) {
                    return;
                }
                next = held.poll();
                target = receiver;
                delivering = true;
            } finally {
                lock.unlock();
            }
            deliver(target, next, 0, next.length);
            try {
                channel().getLocalWindow().release(next.length);
            } catch (IOException e) {
                LOG.debug("releasing the window of {} failed: {}", describe(), e.toString());
            }
        }
    }

    @Override
    void writeFailedHook() {
        peerClosed();
    }

    private int received(byte[] buf, int start, int len) {
        ByteReceiver target;
        lock.lock();
        try {
            if (delivering || receiver == null || !readingAllowed() || !held.isEmpty()) {
                held.add(Arrays.copyOfRange(buf, start, start + len));
                return 0;
            }
            target = receiver;
            delivering = true;
        } finally {
            lock.unlock();
        }
        // nothing was held, and only MINA (one packet at a time) adds to it: nothing waits behind these bytes
        deliver(target, buf, start, len);
        return len;
    }

    /** Hands bytes on; the caller set {@link #delivering}, which this clears afterwards. */
    private void deliver(ByteReceiver target, byte[] bytes, int offset, int length) {
        try {
            target.receive(bytes, offset, length);
        } finally {
            lock.lock();
            try {
                delivering = false;
            } finally {
                lock.unlock();
            }
        }
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
}
