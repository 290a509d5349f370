package org.callhome.shared.ssh.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.config.keys.OpenSshCertificate.Type;
import org.apache.sshd.common.helpers.AbstractFactoryManager;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.SshPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real MINA login with a user certificate over loopback TCP: {@link CertifiedKey#certificateKeyPair()}
 * is what MINA's client logs in with, and the certificate MINA's server hands its authenticator is
 * what {@link CertificateCheck} decides on. MINA checks the certificate's validity against the
 * system clock before any authenticator sees it, so these certificates are valid now.
 */
class CertificateLoginTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void logsInWithAUserCertificateThatTheCheckAccepts() throws Exception {
        CertLab lab = new CertLab(dir);
        CertifiedKey device = CertifiedKey.load(lab.sign("ca", "dev", "login", "-n", "dev-1", "-V", "-5m:+1h"),
                lab.key("dev"), Type.USER);
        CertificateCheck check = new CertificateCheck(lab.authorities("ca"), RevokedKeys.NONE, Clock.systemUTC());
        List<CertificateVerdict> verdicts = new CopyOnWriteArrayList<>();

        SshServer server = server((username, key, session) -> {
            CertificateVerdict verdict = check.check(assertInstanceOf(OpenSshCertificate.class, key), Type.USER)
                    .requirePrincipal(username);
            verdicts.add(verdict);
            return verdict.isAccepted();
        });
        SshClient client = client();
        try {
            try (ClientSession session = login(client, server, "dev-1", device)) {
                assertTrue(session.isAuthenticated());
            }
            assertEquals("dev-1", CertificateCheckTest.accepted(verdicts.get(0)).principal());

            assertThrows(Exception.class, () -> login(client, server, "dev-2", device).close());
            assertEquals(CertificateRefusal.PRINCIPAL_MISMATCH, CertificateCheckTest.reason(verdicts.get(verdicts.size() - 1)));
        } finally {
            client.stop();
            server.stop(true);
        }
    }

    private static ClientSession login(SshClient client, SshServer server, String user, CertifiedKey key)
            throws Exception {
        ClientSession session = client.connect(user, "127.0.0.1", server.getPort()).verify(WAIT).getClientSession();
        try {
            session.addPublicKeyIdentity(key.certificateKeyPair());
            session.auth().verify(WAIT);
            return session;
        } catch (Exception e) {
            session.close();
            throw e;
        }
    }

    private static SshServer server(PublickeyAuthenticator authenticator)
            throws Exception {
        SshServer server = SshServer.setUpDefaultServer();
        SshPolicy.applyTo(server);
        withCertificateSignatures(server);
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(SshKeys.generateEd25519()));
        server.setPublickeyAuthenticator(authenticator);
        server.start();
        return server;
    }

    private static SshClient client() {
        SshClient client = SshClient.setUpDefaultClient();
        SshPolicy.applyTo(client);
        withCertificateSignatures(client);
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        return client;
    }

    /** SshPolicy offers no certificate algorithms yet: the strategies add them when they take up certificates. */
    private static void withCertificateSignatures(AbstractFactoryManager manager) {
        List<NamedFactory<Signature>> signatures = new ArrayList<>(manager.getSignatureFactories());
        signatures.add(0, BuiltinSignatures.ed25519_cert);
        manager.setSignatureFactories(signatures);
    }
}
