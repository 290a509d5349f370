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
                if (receiver == null || !readingAllowed() || held.isEmpty()) {
                    return;
                }
                next = held.poll();
                target = receiver;
            } finally {
                lock.unlock();
            }
            target.receive(next, 0, next.length);
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
            if (receiver == null || !readingAllowed() || !held.isEmpty()) {
                held.add(Arrays.copyOfRange(buf, start, start + len));
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
}
