package org.callhome.shared.ssh.x509;

import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.SshPolicy;
import org.callhome.shared.ssh.cert.VerifierJudgedKeyExchange;

/**
 * MINA servers and clients on 127.0.0.1, configured as the project's are ({@link SshPolicy},
 * {@link VerifierJudgedKeyExchange}), with what this package adds: a server has a plain Ed25519 host
 * key, may present an X.509 chain besides, takes the plain Ed25519 user key and X.509 logins that
 * a given authenticator accepts; a client takes X.509 host keys if asked, and logs in as
 * {@link #USER}. {@link #close()} stops them all.
 */
final class MinaPeers implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String USER = "dev-1";

    final KeyPair plainHostKey = SshKeys.generateEd25519();
    final KeyPair plainUserKey = SshKeys.generateEd25519();
    private final List<SshServer> servers = new ArrayList<>();
    private final List<SshClient> clients = new ArrayList<>();

    /**
     * A started server presenting {@code host}'s chain (if not null) besides the plain host key,
     * taking the plain user key and X.509 logins {@code x509Users} accepts; {@code customize} runs
     * before X.509 logins are added to its methods.
     */
    SshServer server(Rfc6187Pki.Chain host, PublickeyAuthenticator x509Users, Consumer<SshServer> customize)
            throws IOException {
        SshServer server = SshServer.setUpDefaultServer();
        SshPolicy.applyTo(server);
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(plainHostKey));
        if (host != null) {
            X509HostKeys.present(server, host.key(), host.chain());
        }
        server.setPublickeyAuthenticator((username, key, session) -> KeyUtils.compareKeys(key, plainUserKey.getPublic()));
        customize.accept(server);
        X509UserKeys.accept(server, x509Users);
        server.start();
        servers.add(server);
        return server;
    }

    /** A started client taking X.509 host keys if {@code acceptX509Hosts}, judged by {@code verifier}, then {@code customize}d. */
    SshClient client(boolean acceptX509Hosts, ServerKeyVerifier verifier, Consumer<SshClient> customize) {
        SshClient client = SshClient.setUpDefaultClient();
        SshPolicy.applyTo(client, VerifierJudgedKeyExchange.FACTORY);
        if (acceptX509Hosts) {
            X509HostKeys.accept(client);
        }
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        // only the identity a test logs in with, never the keys of whoever runs the tests
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setServerKeyVerifier(verifier);
        customize.accept(client);
        client.start();
        clients.add(client);
        return client;
    }

    /** An authenticated session as {@link #USER} with {@code identity}; closed again if the login fails. */
    static ClientSession login(SshClient client, int port, KeyPair identity) throws IOException {
        ClientSession session = client.connect(USER, "127.0.0.1", port).verify(WAIT).getClientSession();
        try {
            session.addPublicKeyIdentity(identity);
            session.auth().verify(WAIT);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        for (SshClient client : clients) {
            client.stop();
        }
        for (SshServer server : servers) {
            server.stop(true);
        }
    }
}
