package org.callhome.compare.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * A command of a stand-in SSH server: writes a fixed text (saying what would have run) and exits
 * 0, or, with no text, runs until the channel closes. Nothing is executed on the machine.
 */
final class CannedCommand implements Command {

    private final String text;
    private OutputStream out;
    private ExitCallback exit;

    /** @param text what to write, or null to stay open and silent */
    CannedCommand(String text) {
        this.text = text;
    }

    @Override
    public void setInputStream(InputStream in) {
        // input is never read
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        // nothing is written to stderr
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        if (text == null) {
            return;
        }
        out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        exit.onExit(0);
    }

    @Override
    public void destroy(ChannelSession channel) {
        // nothing runs
    }
}
