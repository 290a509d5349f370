package org.callhome.shared.ssh.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.common.io.IoInputStream;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelDataReceiver;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.AsyncCommandStreamsAware;
import org.apache.sshd.server.command.Command;

/**
 * The MINA side of a subsystem that carries NETCONF on the server end of a session channel,
 * whichever NETCONF role runs inside (the device's server in reverse-ssh, the NMS's client in
 * device-ssh-client). It installs a {@link ServerChannelTransport} as the channel's data
 * receiver before MINA would install its blocking default, ignores stderr, and reports the
 * "command" as exited once, when the peer's data ends or the subclass says so, so that a
 * graceful channel close never waits for MINA's exit timeout. Subclasses start their NETCONF
 * role on {@link #transport()} in {@link #start}.
 */
public abstract class NetconfChannelCommand implements Command, AsyncCommandStreamsAware {

    private final ChannelSession channel;
    private final long maxBacklogBytes;
    private final AtomicBoolean exited = new AtomicBoolean();
    private ServerChannelTransport transport;
    private ExitCallback exit;

    protected NetconfChannelCommand(ChannelSession channel, long maxBacklogBytes) {
        this.channel = channel;
        this.maxBacklogBytes = maxBacklogBytes;
    }

    /** The NETCONF transport of this channel; set before {@link #start} is called. */
    protected final ServerChannelTransport transport() {
        return transport;
    }

    /** Tells MINA the subsystem is done (once; later calls do nothing). */
    protected final void exited(String message) {
        if (exited.compareAndSet(false, true) && exit != null) {
            exit.onExit(0, message);
        }
    }

    @Override
    public final void setIoOutputStream(IoOutputStream out) {
        // called before MINA installs its default receiver: ours takes the channel's data
        transport = new ServerChannelTransport(channel, out, maxBacklogBytes);
        ChannelDataReceiver data = transport.dataReceiver();
        channel.setDataReceiver(new ChannelDataReceiver() {
            @Override
            public int data(ChannelSession channelSession, byte[] buf, int start, int len) throws IOException {
                return data.data(channelSession, buf, start, len);
            }

            @Override
            public void close() throws IOException {
                try {
                    data.close();
                } finally {
                    exited("NETCONF channel ended");
                }
            }
        });
    }

    @Override
    public final void setIoInputStream(IoInputStream in) {
        // not called: the data receiver installed in setIoOutputStream takes the channel's data
    }

    @Override
    public final void setIoErrorStream(IoOutputStream err) {
        // NETCONF has no use for stderr
    }

    @Override
    public final void setExitCallback(ExitCallback callback) {
        exit = callback;
    }

    @Override
    public final void setInputStream(InputStream in) {
        // asynchronous: see setIoOutputStream
    }

    @Override
    public final void setOutputStream(OutputStream out) {
        // asynchronous: see setIoOutputStream
    }

    @Override
    public final void setErrorStream(OutputStream err) {
        // asynchronous: see setIoErrorStream
    }
}
