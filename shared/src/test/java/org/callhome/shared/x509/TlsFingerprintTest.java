package org.callhome.shared.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.junit.jupiter.api.Test;

class TlsFingerprintTest {

    private final X509Lab lab = new X509Lab();
    private final X509Certificate certificate = lab.root("Root CA").issue().certificate();

    private static String hexOf(int algorithm, byte[] digest) {
        return String.format("%02x", algorithm) + ":" + HexFormat.ofDelimiter(":").formatHex(digest);
    }

    @Test
    void sha256FingerprintMatchesItsCertificateOnly() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());

        TlsFingerprint fingerprint = TlsFingerprint.parse(hexOf(4, digest));

        assertEquals(TlsFingerprint.HashAlgorithm.SHA256, fingerprint.algorithm());
        assertTrue(fingerprint.matches(certificate));
        assertFalse(fingerprint.matches(lab.root("Root CA").issue().certificate()));
    }

    @Test
    void everyAcceptedAlgorithmRoundTripsThroughItsText() {
        for (TlsFingerprint.HashAlgorithm algorithm : TlsFingerprint.HashAlgorithm.values()) {
            TlsFingerprint fingerprint = TlsFingerprint.of(certificate, algorithm);

            assertEquals(fingerprint, TlsFingerprint.parse(fingerprint.text()));
            assertEquals(fingerprint, TlsFingerprint.parse(fingerprint.text().toLowerCase()));
            assertTrue(TlsFingerprint.parse(fingerprint.text()).matches(certificate), algorithm.name());
        }
    }

    @Test
    void refusesMd5AndSha1() {
        IllegalArgumentException sha1 = assertThrows(IllegalArgumentException.class,
                () -> TlsFingerprint.parse(hexOf(2, new byte[20])));
        assertTrue(sha1.getMessage().contains("02 (SHA-1) is too weak"), sha1.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TlsFingerprint.parse(hexOf(1, new byte[16])));
    }

    @Test
    void refusesAnUnknownAlgorithm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsFingerprint.parse(hexOf(8, new byte[32])));
        assertTrue(e.getMessage().contains("hash algorithm 08 is not a TLS HashAlgorithm accepted"), e.getMessage());
    }

    @Test
    void refusesAHashOfTheWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsFingerprint.parse(hexOf(4, new byte[31])));
        assertTrue(e.getMessage().endsWith("a SHA-256 hash is 32 octets, got 31"), e.getMessage());
    }

    @Test
    void refusesTextThatIsNotColonSeparatedOctets() {
        for (String text : new String[] {"", "4:00", "04:0", "04::00", "04:00:", "04-00", "04:zz", "0400"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TlsFingerprint.parse(text),
                    text);
            assertTrue(e.getMessage().contains("is not colon-separated hex octets"), e.getMessage());
        }
    }

    @Test
    void takesTheLongestFingerprintAndRefusesOneCharacterMore() {
        String longest = hexOf(6, new byte[64]);
        assertEquals(TlsFingerprint.MAX_TEXT_CHARS, longest.length());
        assertEquals(TlsFingerprint.HashAlgorithm.SHA512, TlsFingerprint.parse(longest).algorithm());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsFingerprint.parse(longest + "0"));
        assertEquals("fingerprint of 195 characters exceeds the longest accepted (194: a hash algorithm octet and a"
                + " SHA-512 hash)", e.getMessage());
    }
}
