package org.callhome.shared.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A MINA client and server, both configured by {@link SshPolicy}, over real loopback TCP. */
class SshPolicyHandshakeTest {

    @Test
    void negotiatesCurve25519AndPolicyAlgorithmsAndAuthenticatesWithPinnedKeys() throws Exception {
        try (LoopbackSsh ssh = LoopbackSsh.start();
                ClientSession session = ssh.connectAndAuthenticate(ssh.client(client -> { }))) {
            Map<KexProposalOption, String> negotiated = new EnumMap<>(KexProposalOption.class);
            for (KexProposalOption option : KexProposalOption.VALUES) {
                negotiated.put(option, session.getNegotiatedKexParameter(option));
            }
            System.out.println("negotiated: " + negotiated);

            assertTrue(session.isAuthenticated());
            assertEquals("curve25519-sha256", negotiated.get(KexProposalOption.ALGORITHMS));
            assertEquals("ssh-ed25519", negotiated.get(KexProposalOption.SERVERKEYS));
            assertEquals("aes256-gcm@openssh.com", negotiated.get(KexProposalOption.C2SENC));
            assertEquals("aes256-gcm@openssh.com", negotiated.get(KexProposalOption.S2CENC));
            // an AEAD cipher authenticates by itself: MINA then reports the mac as "aead" (none is used)
            assertEquals("aead", negotiated.get(KexProposalOption.C2SMAC));
            assertEquals("aead", negotiated.get(KexProposalOption.S2CMAC));
            assertEquals(SshKeys.toOpenSsh(ssh.hostKey.getPublic()), SshKeys.toOpenSsh(session.getServerKey()));
        }
    }

    @Test
    void negotiatesTheClientsFirstChoiceWhenItPrefersAnotherPolicyAlgorithm() throws Exception {
        try (LoopbackSsh ssh = LoopbackSsh.start()) {
            SshClient client = ssh.client(c -> {
                c.setKeyExchangeFactories(List.of(ClientBuilder.DH2KEX.apply(BuiltinDHFactories.curve25519_libssh)));
                c.setCipherFactories(List.of(BuiltinCiphers.aes128ctr));
                c.setMacFactories(List.of(BuiltinMacs.hmacsha512));
            });
            try (ClientSession session = ssh.connectAndAuthenticate(client)) {
                assertEquals("curve25519-sha256@libssh.org", session.getNegotiatedKexParameter(KexProposalOption.ALGORITHMS));
                assertEquals("aes128-ctr", session.getNegotiatedKexParameter(KexProposalOption.C2SENC));
                assertEquals("hmac-sha2-512", session.getNegotiatedKexParameter(KexProposalOption.C2SMAC));
                assertEquals("hmac-sha2-512", session.getNegotiatedKexParameter(KexProposalOption.S2CMAC));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sntrup761x25519-sha512", "diffie-hellman-group14-sha256", "mlkem768x25519-sha256"})
    void refusesClientOfferingOnlyKeyExchangeOutsideThePolicy(String kex) throws Exception {
        assertHandshakeFails(client -> client.setKeyExchangeFactories(
                List.of(ClientBuilder.DH2KEX.apply(BuiltinDHFactories.fromFactoryName(kex)))));
    }

    @Test
    void refusesClientOfferingOnlyCbcCipher() throws Exception {
        assertHandshakeFails(client -> client.setCipherFactories(List.of(BuiltinCiphers.aes256cbc)));
    }

    @Test
    void refusesClientOfferingOnlySha1Mac() throws Exception {
        assertHandshakeFails(client -> {
            client.setCipherFactories(List.of(BuiltinCiphers.aes128ctr));
            client.setMacFactories(List.of(BuiltinMacs.hmacsha1));
        });
    }

    @Test
    void appliesExactlyThePolicyListsToClientAndServer() {
        SshClient client = SshClient.setUpDefaultClient();
        SshServer server = SshServer.setUpDefaultServer();
        SshPolicy.applyTo(client);
        SshPolicy.applyTo(server);
        for (var manager : List.of(client, server)) {
            assertEquals(SshPolicy.KEY_EXCHANGES, NamedResource.getNameList(manager.getKeyExchangeFactories()));
            assertEquals(SshPolicy.CIPHERS, NamedResource.getNameList(manager.getCipherFactories()));
            assertEquals(SshPolicy.MACS, NamedResource.getNameList(manager.getMacFactories()));
            assertEquals(SshPolicy.SIGNATURES, NamedResource.getNameList(manager.getSignatureFactories()));
        }
    }

    @Test
    void policyListsHoldOnlyModernAlgorithms() {
        assertEquals(List.of("curve25519-sha256", "curve25519-sha256@libssh.org",
                "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521"), SshPolicy.KEY_EXCHANGES);
        assertEquals(List.of("aes256-gcm@openssh.com", "aes128-gcm@openssh.com", "chacha20-poly1305@openssh.com",
                "aes256-ctr", "aes192-ctr", "aes128-ctr"), SshPolicy.CIPHERS, "MINA 2.20 supports chacha20-poly1305");
        assertEquals(List.of("hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com",
                "hmac-sha2-256", "hmac-sha2-512"), SshPolicy.MACS);
        assertEquals(List.of("ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com",
                "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com",
                "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com",
                "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
                "rsa-sha2-512", "rsa-sha2-256"), SshPolicy.SIGNATURES);
    }

    private static void assertHandshakeFails(Consumer<SshClient> restrict) throws Exception {
        try (LoopbackSsh ssh = LoopbackSsh.start()) {
            SshClient client = ssh.client(restrict);
            SshException e = assertThrows(SshException.class, () -> ssh.connectAndAuthenticate(client).close());
            assertTrue(e.getMessage().startsWith("Unable to negotiate key exchange"), e.getMessage());
            assertFalse(ssh.server.getActiveSessions().stream().anyMatch(s -> s.isAuthenticated()));
        }
    }
}
