package org.callhome.nms.devicessh;

import java.io.IOException;
import java.util.Map;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.channel.PtyMode;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.ChannelSession;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.text.PeerText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server end of the one session channel a device may open. On top of what the server refuses
 * by configuration (no shell or command factory, only our subsystem, agent and X11 forwarding
 * filtered out) it refuses a pseudo-terminal and environment variables, which MINA would accept by
 * default and which mean nothing to a NETCONF channel, and logs every refused request with the
 * device id. Runs on the session's MINA I/O thread.
 */
final class DeviceChannel extends ChannelSession {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceChannel.class);

    /** The subsystem named by the request being handled, if it is a subsystem request. */
    private String requestedSubsystem;

    @Override
    protected RequestHandler.Result handleInternalRequest(String requestType, boolean wantReply, Buffer buffer)
            throws IOException {
        RequestHandler.Result result = super.handleInternalRequest(requestType, wantReply, buffer);
        String shown = PeerText.shown(requestType)
                + (requestedSubsystem == null ? "" : " " + PeerText.shown(requestedSubsystem));
        requestedSubsystem = null;
        if (result == RequestHandler.Result.Unsupported) {
            // unknown names, e.g. OpenSSH's keepalive@openssh.com: answered with a failure, which is all they need
            LOG.debug("unsupported '{}' request on {}", shown, this);
        } else if (result == RequestHandler.Result.ReplyFailure) {
            DeviceLogin login = getSession().getAttribute(DeviceLogin.KEY);
            if (login != null) {
                login.refused("'" + shown + "' request");
            }
            LOG.warn("refused '{}' request of device {} from {} on channel {}", shown,
                    login == null ? "?" : login.deviceId(), SecurityFacts.addressOf(getSession().getRemoteAddress()),
                    getChannelId());
        }
        return result;
    }

    /** Remembers the name for the log line and the report of a refused subsystem. */
    @Override
    protected RequestHandler.Result handleSubsystemParsed(String request, String subsystem) throws IOException {
        requestedSubsystem = subsystem;
        return super.handleSubsystemParsed(request, subsystem);
    }

    @Override
    protected RequestHandler.Result handlePtyReqParsed(String term, int columns, int rows, int width, int height,
                                                       Map<PtyMode, Integer> modes) {
        return RequestHandler.Result.ReplyFailure;
    }

    @Override
    protected RequestHandler.Result handleEnvParsed(String name, String value) {
        return RequestHandler.Result.ReplyFailure;
    }

    /**
     * The only channel factory of the server: {@code session} channels, at most one open at a
     * time per SSH session. Every other type (direct-tcpip, x11, forwarded-tcpip,
     * auth-agent@openssh.com, ...) has no factory, so MINA answers SSH_OPEN_UNKNOWN_CHANNEL_TYPE;
     * a second session channel gets the same answer (returning null is MINA's way to refuse).
     */
    static final class Factory implements ChannelFactory {

        static final Factory INSTANCE = new Factory();

        private Factory() {
        }

        @Override
        public String getName() {
            return "session";
        }

        @Override
        public Channel createChannel(Session session) {
            DeviceLogin login = session.getAttribute(DeviceLogin.KEY);
            if (login == null) {
                return null;
            }
            DeviceChannel channel = new DeviceChannel();
            if (!login.claimChannel(channel)) {
                login.refused("a second session channel");
                LOG.warn("refused a second session channel of device {} from {}: one channel per device",
                        login.deviceId(), login.remoteAddress());
                return null;
            }
            channel.addChannelListener(new ChannelListener() {
                @Override
                public void channelClosed(Channel closed, Throwable reason) {
                    login.channelClosed(closed);
                }
            });
            return channel;
        }
    }
}
