package org.callhome.shared.ssh.cert;

import static org.callhome.shared.ssh.cert.KrlBytes.EXPLICIT_KEYS;
import static org.callhome.shared.ssh.cert.KrlBytes.KEY_IDS;
import static org.callhome.shared.ssh.cert.KrlBytes.SERIAL_LIST;
import static org.callhome.shared.ssh.cert.KrlBytes.certificates;
import static org.callhome.shared.ssh.cert.KrlBytes.concat;
import static org.callhome.shared.ssh.cert.KrlBytes.section;
import static org.callhome.shared.ssh.cert.KrlBytes.string;
import static org.callhome.shared.ssh.cert.KrlBytes.u32;
import static org.callhome.shared.ssh.cert.KrlBytes.u64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.sshd.certificate.OpenSshCertificateBuilder;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.shared.ssh.SshKeygen;
import org.callhome.shared.ssh.SshKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * KRLs we write: read back by our own reader, compared byte by byte with the format and with what
 * {@code ssh-keygen -k} writes, and asked of {@code ssh-keygen -Q}, which must refuse what was
 * revoked and nothing else; and the calls refused before anything is written.
 */
class KrlWriterTest {

    private static final KeyPair CA = SshKeys.generateEd25519();
    private static final KeyPair OTHER_CA = SshKeys.generateEd25519();
    private static final KeyPair DEVICE = SshKeys.generateEd25519();
    private static final KeyPair STOLEN = SshKeys.generateEd25519();
    private static final long LAST_SERIAL = -1L;
    private static final Instant DATE = Instant.parse("2027-01-15T08:00:00Z");
    /** Where the header's generated date starts: after the magic, the format version and the KRL version. */
    private static final int GENERATED_AT = 8 + 4 + 8;

    @TempDir
    Path dir;

    @Test
    void refusesTheCertificatesOfItsCaWithRevokedSerialsAndNoOthers() throws Exception {
        RevokedKeys revoked = read(KrlWriter.builder().revokeSerials(CA.getPublic(), 1000, 5, LAST_SERIAL, 5).build());

        for (long serial : new long[] {5, 1000, LAST_SERIAL}) {
            assertTrue(revoked.isRevoked(certificate(CA, DEVICE, serial, "dev-1")), "serial " + serial);
            assertFalse(revoked.isRevoked(certificate(OTHER_CA, DEVICE, serial, "dev-1")), "other CA, serial " + serial);
        }
        for (long serial : new long[] {0, 1, 4, 6, 999, 1001, LAST_SERIAL - 1, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertFalse(revoked.isRevoked(certificate(CA, DEVICE, serial, "dev-1")), "serial " + serial);
        }
        assertEquals(Optional.of("serial 18446744073709551615 is revoked for CA " + SshKeys.fingerprint(CA.getPublic())),
                revoked.whyRevoked(certificate(CA, DEVICE, LAST_SERIAL, "dev-1")));
    }

    @Test
    void refusesTheCertificatesOfItsCaWithRevokedKeyIdsAndNoOthers() throws Exception {
        RevokedKeys revoked = read(KrlWriter.builder().revokeKeyIds(CA.getPublic(), "dev-1", "").build());

        assertTrue(revoked.isRevoked(certificate(CA, DEVICE, 5, "dev-1")));
        assertTrue(revoked.isRevoked(certificate(CA, DEVICE, 0, "dev-1")));
        assertTrue(revoked.isRevoked(certificate(CA, DEVICE, 6, "")));
        assertFalse(revoked.isRevoked(certificate(CA, DEVICE, 5, "dev-2")));
        assertFalse(revoked.isRevoked(certificate(CA, DEVICE, 5, "DEV-1")));
        assertFalse(revoked.isRevoked(certificate(OTHER_CA, DEVICE, 5, "dev-1")));
        assertEquals(Optional.of("key id 'dev-1' is revoked for CA " + SshKeys.fingerprint(CA.getPublic())),
                revoked.whyRevoked(certificate(CA, DEVICE, 5, "dev-1")));
    }

    @Test
    void refusesRevokedKeysAndEveryCertificateOfThem() throws Exception {
        RevokedKeys revoked = read(KrlWriter.builder().revokeKeys(STOLEN.getPublic(), OTHER_CA.getPublic()).build());

        assertTrue(revoked.isRevoked(STOLEN.getPublic()));
        assertTrue(revoked.isRevoked(certificate(CA, STOLEN, 5, "dev-1")));
        assertFalse(revoked.isRevoked(DEVICE.getPublic()));
        assertFalse(revoked.isRevoked(certificate(CA, DEVICE, 5, "dev-1")));
        assertEquals(Optional.of("its CA's key " + SshKeys.fingerprint(OTHER_CA.getPublic()) + " is listed"),
                revoked.whyRevoked(certificate(OTHER_CA, DEVICE, 5, "dev-1")));
    }

    @Test
    void writesTheFormatByteForByte() {
        byte[] krl = KrlWriter.builder().revokeSerials(CA.getPublic(), 5).revokeKeyIds(CA.getPublic(), "dev-1")
                .revokeKeys(STOLEN.getPublic()).version(7).comment("lost in transit").generated(DATE).build().toBytes();

        assertArrayEquals(concat(header(7, DATE, "lost in transit"),
                certificates(CA.getPublic(), section(SERIAL_LIST, u64(5)), section(KEY_IDS, string("dev-1"))),
                section(EXPLICIT_KEYS, string(SshKeys.blob(STOLEN.getPublic())))), krl);
    }

    @Test
    void mergesTheCallsOfEachCaAndWritesEachRevocationOnceInOrder() {
        PublicKey sameCa = SshKeys.parsePublicKey(SshKeys.toOpenSsh(CA.getPublic()));
        byte[] first = SshKeys.blob(DEVICE.getPublic());
        byte[] second = SshKeys.blob(STOLEN.getPublic());
        boolean deviceFirst = Arrays.compareUnsigned(first, second) < 0;
        String fullwidthA = "\uff21";
        String emoji = "\ud83d\ude00";

        byte[] krl = KrlWriter.builder()
                .revokeSerials(OTHER_CA.getPublic(), LAST_SERIAL, 3, Long.MIN_VALUE, Long.MAX_VALUE, 3)
                .revokeKeyIds(CA.getPublic(), emoji, "a", fullwidthA, "Z")
                .revokeKeys(STOLEN.getPublic(), DEVICE.getPublic())
                .revokeSerials(OTHER_CA.getPublic(), 2)
                .revokeKeyIds(sameCa, "a")
                .revokeKeys(DEVICE.getPublic())
                .generated(DATE).build().toBytes();

        // CAs in the order first named; serials as unsigned numbers; key ids by their UTF-8 bytes, as strcmp sorts
        assertArrayEquals(concat(header(0, DATE, ""),
                certificates(OTHER_CA.getPublic(), section(SERIAL_LIST, u64(2), u64(3), u64(Long.MAX_VALUE),
                        u64(Long.MIN_VALUE), u64(LAST_SERIAL))),
                certificates(CA.getPublic(), section(KEY_IDS, string("Z"), string("a"), string(fullwidthA),
                        string(emoji))),
                section(EXPLICIT_KEYS, string(deviceFirst ? first : second), string(deviceFirst ? second : first))), krl);
    }

    @Test
    void anEmptyKrlRevokesNothingAndTheHeaderReadsBack() throws Exception {
        KrlWriter empty = KrlWriter.builder().version(LAST_SERIAL).generated(DATE).build();
        assertArrayEquals(header(LAST_SERIAL, DATE, ""), empty.toBytes());

        Path file = dir.resolve("revoked.krl");
        empty.write(file);
        RevokedKeys revoked = RevokedKeys.load(file);
        assertFalse(revoked.isRevoked(certificate(CA, DEVICE, 5, "dev-1")));
        assertEquals("KRL " + file + " version 18446744073709551615 of 2027-01-15T08:00:00Z: nothing revoked",
                revoked.toString());
    }

    @Test
    void isDatedWhenBuiltUnlessToldOtherwise() {
        long before = Instant.now().getEpochSecond();
        byte[] krl = KrlWriter.builder().build().toBytes();
        long generated = ByteBuffer.wrap(krl).getLong(GENERATED_AT);
        assertTrue(generated >= before && generated <= Instant.now().getEpochSecond(), "generated " + generated);
    }

    @Test
    void aRevokedKeysFileTakesUpTheListWrittenOverIt() throws Exception {
        Path file = dir.resolve("revoked.krl");
        KrlWriter.builder().revokeSerials(CA.getPublic(), 5).version(1).generated(DATE).build().write(file);
        RevokedKeysFile revoked = RevokedKeysFile.open(file);
        assertTrue(revoked.get().isRevoked(certificate(CA, DEVICE, 5, "dev-1")));

        // the same size and, on a coarse clock, the same time: the new file is told apart by its identity
        KrlWriter.builder().revokeSerials(CA.getPublic(), 6).version(2).generated(DATE).build().write(file);
        assertTrue(revoked.reloadIfChanged());
        assertFalse(revoked.get().isRevoked(certificate(CA, DEVICE, 5, "dev-1")));
        assertTrue(revoked.get().isRevoked(certificate(CA, DEVICE, 6, "dev-1")));
        assertTrue(revoked.get().toString().contains(" version 2 of "), revoked.get().toString());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left beside the list");
        }
    }

    @Test
    void refusesSerialZeroAndCallsThatRevokeNothing() {
        KrlWriter.Builder builder = KrlWriter.builder();
        assertEquals("serial 0 cannot be revoked: a CA writes 0 when it sets no serial, and OpenSSH refuses it"
                + " (ssh-keygen -k too); revoke such a certificate by key id",
                refused(() -> builder.revokeSerials(CA.getPublic(), 5, 0)));
        String ca = SshKeys.fingerprint(CA.getPublic());
        assertEquals("no serials given to revoke for CA " + ca + "; a call that revokes nothing is refused",
                refused(() -> builder.revokeSerials(CA.getPublic())));
        assertEquals("no key ids given to revoke for CA " + ca + "; a call that revokes nothing is refused",
                refused(() -> builder.revokeKeyIds(CA.getPublic())));
        assertEquals("no keys given to revoke; a call that revokes nothing is refused", refused(builder::revokeKeys));

        // a refused call adds nothing, not even the serials before the bad one
        assertArrayEquals(header(0, DATE, ""), builder.generated(DATE).build().toBytes());
    }

    @Test
    void refusesNulls() {
        KrlWriter.Builder builder = KrlWriter.builder();
        PublicKey ca = CA.getPublic();
        Map<String, Executable> calls = Map.of(
                "ca", () -> builder.revokeSerials(null, 5),
                "serials", () -> builder.revokeSerials(ca, (long[]) null),
                "keyIds", () -> builder.revokeKeyIds(ca, (String[]) null),
                "key id at index 1", () -> builder.revokeKeyIds(ca, "dev-1", null),
                "keys", () -> builder.revokeKeys((PublicKey[]) null),
                "key at index 0", () -> builder.revokeKeys((PublicKey) null),
                "comment", () -> builder.comment(null),
                "generated", () -> builder.generated(null));
        calls.forEach((name, call) -> assertEquals(name, assertThrows(NullPointerException.class, call).getMessage()));
        assertEquals("ca", assertThrows(NullPointerException.class, () -> builder.revokeKeyIds(null, "dev-1")).getMessage());
    }

    @Test
    void refusesACertificateWhereAKeyIsNeeded() throws Exception {
        OpenSshCertificate certificate = certificate(CA, DEVICE, 5, "dev-1");
        KrlWriter.Builder builder = KrlWriter.builder();
        assertEquals("the CA key is a certificate; give the CA's own public key",
                refused(() -> builder.revokeSerials(certificate, 5)));
        assertEquals("the CA key is a certificate; give the CA's own public key",
                refused(() -> builder.revokeKeyIds(certificate, "dev-1")));
        assertEquals("key at index 1 is a certificate; revoke it by serial or key id with its CA, or revoke the key it"
                + " certifies", refused(() -> builder.revokeKeys(STOLEN.getPublic(), certificate)));
    }

    @Test
    void refusesTextOpenSshCannotCarry() {
        KrlWriter.Builder builder = KrlWriter.builder();
        assertEquals("key id at index 0 holds a NUL character, which OpenSSH reads as its end",
                refused(() -> builder.revokeKeyIds(CA.getPublic(), "dev\0-1")));
        assertEquals("key id at index 1 holds a lone UTF-16 surrogate, which has no UTF-8 form",
                refused(() -> builder.revokeKeyIds(CA.getPublic(), "dev-1", "dev-\ud83d")));
        assertEquals("comment holds a NUL character, which OpenSSH reads as its end", refused(() -> builder.comment("a\0")));
        assertEquals("comment holds a lone UTF-16 surrogate, which has no UTF-8 form",
                refused(() -> builder.comment("\ude00")));
        assertEquals("generated 1969-12-31T23:59:59Z is before 1970; a KRL cannot say so",
                refused(() -> builder.generated(Instant.ofEpochSecond(-1))));
    }

    @Test
    void refusesToBuildAListLargerThanAReaderTakes() {
        KrlWriter.Builder builder = KrlWriter.builder().revokeSerials(CA.getPublic(), 1, 2, 3).generated(DATE);
        int size = builder.build().toBytes().length;
        assertEquals(size, builder.build(size).toBytes().length);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder.build(size - 1));
        assertEquals("the KRL would be " + size + " bytes, more than the " + (size - 1) + " a revocation list may have;"
                + " revoke fewer serials, key ids or keys in one list", e.getMessage());
    }

    @Test
    void openSshRefusesWhatWasRevokedAndPassesTheRest() throws Exception {
        CertLab lab = new CertLab(dir);
        Path krl = dir.resolve("revoked.krl");
        KrlWriter.builder().revokeSerials(key(lab, "ca"), 5, 1000, LAST_SERIAL)
                .revokeKeyIds(key(lab, "ca"), "lost-device").revokeKeys(key(lab, "stolen")).build().write(krl);
        RevokedKeys ours = RevokedKeys.load(krl);

        Map<Path, Boolean> expected = Map.ofEntries(
                Map.entry(serial(lab, "ca", "5"), true),
                Map.entry(serial(lab, "ca", "1000"), true),
                Map.entry(serial(lab, "ca", Long.toUnsignedString(LAST_SERIAL)), true),
                Map.entry(serial(lab, "ca", "4"), false),
                Map.entry(serial(lab, "ca", "6"), false),
                Map.entry(serial(lab, "ca", "999"), false),
                Map.entry(serial(lab, "ca", "0"), false),
                Map.entry(serial(lab, "other-ca", "5"), false),
                Map.entry(lab.sign("ca", "dev", "lost-device", "-h", "-n", "dev-1", "-z", "7"), true),
                Map.entry(lab.sign("other-ca", "dev", "lost-device-other-ca", "-h", "-n", "dev-1", "-I", "lost-device"),
                        false),
                Map.entry(lab.sign("ca", "stolen", "stolen-cert", "-h", "-n", "dev-2", "-z", "8"), true),
                Map.entry(lab.publicKey("stolen"), true),
                Map.entry(lab.publicKey("dev"), false));
        for (Map.Entry<Path, Boolean> entry : expected.entrySet()) {
            Path file = entry.getKey();
            boolean revoked = entry.getValue();
            assertEquals(revoked, SshKeygen.revoked(krl, file), "ssh-keygen -Q on " + file.getFileName());
            PublicKey keyOrCertificate = file.getFileName().toString().endsWith("-cert.pub") ? lab.certificate(file)
                    : key(file);
            assertEquals(revoked, ours.isRevoked(keyOrCertificate), "ours on " + file.getFileName());
        }
    }

    @Test
    void openSshListsTheKrlAsWritten() throws Exception {
        CertLab lab = new CertLab(dir);
        Path krl = dir.resolve("revoked.krl");
        KrlWriter.builder().revokeSerials(key(lab, "ca"), 1000, 5).revokeKeyIds(key(lab, "ca"), "lost-device")
                .revokeKeys(key(lab, "stolen")).version(42).comment("device dev-1 stolen").build().write(krl);

        String listing = SshKeygen.run("-Q", "-l", "-f", krl.toString());
        for (String line : List.of("# KRL version 42", "# Comment: device dev-1 stolen",
                "hash: " + SshKeygen.fingerprint(lab.publicKey("stolen")) + " # ssh-ed25519",
                "# CA key ssh-ed25519 " + SshKeygen.fingerprint(lab.publicKey("ca")) + "\nserial: 5\nserial: 1000\n"
                        + "id: lost-device\n")) {
            assertTrue(listing.contains(line), "ssh-keygen -Q -l lists " + line + ":\n" + listing);
        }
    }

    @Test
    void writesTheBytesSshKeygenWritesForTheSameRevocations() throws Exception {
        CertLab lab = new CertLab(dir);
        String spec = "serial: 9000000\nserial: 5\nserial: 1000\nid: lost-device\nid: another\n"
                + "key: " + Files.readString(lab.publicKey("stolen")) + "key: " + Files.readString(lab.publicKey("dev"));
        Path specFile = Files.writeString(dir.resolve("spec"), spec);
        Path theirs = dir.resolve("theirs.krl");
        SshKeygen.run("-k", "-f", theirs.toString(), "-s", lab.publicKey("ca").toString(), "-z", "42",
                "-C", "device dev-1 stolen", specFile.toString());
        byte[] expected = Files.readAllBytes(theirs);
        Instant generated = Instant.ofEpochSecond(ByteBuffer.wrap(expected).getLong(GENERATED_AT));

        byte[] ours = KrlWriter.builder().revokeSerials(key(lab, "ca"), 9000000, 5, 1000)
                .revokeKeyIds(key(lab, "ca"), "lost-device", "another")
                .revokeKeys(key(lab, "stolen"), key(lab, "dev"))
                .version(42).comment("device dev-1 stolen").generated(generated).build().toBytes();
        assertArrayEquals(expected, ours);
    }

    /** Magic, format version 1, and the rest of a header as {@link KrlWriter} writes it. */
    private static byte[] header(long version, Instant generated, String comment) {
        return concat("SSHKRL\n\0".getBytes(StandardCharsets.US_ASCII), u32(1), u64(version),
                u64(generated.getEpochSecond()), u64(0), string(new byte[0]), string(comment));
    }

    /** A host certificate of {@code key} for principal dev-1, valid forever, made by MINA. */
    private static OpenSshCertificate certificate(KeyPair ca, KeyPair key, long serial, String keyId) throws Exception {
        return OpenSshCertificateBuilder.hostCertificate().publicKey(key.getPublic()).serial(serial).id(keyId)
                .principals(List.of("dev-1")).validAfter(0).validBefore(OpenSshCertificate.INFINITY).sign(ca);
    }

    private RevokedKeys read(KrlWriter krl) throws IOException {
        return RevokedKeys.load(Files.write(dir.resolve("krl"), krl.toBytes()));
    }

    private static String refused(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    /** Key {@code name} of the lab, as the CA or list holder would read its {@code .pub} file. */
    private static PublicKey key(CertLab lab, String name) throws IOException {
        return key(lab.publicKey(name));
    }

    private static PublicKey key(Path publicKeyFile) throws IOException {
        return SshKeys.parsePublicKey(Files.readString(publicKeyFile));
    }

    /** Host certificate of the lab's key dev by {@code ca}, with this serial. */
    private static Path serial(CertLab lab, String ca, String serial) throws IOException {
        return lab.sign(ca, "dev", ca + "-serial-" + serial, "-h", "-n", "dev-1", "-z", serial);
    }
}
