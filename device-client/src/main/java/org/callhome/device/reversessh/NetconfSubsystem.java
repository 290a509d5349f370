package org.callhome.device.reversessh;

import java.io.IOException;
import java.security.PublicKey;
import java.util.Objects;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.callhome.device.trust.NmsVerdict;
import org.callhome.shared.netconf.session.NetconfServerSession;
import org.callhome.shared.ssh.SessionClock;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.channel.NetconfChannelCommand;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.DeviceHalf.ChannelSink;
import org.callhome.shared.strategy.NegotiatedAlgorithms;
import org.callhome.shared.strategy.SecuredChannel;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.strategy.SecurityFacts.UsernameSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code netconf} subsystem of the reverse-ssh device (RFC 6242 §3): hands the session
 * channel, secured by the NMS's login, to the device's NETCONF server through a
 * {@link ChannelSink}. The NETCONF username is the SSH username the NMS authenticated as
 * (RFC 6242), or the account a cert-to-name mapping bound its X.509 login to, which overrides it
 * (RFC 6242 §3); how it proved its key, and that account, is what was recorded under
 * {@link #NMS_LOGIN} at login.
 */
public final class NetconfSubsystem implements SubsystemFactory {

    /** How the NMS's login was proven (pinned key or certificate), recorded by the authenticator. */
    public static final AttributeKey<NmsVerdict.Accepted> NMS_LOGIN = new AttributeKey<>();

    private static final Logger LOG = LoggerFactory.getLogger(NetconfSubsystem.class);

    private final String name;
    private final ChannelSink sink;
    private final long maxBacklogBytes;

    public NetconfSubsystem(String name, ChannelSink sink, long maxBacklogBytes) {
        this.name = Objects.requireNonNull(name, "name");
        this.sink = Objects.requireNonNull(sink, "sink");
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

    /** The device's host key, also when it was presented in its OpenSSH certificate or X.509 chain. */
    private static PublicKey plainKey(PublicKey hostKey) {
        if (hostKey instanceof OpenSshCertificate certificate) {
            return certificate.getCertPubKey();
        }
        return hostKey instanceof X509PublicKey chain ? chain.signingKey() : hostKey;
    }

    private final class NetconfCommand extends NetconfChannelCommand {

        private volatile NetconfServerSession session;

        NetconfCommand(ChannelSession channel) {
            super(channel, maxBacklogBytes);
        }

        @Override
        public void start(ChannelSession channelSession, Environment env) throws IOException {
            ServerSession ssh = channelSession.getSession();
            String nms = SecurityFacts.addressOf(ssh.getRemoteAddress());
            NmsVerdict.Accepted login = ssh.getAttribute(NMS_LOGIN);
            if (login == null) {
                throw new IOException("netconf subsystem on a session without a recorded NMS login");
            }
            SecurityFacts facts = new SecurityFacts(CallHomeStrategy.REVERSE_SSH, nms, login.keyFingerprint(),
                    login.verification(), SshKeys.fingerprint(plainKey(ssh.getHostKey().getPublic())),
                    login.boundAccount().orElse(ssh.getUsername()), login.boundAccount().isPresent()
                    ? UsernameSource.CERT_TO_NAME : UsernameSource.SSH_USERAUTH, NegotiatedAlgorithms.of(ssh), nms);
            NetconfServerSession opened = sink.accept(new SecuredChannel(transport(), transport()::attach, facts,
                    SessionClock.openedNanos(ssh)));
            session = opened;
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
