package org.callhome.nms.devicessh;

import java.io.IOException;
import java.security.PublicKey;
import java.util.function.Consumer;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.callhome.shared.ssh.SessionClock;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.channel.NetconfChannelCommand;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NegotiatedAlgorithms;
import org.callhome.shared.strategy.SecuredChannel;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.strategy.SecurityFacts.UsernameSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one subsystem a device account may request. Inside it the roles are inverted: the device
 * that requested it is the NETCONF server, the NMS the client. Starting it hands a
 * {@link SecuredChannel} to the NMS; the channel closing, from either end, closes the device's SSH
 * session, so a device has at most one NETCONF channel per login. Runs on MINA I/O threads.
 */
final class DeviceNetconfSubsystem implements SubsystemFactory {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceNetconfSubsystem.class);

    private final String name;
    private final String nmsUsername;
    private final long maxBacklogBytes;
    private final Consumer<SecuredChannel> channels;

    DeviceNetconfSubsystem(String name, String nmsUsername, long maxBacklogBytes, Consumer<SecuredChannel> channels) {
        this.name = name;
        this.nmsUsername = nmsUsername;
        this.maxBacklogBytes = maxBacklogBytes;
        this.channels = channels;
    }

    @Override
    public String getName() {
        return name;
    }

    /** Throwing makes MINA answer the subsystem request with a failure (and log our message). */
    @Override
    public Command createSubsystem(ChannelSession channel) throws IOException {
        DeviceLogin login = channel.getSession().getAttribute(DeviceLogin.KEY);
        if (login == null) {
            throw new IOException("subsystem " + name + " requested on a session without a device login");
        }
        if (!login.claimNetconf()) {
            login.refused("a second '" + name + "' subsystem");
            throw new IOException("device " + login.deviceId() + " already opened its " + name + " subsystem");
        }
        return new NetconfCommand(channel, login);
    }

    private final class NetconfCommand extends NetconfChannelCommand {

        private final DeviceLogin login;

        NetconfCommand(ChannelSession channel, DeviceLogin login) {
            super(channel, maxBacklogBytes);
            this.login = login;
        }

        @Override
        public void start(ChannelSession channelSession, Environment env) throws IOException {
            ServerSession session = channelSession.getSession();
            channelSession.addChannelListener(new ChannelListener() {
                @Override
                public void channelClosed(Channel closed, Throwable reason) {
                    // one NETCONF channel per login: when it ends, so does the login
                    session.close(false);
                }
            });
            PublicKey hostKey = session.getHostKey().getPublic();
            if (hostKey instanceof OpenSshCertificate certificate) {
                // with --host-cert the session's host key is the certificate; it has its plain key's fingerprint
                hostKey = certificate.getCertPubKey();
            } else if (hostKey instanceof X509PublicKey chain) {
                // likewise an X.509 chain of it
                hostKey = chain.signingKey();
            }
            SecurityFacts facts = new SecurityFacts(CallHomeStrategy.DEVICE_SSH_CLIENT, login.deviceId(),
                    login.fingerprint(), login.verification(), SshKeys.fingerprint(hostKey),
                    nmsUsername, UsernameSource.BIND_ACCOUNT, NegotiatedAlgorithms.of(session), login.remoteAddress(),
                    login.certificate(), login.x509Certificate());
            LOG.info("device {} from {} opened subsystem {} (key {})", login.deviceId(), login.remoteAddress(), name,
                    login.fingerprint());
            try {
                channels.accept(new SecuredChannel(transport(), transport()::attach, facts,
                        SessionClock.openedNanos(session)));
            } catch (RuntimeException e) {
                LOG.warn("the NMS failed to take the channel of device {}: closing it", login.deviceId(), e);
                session.close(true);
            }
        }

        @Override
        public void destroy(ChannelSession channelSession) {
            // the channel listener registered in start() closes the session
        }
    }
}
