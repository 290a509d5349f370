package org.callhome.shared.ssh.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKey;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.session.ServerSession;
import org.callhome.shared.ssh.SshPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@link X509UserKeys} changes in a server or client: the {@code publickey} method only, in
 * place, the server's own one kept for every key that is no chain; on the server, the
 * {@code x509v3-*} names in {@code server-sig-algs} without any host key algorithm.
 */
class X509UserKeysTest {

    private static Rfc6187Pki pki;

    private final MinaPeers peers = new MinaPeers();

    @BeforeAll
    static void pki() throws Exception {
        pki = new Rfc6187Pki();
    }

    @AfterEach
    void stop() throws IOException {
        peers.close();
    }

    @Test
    void aServersPublickeyMethodIsReplacedInPlaceAndTheOthersKept() {
        SshServer server = ServerBuilder.builder().build();
        SshPolicy.applyTo(server);
        server.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE, UserAuthPublicKeyFactory.INSTANCE,
                UserAuthKeyboardInteractiveFactory.INSTANCE));

        X509UserKeys.accept(server, (username, key, session) -> false);

        assertEquals(List.of("password", "publickey", "keyboard-interactive"), server.getUserAuthFactoriesNames());
        assertNotSame(UserAuthPublicKeyFactory.INSTANCE, server.getUserAuthFactories().get(1));
        List<String> signatures = server.getSignatureFactoriesNames();
        assertEquals(SshPolicy.SIGNATURES, signatures.subList(0, SshPolicy.SIGNATURES.size()));
        assertEquals(X509Signature.FACTORIES.stream().map(NamedResource::getName).toList(),
                signatures.subList(SshPolicy.SIGNATURES.size(), signatures.size()));
    }

    @Test
    void aServerWithoutMethodsStartsFromWhatMinaWouldPick() {
        SshServer server = ServerBuilder.builder().build();
        server.setPublickeyAuthenticator((username, key, session) -> false);
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);

        X509UserKeys.accept(server, (username, key, session) -> false);

        assertEquals(List.of("publickey"), server.getUserAuthFactoriesNames());
    }

    @Test
    void aClientsPublickeyMethodIsReplacedAndItsAlgorithmsKept() {
        SshClient client = SshClient.setUpDefaultClient();
        SshPolicy.applyTo(client);
        List<String> methods = SshClient.DEFAULT_USER_AUTH_FACTORIES.stream().map(NamedResource::getName).toList();

        X509UserKeys.offer(client);

        assertEquals(methods, client.getUserAuthFactoriesNames());
        assertTrue(client.getUserAuthFactories().stream().noneMatch(
                method -> method == org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory.INSTANCE));
        assertEquals(SshPolicy.SIGNATURES, client.getSignatureFactoriesNames());
    }

    @Test
    void theServersOwnPublickeyLoginStillDecidesEveryOtherKey() throws Exception {
        AtomicInteger plainLogins = new AtomicInteger();
        List<PublicKey> chains = new CopyOnWriteArrayList<>();
        SshServer server = peers.server(null, (username, key, session) -> chains.add(key),
                s -> s.setUserAuthFactories(List.of(new UserAuthPublicKeyFactory() {
                    @Override
                    public UserAuthPublicKey createUserAuth(ServerSession session) {
                        plainLogins.incrementAndGet();
                        return new UserAuthPublicKey();
                    }
                })));
        SshClient client = peers.client(false, (session, address, key) -> true, X509UserKeys::offer);

        try (ClientSession session = MinaPeers.login(client, server.getPort(), peers.plainUserKey)) {
            assertTrue(session.isAuthenticated());
        }
        int afterPlain = plainLogins.get();
        assertTrue(afterPlain > 0, "the plain key went to the server's own publickey login");
        try (ClientSession session = MinaPeers.login(client, server.getPort(),
                pki.user(X509Algorithm.ECDSA_NISTP256, MinaPeers.USER).x509KeyPair())) {
            assertTrue(session.isAuthenticated());
        }
        assertEquals(afterPlain, plainLogins.get(), "the chain never reached it");
        assertInstanceOf(X509PublicKey.class, chains.get(0));
    }
}
