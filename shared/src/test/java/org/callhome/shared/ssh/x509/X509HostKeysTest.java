package org.callhome.shared.ssh.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.SshPolicy;
import org.callhome.shared.ssh.cert.VerifierJudgedKeyExchange;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@link X509HostKeys} changes in a server or client, before either starts: a server built as
 * the device's outbound one is ({@link ServerBuilder}, never started) gains a key type and a
 * signature per chain and keeps its plain host keys; a client gains the four algorithms, first.
 */
class X509HostKeysTest {

    private static Rfc6187Pki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = new Rfc6187Pki();
    }

    @Test
    void aServerPresentsEachChainBesideItsPlainHostKey() throws Exception {
        SshServer server = ServerBuilder.builder().build();
        SshPolicy.applyTo(server);
        KeyPair plain = SshKeys.generateEd25519();
        server.setKeyPairProvider(KeyPairProvider.wrap(plain));
        Rfc6187Pki.Chain ec = pki.host(X509Algorithm.ECDSA_NISTP384, "CN=dev-1");
        Rfc6187Pki.Chain rsa = pki.host(X509Algorithm.RSA2048_SHA256, "CN=dev-1");

        X509HostKeys.present(server, ec.key(), ec.chain());
        X509HostKeys.present(server, rsa.key(), rsa.chain());

        KeyPairProvider provider = server.getKeyPairProvider();
        Set<String> types = new TreeSet<>();
        provider.getKeyTypes(null).forEach(types::add);
        assertEquals(Set.of("ssh-ed25519", "x509v3-ecdsa-sha2-nistp384", "x509v3-rsa2048-sha256"), types);
        KeyPair presented = provider.loadKey(null, "x509v3-rsa2048-sha256");
        assertEquals(rsa.chain(), assertInstanceOf(X509PublicKey.class, presented.getPublic()).chain());
        assertSame(rsa.key().getPrivate(), presented.getPrivate());
        assertEquals(plain.getPublic(), provider.loadKey(null, "ssh-ed25519").getPublic());
        List<String> policy = new ArrayList<>(SshPolicy.SIGNATURES);
        policy.addAll(List.of("x509v3-ecdsa-sha2-nistp384", "x509v3-rsa2048-sha256"));
        assertEquals(policy, server.getSignatureFactoriesNames());
    }

    @Test
    void aChainForAnotherKeyIsRefusedAndChangesNothing() throws Exception {
        SshServer server = ServerBuilder.builder().build();
        SshPolicy.applyTo(server);
        KeyPairProvider plain = KeyPairProvider.wrap(SshKeys.generateEd25519());
        server.setKeyPairProvider(plain);
        Rfc6187Pki.Chain host = pki.host(X509Algorithm.ECDSA_NISTP256, "CN=dev-1");

        assertThrows(IllegalArgumentException.class, () -> X509HostKeys.present(server,
                X509Lab.key(X509Algorithm.ECDSA_NISTP256), host.chain()));
        assertSame(plain, server.getKeyPairProvider());
        assertEquals(SshPolicy.SIGNATURES, server.getSignatureFactoriesNames());
    }

    @Test
    void aClientTakesTheFourAlgorithmsFirstOnceAsked() {
        SshClient client = SshClient.setUpDefaultClient();
        SshPolicy.applyTo(client, VerifierJudgedKeyExchange.FACTORY);
        assertEquals(SshPolicy.SIGNATURES, client.getSignatureFactoriesNames());

        X509HostKeys.accept(client);
        X509HostKeys.accept(client);

        List<String> expected = new ArrayList<>(List.of("x509v3-ecdsa-sha2-nistp256", "x509v3-ecdsa-sha2-nistp384",
                "x509v3-ecdsa-sha2-nistp521", "x509v3-rsa2048-sha256"));
        expected.addAll(SshPolicy.SIGNATURES);
        assertEquals(expected, client.getSignatureFactoriesNames());
    }
}
