package org.callhome.shared.ssh.channel;

import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.SshPolicy;

/**
 * A real MINA server offering one subsystem and a real MINA client logged into it, on loopback,
 * both under the project's {@link SshPolicy}, keys pinned both ways: what the channel transport
 * tests open their channels on.
 */
final class SubsystemLoopback implements AutoCloseable {

    private final SshServer server;
    private final SshClient client;
    private final ClientSession session;

    private SubsystemLoopback(SshServer server, SshClient client, ClientSession session) {
        this.server = server;
        this.client = client;
        this.session = session;
    }

    /** Starts both ends and logs in as "test"; each step waits at most {@code wait}. */
    static SubsystemLoopback start(SubsystemFactory subsystem, Duration wait) throws IOException {
        KeyPair hostKey = SshKeys.generateEd25519();
        KeyPair userKey = SshKeys.generateEd25519();
        SshServer server = SshServer.setUpDefaultServer();
        SshPolicy.applyTo(server);
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((username, key, s) -> key.equals(userKey.getPublic()));
        server.setSubsystemFactories(List.of(subsystem));
        server.start();

        SshClient client = SshClient.setUpDefaultClient();
        SshPolicy.applyTo(client);
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setServerKeyVerifier((s, address, key) -> key.equals(hostKey.getPublic()));
        client.start();
        try {
            ClientSession session = client.connect("test", "127.0.0.1", server.getPort()).verify(wait)
                    .getClientSession();
            session.addPublicKeyIdentity(userKey);
            session.auth().verify(wait);
            return new SubsystemLoopback(server, client, session);
        } catch (IOException | RuntimeException e) {
            client.stop();
            server.stop(true);
            throw e;
        }
    }

    /** The client's session, logged in. */
    ClientSession session() {
        return session;
    }

    @Override
    public void close() throws IOException {
        client.stop();
        server.stop(true);
    }
}
