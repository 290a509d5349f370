package org.callhome.shared.ssh;

import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;

/**
 * A MINA SSH server on 127.0.0.1 (port chosen by the system) with an Ed25519 host key and
 * public-key user authentication against {@link AuthorizedKeys}, plus clients that pin the host key
 * through {@link KnownDevices}: both sides configured by {@link SshPolicy} unless a test overrides it.
 */
final class LoopbackSsh implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    final KeyPair hostKey = SshKeys.generateEd25519();
    final KeyPair userKey = SshKeys.generateEd25519();
    final SshServer server;
    private final List<SshClient> clients = new ArrayList<>();

    private LoopbackSsh(Consumer<SshServer> customize) throws IOException {
        server = SshServer.setUpDefaultServer();
        SshPolicy.applyTo(server);
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        AuthorizedKeys authorized = AuthorizedKeys.of(List.of(userKey.getPublic()));
        server.setPublickeyAuthenticator((username, key, session) -> authorized.contains(key));
        customize.accept(server);
        server.start();
    }

    static LoopbackSsh start() throws IOException {
        return new LoopbackSsh(server -> { });
    }

    static LoopbackSsh start(Consumer<SshServer> customize) throws IOException {
        return new LoopbackSsh(customize);
    }

    /** A started client with {@link SshPolicy}, then {@code customize}; ~/.ssh/config is not read. */
    SshClient client(Consumer<SshClient> customize) {
        SshClient client = SshClient.setUpDefaultClient();
        SshPolicy.applyTo(client);
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        KnownDevices known = KnownDevices.of(Map.of("dev-1", hostKey.getPublic()));
        client.setServerKeyVerifier((session, address, key) -> known.deviceFor(key).isPresent());
        customize.accept(client);
        client.start();
        clients.add(client);
        return client;
    }

    ClientSession connectAndAuthenticate(SshClient client) throws IOException {
        ClientSession session = client.connect("nms", "127.0.0.1", server.getPort()).verify(WAIT).getClientSession();
        session.addPublicKeyIdentity(userKey);
        session.auth().verify(WAIT);
        return session;
    }

    @Override
    public void close() throws IOException {
        for (SshClient client : clients) {
            client.stop();
        }
        server.stop(true);
    }
}
