package org.callhome.device.ssh;

import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.callhome.device.netconf.DeviceNetconfServer;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.netconf.session.NetconfServerSession;
import org.callhome.shared.ssh.channel.NetconfChannelCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSH subsystem that runs the device's NETCONF server on a session channel (RFC 6242 §3).
 * Non-blocking: channel data is pushed into the session, output goes out through MINA's
 * asynchronous stream. The NETCONF username is the SSH username the session authenticated as;
 * what the account may do is decided by the NETCONF server from that name.
 */
public final class NetconfSubsystem implements SubsystemFactory {

    private static final Logger LOG = LoggerFactory.getLogger(NetconfSubsystem.class);

    private final String name;
    private final DeviceNetconfServer netconf;
    private final Function<String, Role> roles;
    private final long maxBacklogBytes;

    /**
     * @param roles the role of each user that may authenticate (unknown users get read-only,
     *              though authentication already refuses them)
     */
    public NetconfSubsystem(String name, DeviceNetconfServer netconf, Function<String, Role> roles,
                            long maxBacklogBytes) {
        this.name = Objects.requireNonNull(name, "name");
        this.netconf = Objects.requireNonNull(netconf, "netconf");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.maxBacklogBytes = maxBacklogBytes;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Command createSubsystem(ChannelSession channel) {
        return new NetconfCommand(channel);
    }

    private final class NetconfCommand extends NetconfChannelCommand {

        private volatile NetconfServerSession session;

        NetconfCommand(ChannelSession channel) {
            super(channel, maxBacklogBytes);
        }

        @Override
        public void start(ChannelSession channelSession, Environment env) throws IOException {
            String username = channelSession.getSession().getUsername();
            NetconfServerSession opened = netconf.open(transport(), username, roles.apply(username));
            session = opened;
            transport().attach(opened);
            opened.closed().thenAccept(this::exited);
        }

        @Override
        public void destroy(ChannelSession channelSession) {
            NetconfServerSession current = session;
            if (current != null) {
                current.transportClosed();
            } else {
                LOG.debug("netconf subsystem destroyed before it started");
            }
        }
    }
}
