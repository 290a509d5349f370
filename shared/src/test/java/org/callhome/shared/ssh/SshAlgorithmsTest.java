package org.callhome.shared.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.sshd.common.OptionalFeature;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.junit.jupiter.api.Test;

/** The policy fails fast instead of running with fewer algorithms than it lists. */
class SshAlgorithmsTest {

    @Test
    void resolvesEveryPolicyNameOnThisMina() {
        SshAlgorithms algorithms = SshAlgorithms.resolve();
        assertEquals(SshPolicy.KEY_EXCHANGES.size(), algorithms.keyExchanges().size());
        assertEquals(SshPolicy.CIPHERS.size(), algorithms.ciphers().size());
        assertEquals(SshPolicy.MACS.size(), algorithms.macs().size());
        assertEquals(SshPolicy.SIGNATURES.size(), algorithms.signatures().size());
    }

    @Test
    void refusesNameUnknownToMina() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SshAlgorithms.resolveAll(
                "cipher", List.of("aes256-ctr", "aes512-ctr"), BuiltinCiphers::fromFactoryName));
        assertEquals("cipher 'aes512-ctr' is unknown to the running MINA SSHD", e.getMessage());
    }

    @Test
    void refusesNameMinaKnowsButCannotRunHere() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SshAlgorithms.resolveAll(
                "key exchange", List.of("curve25519-sha256"), name -> OptionalFeature.FALSE));
        assertEquals("key exchange 'curve25519-sha256' is not supported by the running MINA SSHD and JCA providers",
                e.getMessage());
    }
}
