package org.callhome.compare.costs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CryptoFloorTest {

    private static final int WARM_UP = 20;
    private static final int ROUNDS = 21;

    @Test
    void measuresKeyExchangeSignatureAndVerificationOfX25519AndEd25519() {
        CryptoFloor.Floor floor = CryptoFloor.measure("curve25519-sha256", "ssh-ed25519", WARM_UP, ROUNDS);

        assertEquals("curve25519-sha256", floor.keyExchange());
        assertEquals("ssh-ed25519", floor.signature());
        assertTrue(floor.kexMillis() > 0, "key pair and agreement take CPU: " + floor);
        assertTrue(floor.signMillis() > 0, "a signature takes CPU: " + floor);
        assertTrue(floor.verifyMillis() > 0, "a verification takes CPU: " + floor);
        assertEquals(floor.kexMillis() + floor.signMillis() + floor.verifyMillis(), floor.millis(), 1e-12);
        assertTrue(floor.method().contains("curve25519-sha256") && floor.method().contains("ssh-ed25519")
                && floor.method().contains("median of " + ROUNDS), floor.method());
    }

    @Test
    void measuresTheNistAlgorithmsWhenThoseWereNegotiated() {
        CryptoFloor.Floor floor = CryptoFloor.measure("ecdh-sha2-nistp256", "ecdsa-sha2-nistp256", WARM_UP, ROUNDS);

        assertEquals("ecdh-sha2-nistp256", floor.keyExchange());
        assertEquals("ecdsa-sha2-nistp256", floor.signature());
        assertTrue(floor.millis() > 0, floor.toString());
    }

    @Test
    void measuresACertificateHostKeyAsItsKeyType() {
        CryptoFloor.Floor openssh = CryptoFloor.measure("curve25519-sha256@libssh.org",
                "ssh-ed25519-cert-v01@openssh.com", WARM_UP, ROUNDS);
        CryptoFloor.Floor x509 = CryptoFloor.measure("curve25519-sha256", "x509v3-ecdsa-sha2-nistp384",
                WARM_UP, ROUNDS);

        assertEquals("ssh-ed25519", openssh.signature());
        assertEquals("ssh-ed25519-cert-v01@openssh.com", openssh.hostKey());
        assertEquals("ecdsa-sha2-nistp384", x509.signature());
        assertTrue(openssh.millis() > 0 && x509.millis() > 0);
    }

    @Test
    void refusesAKeyExchangeItCannotMeasureNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CryptoFloor.measure("no-such-kex@example.com", "ssh-ed25519", WARM_UP, ROUNDS));

        assertTrue(e.getMessage().contains("'no-such-kex@example.com'"), e.getMessage());
    }

    @Test
    void refusesAGroupExchangeWhoseGroupIsNotKnownBeforehand() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CryptoFloor.measure("diffie-hellman-group-exchange-sha256", "ssh-ed25519", WARM_UP, ROUNDS));

        assertTrue(e.getMessage().contains("diffie-hellman-group-exchange-sha256"), e.getMessage());
    }

    @Test
    void refusesAHybridKeyExchangeWhoseSidesDoDifferentWork() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CryptoFloor.measure("mlkem768x25519-sha256", "ssh-ed25519", WARM_UP, ROUNDS));

        assertTrue(e.getMessage().contains("mlkem768x25519-sha256"), e.getMessage());
    }

    @Test
    void refusesAHostKeyAlgorithmItCannotMeasureNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CryptoFloor.measure("curve25519-sha256", "ssh-dss", WARM_UP, ROUNDS));

        assertTrue(e.getMessage().contains("'ssh-dss'") && e.getMessage().contains("ssh-ed25519"), e.getMessage());
    }

    @Test
    void refusesFewerThanOneTimedRound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CryptoFloor.measure("curve25519-sha256", "ssh-ed25519", WARM_UP, 0));

        assertTrue(e.getMessage().contains("rounds at least 1"), e.getMessage());
    }
}
