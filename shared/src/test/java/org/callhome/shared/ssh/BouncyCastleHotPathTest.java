package org.callhome.shared.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.kex.MontgomeryCurve;
import org.apache.sshd.server.ServerBuilder;
import org.junit.jupiter.api.Test;

/**
 * The handshake's public-key work must run on Bouncy Castle: on JDK 17, X25519 and Ed25519 cost
 * several times more with SunEC. MINA 2.20 selects BC by itself once it is on the class path.
 */
class BouncyCastleHotPathTest {

    @Test
    void minaHandsOutBouncyCastleForX25519AndEd25519() throws Exception {
        Map<String, String> providers = SshPolicy.cryptoProviders();
        System.out.println("JCA providers MINA uses: " + providers);

        assertEquals("BC", providers.get("X25519 key agreement"));
        assertEquals("BC", providers.get("X25519 key generation"));
        assertEquals("BC", providers.get("Ed25519 signature"));
        assertEquals("BC", providers.get("ECDH key agreement"));
        assertEquals("BC", providers.get("ECDSA signature"));
        assertEquals("BC", generatorMinaCachedForEphemeralX25519Keys().getProvider().getName());
        String hostKeyClass = SshKeys.generateEd25519().getPrivate().getClass().getName();
        assertTrue(hostKeyClass.startsWith("org.bouncycastle."), hostKeyClass);
    }

    @Test
    void handshakeRunsX25519AgreementAndEd25519SignaturesOnBouncyCastle() throws Exception {
        ProviderRecorder server = new ProviderRecorder();
        ProviderRecorder client = new ProviderRecorder();
        try (LoopbackSsh ssh = LoopbackSsh.start(s -> server.install(s, ServerBuilder.DH2KEX))) {
            SshClient sshClient = ssh.client(c -> client.install(c, ClientBuilder.DH2KEX));
            try (ClientSession session = ssh.connectAndAuthenticate(sshClient)) {
                assertEquals("curve25519-sha256", session.getNegotiatedKexParameter(KexProposalOption.ALGORITHMS));
            }
        }
        System.out.println("server side used: " + server.events);
        System.out.println("client side used: " + client.events);

        // server: agrees, signs the exchange hash with its host key, verifies the user's signature
        assertEquals(List.of("X25519 agreement BC", "Ed25519 sign BC", "Ed25519 verify BC"), server.events);
        // client: agrees, verifies the host key signature, signs for public-key user authentication
        assertTrue(client.events.containsAll(List.of("X25519 agreement BC", "Ed25519 verify BC", "Ed25519 sign BC")),
                client.events::toString);
        assertTrue(client.events.stream().allMatch(event -> event.endsWith(" BC")), client.events::toString);
    }

    /** MontgomeryCurve makes every ephemeral X25519 key with one generator it obtained at class init. */
    private static KeyPairGenerator generatorMinaCachedForEphemeralX25519Keys() throws ReflectiveOperationException {
        var field = MontgomeryCurve.class.getDeclaredField("keyPairGenerator");
        field.setAccessible(true);
        return (KeyPairGenerator) field.get(MontgomeryCurve.x25519);
    }
}
