package org.callhome.compare.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.SshPolicy;

/**
 * What the NMS's restrictions on device accounts prevent, as a server to probe: an ordinary SSH
 * server on 127.0.0.1 where the device has an ordinary account (its login key), with a shell, command
 * execution and port forwarding allowed, as a general-purpose sshd would. Shell and commands
 * are canned answers: nothing runs on the machine. There is no sftp (not on the class path).
 */
final class StandInSshServer implements AutoCloseable {

    private final SshServer server;
    private final KeyPair hostKey;

    private StandInSshServer(SshServer server, KeyPair hostKey) {
        this.server = server;
        this.hostKey = hostKey;
    }

    /** Starts the server; {@code login} may log in with {@code deviceKey}. */
    static StandInSshServer start(String login, PublicKey deviceKey) throws IOException {
        KeyPair hostKey = SshKeys.generateEd25519();
        SshServer server = SshServer.setUpDefaultServer();
        SshPolicy.applyTo(server);
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        server.setPublickeyAuthenticator((username, key, session) -> login.equals(username)
                && KeyUtils.compareKeys(deviceKey, key));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setShellFactory(channel -> new CannedCommand("stand-in shell for "
                + channel.getSession().getUsername()));
        server.setCommandFactory((channel, command) -> new CannedCommand("stand-in ran '" + command + "' as "
                + channel.getSession().getUsername()));
        server.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
        server.start();
        return new StandInSshServer(server, hostKey);
    }

    InetSocketAddress address() {
        for (SocketAddress address : server.getBoundAddresses()) {
            if (address instanceof InetSocketAddress inet) {
                return new InetSocketAddress("127.0.0.1", inet.getPort());
            }
        }
        throw new IllegalStateException("the stand-in SSH server reports no bound address");
    }

    PublicKey hostKey() {
        return hostKey.getPublic();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
