package org.callhome.shared.ssh.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.server.SshServer;
import org.callhome.shared.ssh.SshPolicy;
import org.callhome.shared.ssh.cert.VerifierJudgedKeyExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 6187 between a MINA server and a MINA client over loopback TCP, set up as the project's are
 * ({@link SshPolicy}, {@link VerifierJudgedKeyExchange}): host certificates presented and judged
 * by the client's server key verifier, user certificates logged in with and judged by the server's
 * authenticator, each seeing the chain exactly as sent and only with a signature that verified;
 * plain Ed25519 host and user keys working beside them on the same server and client.
 */
class X509LoopbackTest {

    private static final String USER = MinaPeers.USER;

    private static Rfc6187Pki pki;

    private final MinaPeers peers = new MinaPeers();
    private final List<PublicKey> verifierSaw = new CopyOnWriteArrayList<>();
    private final List<PublicKey> authenticatorSaw = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void pki() throws Exception {
        pki = new Rfc6187Pki();
    }

    @AfterEach
    void stop() throws IOException {
        peers.close();
    }

    @ParameterizedTest
    @EnumSource(X509Algorithm.class)
    void theClientsVerifierIsHandedTheHostChainExactly(X509Algorithm algorithm) throws Exception {
        Rfc6187Pki.Chain host = pki.host(algorithm, "CN=dev-1");
        SshServer server = peers.server(host, (username, key, session) -> false, s -> { });
        SshClient client = peers.client(true, (session, address, key) -> verifierSaw.add(key), c -> { });

        try (ClientSession session = login(client, server, peers.plainUserKey)) {
            assertTrue(session.isAuthenticated());
            assertEquals(algorithm.wireName(), session.getNegotiatedKexParameter(KexProposalOption.SERVERKEYS));
            X509PublicKey seen = assertInstanceOf(X509PublicKey.class, verifierSaw.get(0));
            assertEquals(host.chain(), seen.chain());
            assertEquals(2, seen.chain().size());
            assertEquals(seen, session.getServerKey());

            // a new key exchange presents the chain again, and the verifier judges it again
            session.reExchangeKeys().verify(MinaPeers.WAIT);
            assertEquals(List.of(seen, seen), verifierSaw);
            assertTrue(session.isOpen());
        }
    }

    @ParameterizedTest
    @EnumSource(X509Algorithm.class)
    void aVerifierRefusingTheChainEndsTheSession(X509Algorithm algorithm) throws Exception {
        SshServer server = peers.server(pki.host(algorithm, "CN=dev-1"), (username, key, session) -> false, s -> { });
        SshClient client = peers.client(true, (session, address, key) -> !verifierSaw.add(key), c -> { });

        assertThrows(IOException.class, () -> login(client, server, peers.plainUserKey).close());
        assertInstanceOf(X509PublicKey.class, verifierSaw.get(0));
    }

    @ParameterizedTest
    @EnumSource(X509Algorithm.class)
    void aTamperedExchangeSignatureIsRefusedBeforeTheVerifierIsAsked(X509Algorithm algorithm) throws Exception {
        SshServer server = peers.server(pki.host(algorithm, "CN=dev-1"), (username, key, session) -> false,
                s -> s.setSignatureFactories(tampering(s.getSignatureFactories(), algorithm)));
        SshClient client = peers.client(true, (session, address, key) -> verifierSaw.add(key), c -> { });

        IOException refused = assertThrows(IOException.class, () -> login(client, server, peers.plainUserKey).close());
        assertEquals("the server's signature of the key exchange does not verify with its " + algorithm.wireName()
                + " host key", refused.getMessage());
        assertEquals(List.of(), verifierSaw);
    }

    @ParameterizedTest
    @EnumSource(X509Algorithm.class)
    void aUserCertificateLogsInAndTheAuthenticatorIsHandedItsChain(X509Algorithm algorithm) throws Exception {
        Rfc6187Pki.Chain user = pki.user(algorithm, USER);
        SshServer server = peers.server(null, (username, key, session) -> authenticatorSaw.add(key) && USER.equals(username),
                s -> { });
        SshClient client = peers.client(false, (session, address, key) -> true, X509UserKeys::offer);

        try (ClientSession session = login(client, server, user.x509KeyPair())) {
            assertTrue(session.isAuthenticated());
        }
        assertEquals(1, authenticatorSaw.size(), "asked once, with the signature verified; not for the query");
        X509PublicKey seen = assertInstanceOf(X509PublicKey.class, authenticatorSaw.get(0));
        assertEquals(user.chain(), seen.chain());
        assertEquals(algorithm, seen.x509Algorithm());
    }

    @ParameterizedTest
    @EnumSource(X509Algorithm.class)
    void aUserCertificateIsRefusedWhenTheAuthenticatorSaysNo(X509Algorithm algorithm) throws Exception {
        SshServer server = peers.server(null, (username, key, session) -> !authenticatorSaw.add(key), s -> { });
        SshClient client = peers.client(false, (session, address, key) -> true, X509UserKeys::offer);

        assertThrows(IOException.class, () -> login(client, server, pki.user(algorithm, USER).x509KeyPair()).close());
        assertEquals(1, authenticatorSaw.size());
    }

    @ParameterizedTest
    @EnumSource(X509Algorithm.class)
    void aTamperedLoginSignatureNeverReachesTheAuthenticator(X509Algorithm algorithm) throws Exception {
        SshServer server = peers.server(null, (username, key, session) -> authenticatorSaw.add(key), s -> { });
        // the login takes the client's own signature factory of an algorithm before its built-in one
        SshClient client = peers.client(false, (session, address, key) -> true, c -> {
            X509UserKeys.offer(c);
            List<NamedFactory<Signature>> signatures = new ArrayList<>(c.getSignatureFactories());
            signatures.add(new Tampering(X509Signature.factory(algorithm)));
            c.setSignatureFactories(signatures);
        });

        assertThrows(IOException.class, () -> login(client, server, pki.user(algorithm, USER).x509KeyPair()).close());
        assertEquals(List.of(), authenticatorSaw);
    }

    @Test
    void plainHostAndUserKeysKeepWorkingOnTheSameServerAndClients() throws Exception {
        X509Algorithm algorithm = X509Algorithm.ECDSA_NISTP256;
        SshServer server = peers.server(pki.host(algorithm, "CN=dev-1"), (username, key, session) -> authenticatorSaw.add(key),
                s -> { });

        // a client not asked to take X.509 host keys or log in with certificates: as before
        SshClient plain = peers.client(false, (session, address, key) -> verifierSaw.add(key), c -> { });
        try (ClientSession session = login(plain, server, peers.plainUserKey)) {
            assertEquals("ssh-ed25519", session.getNegotiatedKexParameter(KexProposalOption.SERVERKEYS));
        }
        assertTrue(KeyUtils.compareKeys(peers.plainHostKey.getPublic(), verifierSaw.get(0)));

        // logging in with certificates changes no host key algorithm, and plain identities still log in
        SshClient offering = peers.client(false, (session, address, key) -> verifierSaw.add(key), X509UserKeys::offer);
        try (ClientSession session = login(offering, server, peers.plainUserKey)) {
            assertEquals("ssh-ed25519", session.getNegotiatedKexParameter(KexProposalOption.SERVERKEYS));
        }
        try (ClientSession session = login(offering, server, pki.user(algorithm, USER).x509KeyPair())) {
            assertTrue(session.isAuthenticated());
        }

        // taking X.509 host keys, from a server with a plain host key only
        SshServer plainServer = peers.server(null, (username, key, session) -> false, s -> { });
        SshClient accepting = peers.client(true, (session, address, key) -> verifierSaw.add(key), c -> { });
        try (ClientSession session = login(accepting, plainServer, peers.plainUserKey)) {
            assertEquals("ssh-ed25519", session.getNegotiatedKexParameter(KexProposalOption.SERVERKEYS));
        }
        assertEquals(1, authenticatorSaw.size(), "plain keys never reach the X.509 authenticator: " + authenticatorSaw);
        assertInstanceOf(X509PublicKey.class, authenticatorSaw.get(0));
    }

    @Test
    void groupExchangeStaysRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> VerifierJudgedKeyExchange.FACTORY.apply(BuiltinDHFactories.dhgex256));
    }

    private static ClientSession login(SshClient client, SshServer server, KeyPair identity) throws IOException {
        return MinaPeers.login(client, server.getPort(), identity);
    }

    private static List<NamedFactory<Signature>> tampering(List<NamedFactory<Signature>> factories,
                                                           X509Algorithm algorithm) {
        return factories.stream().map(factory -> factory.getName().equals(algorithm.wireName())
                ? new Tampering(factory) : factory).toList();
    }

    /** A signature factory whose signatures have their last bit flipped; it verifies as the real one. */
    private record Tampering(NamedFactory<Signature> real) implements NamedFactory<Signature> {

        @Override
        public String getName() {
            return real.getName();
        }

        @Override
        public Signature create() {
            Signature signature = real.create();
            return new Signature() {
                @Override
                public String getAlgorithm() {
                    return signature.getAlgorithm();
                }

                @Override
                public void initVerifier(SessionContext session, PublicKey key) throws Exception {
                    signature.initVerifier(session, key);
                }

                @Override
                public void initSigner(SessionContext session, PrivateKey key) throws Exception {
                    signature.initSigner(session, key);
                }

                @Override
                public void update(SessionContext session, byte[] hash, int off, int len) throws Exception {
                    signature.update(session, hash, off, len);
                }

                @Override
                public boolean verify(SessionContext session, byte[] sig) throws Exception {
                    return signature.verify(session, sig);
                }

                @Override
                public byte[] sign(SessionContext session) throws Exception {
                    byte[] signed = signature.sign(session);
                    signed[signed.length - 1] ^= 1;
                    return signed;
                }

                @Override
                public String getSshAlgorithmName(String algorithm) {
                    return signature.getSshAlgorithmName(algorithm);
                }
            };
        }
    }
}
