package org.callhome.shared.ssh.cert;

import static org.callhome.shared.ssh.cert.KrlBytes.CERTIFICATES;
import static org.callhome.shared.ssh.cert.KrlBytes.CERTIFICATE_EXTENSION;
import static org.callhome.shared.ssh.cert.KrlBytes.EXPLICIT_KEYS;
import static org.callhome.shared.ssh.cert.KrlBytes.EXTENSION;
import static org.callhome.shared.ssh.cert.KrlBytes.HEADER_BYTES;
import static org.callhome.shared.ssh.cert.KrlBytes.KEY_IDS;
import static org.callhome.shared.ssh.cert.KrlBytes.SERIAL_BITMAP;
import static org.callhome.shared.ssh.cert.KrlBytes.SERIAL_LIST;
import static org.callhome.shared.ssh.cert.KrlBytes.SERIAL_RANGE;
import static org.callhome.shared.ssh.cert.KrlBytes.SHA1_HASHES;
import static org.callhome.shared.ssh.cert.KrlBytes.SHA256_HASHES;
import static org.callhome.shared.ssh.cert.KrlBytes.SIGNATURE;
import static org.callhome.shared.ssh.cert.KrlBytes.certificates;
import static org.callhome.shared.ssh.cert.KrlBytes.concat;
import static org.callhome.shared.ssh.cert.KrlBytes.extension;
import static org.callhome.shared.ssh.cert.KrlBytes.header;
import static org.callhome.shared.ssh.cert.KrlBytes.krl;
import static org.callhome.shared.ssh.cert.KrlBytes.section;
import static org.callhome.shared.ssh.cert.KrlBytes.string;
import static org.callhome.shared.ssh.cert.KrlBytes.u32;
import static org.callhome.shared.ssh.cert.KrlBytes.u64;
import static org.callhome.shared.ssh.cert.KrlBytes.u8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.apache.sshd.certificate.OpenSshCertificateBuilder;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.callhome.shared.ssh.SshKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KRLs built by hand, byte by byte, for what ssh-keygen does not write: every section and
 * subsection type, the edges of the serial space, each bound at the limit and one past it, and
 * every malformation refused with the offset where it starts.
 */
class KrlReaderTest {

    private static final KeyPair CA = SshKeys.generateEd25519();
    private static final KeyPair OTHER_CA = SshKeys.generateEd25519();
    private static final KeyPair DEVICE = SshKeys.generateEd25519();
    private static final long LAST_SERIAL = -1L;
    /** Where the first section's data starts: its type byte and length come first. */
    private static final int SECTION_DATA = HEADER_BYTES + 1 + 4;
    /** Where a certificate section's first subsection starts: after the CA key and the reserved string. */
    private static final int FIRST_SUBSECTION = SECTION_DATA + 4 + SshKeys.blob(CA.getPublic()).length + 4;

    @TempDir
    Path dir;

    @Test
    void readsEveryCertificateSubsectionType() throws Exception {
        RevokedKeys revoked = read(krl(certificates(CA.getPublic(),
                section(SERIAL_LIST, u64(3), u64(1000)),
                section(SERIAL_RANGE, u64(10), u64(20)),
                section(SERIAL_BITMAP, u64(100), mpint(new byte[] {0x01, 0x05})),
                section(KEY_IDS, string("lost"), string("stolen")),
                section(CERTIFICATE_EXTENSION, extension("x@example.org", false)))));

        for (long serial : new long[] {3, 1000, 10, 15, 20, 100, 102, 108}) {
            assertTrue(revoked.isRevoked(certificate(CA, serial, "id")), "serial " + serial);
        }
        for (long serial : new long[] {0, 2, 4, 9, 21, 99, 101, 103, 107, 109, 999, 1001}) {
            assertFalse(revoked.isRevoked(certificate(CA, serial, "id")), "serial " + serial);
        }
        assertTrue(revoked.isRevoked(certificate(CA, 0, "stolen")));
        assertFalse(revoked.isRevoked(certificate(OTHER_CA, 3, "stolen")));
    }

    @Test
    void readsKeyAndHashSectionsAndSkipsANonCriticalExtension() throws Exception {
        KeyPair byBlob = SshKeys.generateEd25519();
        KeyPair bySha1 = SshKeys.generateEd25519();
        KeyPair bySha256 = SshKeys.generateEd25519();
        RevokedKeys revoked = read(krl(
                section(EXTENSION, extension("bloom@example.org", false)),
                section(EXPLICIT_KEYS, string(SshKeys.blob(byBlob.getPublic()))),
                section(SHA1_HASHES, string(hash("SHA-1", bySha1))),
                section(SHA256_HASHES, string(hash("SHA-256", bySha256)))));

        assertTrue(revoked.isRevoked(byBlob.getPublic()));
        assertTrue(revoked.isRevoked(bySha1.getPublic()));
        assertTrue(revoked.isRevoked(bySha256.getPublic()));
        assertFalse(revoked.isRevoked(DEVICE.getPublic()));
    }

    @Test
    void revokesKeyIdsForAnyCaWithAnEmptyCaKey() throws Exception {
        RevokedKeys revoked = read(krl(certificates(null, section(KEY_IDS, string("stolen")))));
        assertTrue(revoked.isRevoked(certificate(CA, 5, "stolen")));
        assertEquals("key id 'stolen' is revoked for any CA",
                revoked.whyRevoked(certificate(OTHER_CA, 5, "stolen")).orElseThrow());
        assertFalse(revoked.isRevoked(certificate(CA, 5, "kept")));
    }

    @Test
    void mergesSectionsOfTheSameCa() throws Exception {
        RevokedKeys revoked = read(krl(
                certificates(CA.getPublic(), section(SERIAL_RANGE, u64(10), u64(20))),
                certificates(CA.getPublic(), section(SERIAL_RANGE, u64(15), u64(30))),
                certificates(CA.getPublic(), section(SERIAL_LIST, u64(31)))));
        for (long serial = 10; serial <= 31; serial++) {
            assertTrue(revoked.isRevoked(certificate(CA, serial, "id")), "serial " + serial);
        }
        assertFalse(revoked.isRevoked(certificate(CA, 32, "id")));
    }

    @Test
    void reachesTheLastSerialThereIs() throws Exception {
        RevokedKeys list = read(krl(certificates(CA.getPublic(), section(SERIAL_LIST, u64(LAST_SERIAL)))));
        assertTrue(list.isRevoked(certificate(CA, LAST_SERIAL, "id")));
        assertFalse(list.isRevoked(certificate(CA, LAST_SERIAL - 1, "id")));

        RevokedKeys range = read(krl(certificates(CA.getPublic(), section(SERIAL_RANGE, u64(1), u64(LAST_SERIAL)))));
        assertTrue(range.isRevoked(certificate(CA, LAST_SERIAL, "id")));
        assertTrue(range.isRevoked(certificate(CA, Long.MIN_VALUE, "id")));
        assertFalse(range.isRevoked(certificate(CA, 0, "id")));

        // bit 7 of a bitmap starting 7 below the last serial is the last serial
        RevokedKeys bitmap = read(krl(certificates(CA.getPublic(), section(SERIAL_BITMAP, u64(LAST_SERIAL - 7),
                mpint(new byte[] {0x00, (byte) 0x80})))));
        assertTrue(bitmap.isRevoked(certificate(CA, LAST_SERIAL, "id")));
        assertEquals("at byte " + (FIRST_SUBSECTION + 5) + ": bitmap from serial 18446744073709551609 reaches past the last"
                + " 64-bit serial", refused(krl(certificates(CA.getPublic(), section(SERIAL_BITMAP, u64(LAST_SERIAL - 6),
                mpint(new byte[] {0x00, (byte) 0x80}))))));
    }

    @Test
    void readsABitmapAtTheLimitAndRefusesOneByteMore() throws Exception {
        byte[] widest = new byte[KrlReader.MAX_BITMAP_BYTES];
        widest[0] = (byte) 0x80;
        widest[widest.length - 1] = 0x01;
        byte[] withSignByte = concat(new byte[] {0}, widest);
        RevokedKeys revoked = read(krl(certificates(CA.getPublic(), section(SERIAL_BITMAP, u64(1), mpint(withSignByte)))));
        assertTrue(revoked.isRevoked(certificate(CA, 1, "id")));
        assertTrue(revoked.isRevoked(certificate(CA, KrlReader.MAX_BITMAP_BYTES * 8L, "id")));
        assertFalse(revoked.isRevoked(certificate(CA, KrlReader.MAX_BITMAP_BYTES * 8L + 1, "id")));

        byte[] oneMore = concat(new byte[] {1}, widest);
        assertEquals("at byte " + (FIRST_SUBSECTION + 5 + 8) + ": mpint of 2049 bytes exceeds the allowed maximum (2048"
                + " bytes)", refused(krl(certificates(CA.getPublic(), section(SERIAL_BITMAP, u64(1), mpint(oneMore))))));
        assertEquals("at byte " + (FIRST_SUBSECTION + 5 + 8) + ": mpint of 2050 bytes exceeds the allowed maximum (2048"
                + " bytes)", refused(krl(certificates(CA.getPublic(), section(SERIAL_BITMAP, u64(1),
                mpint(concat(new byte[] {0}, oneMore)))))));
    }

    @Test
    void refusesAnotherFormatVersionOrAnUnknownSection() {
        assertEquals("at byte 8: format version 2 is not supported; only 1 is", refused(header(2)));
        assertEquals("at byte " + HEADER_BYTES + ": unknown section type 6", refused(krl(section(6))));
        assertEquals("at byte " + FIRST_SUBSECTION + ": unknown certificate subsection type 0x24",
                refused(krl(certificates(CA.getPublic(), section(0x24)))));
    }

    @Test
    void refusesCriticalExtensions() {
        assertEquals("at byte " + SECTION_DATA + ": critical extension 'must@example.org' is not understood",
                refused(krl(section(EXTENSION, extension("must@example.org", true)))));
        assertEquals("at byte " + (FIRST_SUBSECTION + 5) + ": critical extension 'must@example.org' is not understood",
                refused(krl(certificates(CA.getPublic(), section(CERTIFICATE_EXTENSION,
                        extension("must@example.org", true))))));
    }

    @Test
    void refusesASignedKrl() {
        assertEquals("at byte " + HEADER_BYTES + ": signed KRLs are not supported (OpenSSH 9.4 and later refuse them"
                + " too); write the KRL with ssh-keygen -k, which does not sign", refused(krl(
                concat(u8(SIGNATURE), string(SshKeys.blob(CA.getPublic())), string("signature")))));
    }

    @Test
    void refusesLengthsPastTheEndAndBytesLeftOver() {
        assertEquals("at byte " + (HEADER_BYTES + 1) + ": string length (100 bytes) exceeds the 3 bytes that remain",
                refused(krl(concat(u8(SHA256_HASHES), u32(100), new byte[3]))));
        assertEquals("at byte 20: input ends where a uint64 was expected", refused(Arrays.copyOf(krl(), 20)));
        assertEquals("at byte " + (FIRST_SUBSECTION + 5 + 16) + ": bytes left over at the end of the certificate"
                + " subsection", refused(krl(certificates(CA.getPublic(), section(SERIAL_RANGE, u64(5), u64(6), u8(0))))));
        assertEquals("at byte " + (SECTION_DATA + 5 + 1 + 12) + ": bytes left over at the end of the section",
                refused(krl(section(EXTENSION, extension("x", false), u8(0)))));
        assertEquals("at byte " + (FIRST_SUBSECTION + 5 + 8) + ": input ends where a uint64 was expected",
                refused(krl(certificates(CA.getPublic(), section(SERIAL_LIST, u64(5), new byte[7])))));
    }

    @Test
    void refusesBadKeysAndHashes() throws Exception {
        assertTrue(refused(krl(section(CERTIFICATES, string("garbage"), string(new byte[0]))))
                .startsWith("at byte " + SECTION_DATA + ": CA key cannot be read: "));
        byte[] certificateBlob = blobOf(certificate(CA, 1, "id"));
        assertEquals("at byte " + SECTION_DATA + ": the CA key is a certificate",
                refused(krl(section(CERTIFICATES, string(certificateBlob), string(new byte[0])))));
        assertEquals("at byte " + SECTION_DATA + ": empty key blob", refused(krl(section(EXPLICIT_KEYS, string(new byte[0])))));
        assertEquals("at byte " + SECTION_DATA + ": SHA1 hash of 19 bytes; a SHA1 hash has 20",
                refused(krl(section(SHA1_HASHES, string(new byte[19])))));
        assertEquals("at byte " + SECTION_DATA + ": SHA256 hash of 33 bytes; a SHA256 hash has 32",
                refused(krl(section(SHA256_HASHES, string(new byte[33])))));
    }

    @Test
    void refusesSerialZeroReversedRangesNegativeBitmapsAndNulInKeyIds() {
        String zero = "serial 0 cannot be revoked (a CA writes 0 when it sets no serial)";
        assertEquals("at byte " + (FIRST_SUBSECTION + 5 + 8) + ": " + zero,
                refused(krl(certificates(CA.getPublic(), section(SERIAL_LIST, u64(1), u64(0))))));
        assertEquals("at byte " + (FIRST_SUBSECTION + 5) + ": " + zero,
                refused(krl(certificates(CA.getPublic(), section(SERIAL_RANGE, u64(0), u64(9))))));
        assertEquals("at byte " + (FIRST_SUBSECTION + 5) + ": " + zero,
                refused(krl(certificates(CA.getPublic(), section(SERIAL_BITMAP, u64(0), mpint(new byte[] {0x01}))))));
        assertEquals("at byte " + (FIRST_SUBSECTION + 5) + ": serial range 9-8 ends before it starts",
                refused(krl(certificates(CA.getPublic(), section(SERIAL_RANGE, u64(9), u64(8))))));
        assertEquals("at byte " + (FIRST_SUBSECTION + 5 + 8) + ": negative mpint",
                refused(krl(certificates(CA.getPublic(), section(SERIAL_BITMAP, u64(1), mpint(new byte[] {(byte) 0x80}))))));
        assertEquals("at byte " + (FIRST_SUBSECTION + 5 + 4 + 2) + ": key id holds a NUL byte",
                refused(krl(certificates(CA.getPublic(), section(KEY_IDS, string("ok"), string("a\0b"))))));
    }

    @Test
    void anEmptyBitmapRevokesNothing() throws Exception {
        RevokedKeys revoked = read(krl(certificates(CA.getPublic(), section(SERIAL_BITMAP, u64(0), mpint(new byte[0])))));
        assertFalse(revoked.isRevoked(certificate(CA, 1, "id")));
    }

    /** An ed25519 host certificate for {@link #DEVICE}, principal dev-1, valid forever. */
    static OpenSshCertificate certificate(KeyPair ca, long serial, String keyId) throws Exception {
        return OpenSshCertificateBuilder.hostCertificate().publicKey(DEVICE.getPublic()).serial(serial).id(keyId)
                .principals(List.of("dev-1")).validAfter(0).validBefore(OpenSshCertificate.INFINITY).sign(ca);
    }

    private RevokedKeys read(byte[] krl) throws IOException {
        return RevokedKeys.load(Files.write(dir.resolve("krl"), krl));
    }

    /** The message after {@code <file>: not a valid OpenSSH KRL: }. */
    private String refused(byte[] krl) {
        Path file = dir.resolve("bad-krl");
        IOException e = assertThrows(IOException.class, () -> RevokedKeys.load(Files.write(file, krl)));
        String prefix = file + ": not a valid OpenSSH KRL: ";
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        return e.getMessage().substring(prefix.length());
    }

    private static byte[] mpint(byte[] value) {
        return string(value);
    }

    private static byte[] hash(String algorithm, KeyPair key) throws Exception {
        return MessageDigest.getInstance(algorithm).digest(SshKeys.blob(key.getPublic()));
    }

    private static byte[] blobOf(OpenSshCertificate certificate) {
        ByteArrayBuffer buffer = new ByteArrayBuffer();
        buffer.putRawPublicKey(certificate);
        return buffer.getCompactData();
    }
}
