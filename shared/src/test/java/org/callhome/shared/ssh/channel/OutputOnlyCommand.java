package org.callhome.shared.ssh.channel;

import java.io.InputStream;
import java.io.OutputStream;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * A test subsystem's command that only writes: MINA hands it the channel's output stream
 * ({@link #out()}); input, error stream and exit callback are not used. Subclasses say what
 * {@code start} does, and {@link #destroy} if something must stop.
 */
abstract class OutputOnlyCommand implements Command {

    private OutputStream out;

    /** The channel's output stream, once MINA has set it (before {@code start}). */
    protected final OutputStream out() {
        return out;
    }

    @Override
    public final void setOutputStream(OutputStream stream) {
        out = stream;
    }

    @Override
    public final void setInputStream(InputStream stream) {
    }

    @Override
    public final void setErrorStream(OutputStream stream) {
    }

    @Override
    public final void setExitCallback(ExitCallback callback) {
    }

    @Override
    public void destroy(ChannelSession session) {
    }
}
