package org.callhome.shared.ssh.cert;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.callhome.shared.text.PeerText;

/**
 * Reads an OpenSSH key revocation list (OpenSSH PROTOCOL.krl, as {@code ssh-keygen -k} writes it)
 * into {@link RevokedKeys}. Anything that does not parse is an error naming the byte offset, and
 * the whole file is refused: a revocation list read in part would let revoked keys in.
 *
 * <pre>
 *   krl         = uint64 0x5353484b524c0a00 ("SSHKRL\n\0")  uint32 1 (format version)
 *                 uint64 krl_version  uint64 generated_date  uint64 flags  string reserved  string comment
 *                 *(byte section_type  string section_data)
 *   section 1   certificates:  string ca_key (empty: any CA)  string reserved  *(byte type  string data)
 *     0x20      serial list:   *uint64 serial
 *     0x21      serial range:  uint64 first  uint64 last
 *     0x22      serial bitmap: uint64 offset  mpint bits      ; bit N set revokes serial offset + N
 *     0x23      key ids:       *string key_id
 *     0x39      extension:     string name  boolean critical  string contents
 *   section 2   explicit keys:  *string public_key_blob
 *   section 3   SHA1 hashes:    *string sha1(public_key_blob)     ; 20 bytes each
 *   section 5   SHA256 hashes:  *string sha256(public_key_blob)   ; 32 bytes each
 *   section 255 extension:      string name  boolean critical  string contents
 * </pre>
 *
 * <p>Refused, each with its offset: another magic or format version; a section or certificate
 * subsection type not listed; a critical extension (a non-critical one is skipped, as the format
 * allows); a signature section (type 4: OpenSSH 9.4 and later refuse signed KRLs too); a length
 * past the end of its section; bytes left over in a section; a CA key MINA cannot read or that is
 * a certificate; an empty key blob; a hash of the wrong length; serial 0 or a range whose first
 * serial is above its last (OpenSSH refuses both); a bitmap wider than {@link #MAX_BITMAP_BYTES}
 * (OpenSSH's largest mpint), negative, or reaching past the last 64-bit serial; a key id holding a
 * NUL byte.
 */
final class KrlReader {

    /** OpenSSH bounds every mpint to 16384 bits, which makes a bitmap section cover at most 16384 serials. */
    static final int MAX_BITMAP_BYTES = 2048;

    // the format's numbers; those package-private KrlWriter writes too
    static final byte[] MAGIC = "SSHKRL\n\0".getBytes(StandardCharsets.US_ASCII);
    static final long FORMAT_VERSION = 1;

    static final int CERTIFICATES = 1;
    static final int EXPLICIT_KEYS = 2;
    private static final int SHA1_HASHES = 3;
    private static final int SIGNATURE = 4;
    private static final int SHA256_HASHES = 5;
    private static final int EXTENSION = 255;

    static final int SERIAL_LIST = 0x20;
    private static final int SERIAL_RANGE = 0x21;
    private static final int SERIAL_BITMAP = 0x22;
    static final int KEY_IDS = 0x23;
    private static final int CERTIFICATE_EXTENSION = 0x39;

    private final RevokedKeys.Builder revoked = new RevokedKeys.Builder();

    private KrlReader() {
    }

    /** Whether {@code bytes} start as a KRL does; a text list of keys never does. */
    static boolean isKrl(byte[] bytes) {
        return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** @throws IOException {@code <file>: not a valid OpenSSH KRL: at byte N: <what is wrong>} */
    static RevokedKeys read(Path file, byte[] bytes) throws IOException {
        try {
            return new KrlReader().parse(file, new WireReader(bytes));
        } catch (WireFormatException e) {
            throw new IOException(file + ": not a valid OpenSSH KRL: " + e.getMessage(), e);
        }
    }

    private RevokedKeys parse(Path file, WireReader krl) throws WireFormatException {
        krl.u64();
        int at = krl.offset();
        long version = krl.u32();
        if (version != FORMAT_VERSION) {
            throw new WireFormatException(at, "format version " + version + " is not supported; only "
                    + FORMAT_VERSION + " is");
        }
        long krlVersion = krl.u64();
        long generated = krl.u64();
        krl.u64();
        krl.string();
        krl.string();
        while (krl.hasRemaining()) {
            at = krl.offset();
            int type = krl.u8();
            if (type == SIGNATURE) {
                throw new WireFormatException(at, "signed KRLs are not supported (OpenSSH 9.4 and later refuse"
                        + " them too); write the KRL with ssh-keygen -k, which does not sign");
            }
            WireReader section = krl.nested();
            switch (type) {
                case CERTIFICATES -> certificates(section);
                case EXPLICIT_KEYS -> explicitKeys(section);
                case SHA1_HASHES -> hashes(section, 20, "SHA1");
                case SHA256_HASHES -> hashes(section, 32, "SHA256");
                case EXTENSION -> extension(section);
                default -> throw new WireFormatException(at, "unknown section type " + type);
            }
            rest(section, "section");
        }
        return revoked.build("KRL " + file + " version " + Long.toUnsignedString(krlVersion) + " of "
                + Certificates.show(Certificates.instant(generated)));
    }

    private void certificates(WireReader section) throws WireFormatException {
        int at = section.offset();
        byte[] caKey = section.string();
        if (caKey.length > 0) {
            checkCaKey(at, caKey);
        }
        section.string();
        RevokedKeys.SectionBuilder certificates = revoked.certificatesOf(caKey);
        while (section.hasRemaining()) {
            at = section.offset();
            int type = section.u8();
            WireReader subsection = section.nested();
            switch (type) {
                case SERIAL_LIST -> {
                    while (subsection.hasRemaining()) {
                        int serialAt = subsection.offset();
                        long serial = subsection.u64();
                        checkRange(serialAt, serial, serial);
                        certificates.serials().addRange(serial, serial);
                    }
                }
                case SERIAL_RANGE -> {
                    int rangeAt = subsection.offset();
                    long first = subsection.u64();
                    long last = subsection.u64();
                    checkRange(rangeAt, first, last);
                    certificates.serials().addRange(first, last);
                }
                case SERIAL_BITMAP -> bitmap(subsection, certificates);
                case KEY_IDS -> {
                    while (subsection.hasRemaining()) {
                        certificates.revokeKeyId(keyId(subsection));
                    }
                }
                case CERTIFICATE_EXTENSION -> extension(subsection);
                default -> throw new WireFormatException(at, "unknown certificate subsection type 0x"
                        + Integer.toHexString(type));
            }
            rest(subsection, "certificate subsection");
        }
    }

    private static void checkCaKey(int at, byte[] blob) throws WireFormatException {
        Object key;
        try {
            key = new ByteArrayBuffer(blob).getRawPublicKey();
        } catch (Exception e) {
            throw new WireFormatException(at, "CA key cannot be read: " + PeerText.shown(e.getMessage(), PeerText.MESSAGE_CHARS));
        }
        if (key instanceof OpenSshCertificate) {
            throw new WireFormatException(at, "the CA key is a certificate");
        }
    }

    private static void checkRange(int at, long first, long last) throws WireFormatException {
        if (first == 0) {
            throw new WireFormatException(at, "serial 0 cannot be revoked (a CA writes 0 when it sets no serial)");
        }
        if (Long.compareUnsigned(first, last) > 0) {
            throw new WireFormatException(at, "serial range " + Long.toUnsignedString(first) + "-"
                    + Long.toUnsignedString(last) + " ends before it starts");
        }
    }

    private static void bitmap(WireReader subsection, RevokedKeys.SectionBuilder certificates)
            throws WireFormatException {
        int at = subsection.offset();
        long offset = subsection.u64();
        BigInteger bits = subsection.unsignedMpint(MAX_BITMAP_BYTES);
        if (bits.signum() == 0) {
            return;
        }
        if (offset == 0 && bits.testBit(0)) {
            throw new WireFormatException(at, "serial 0 cannot be revoked (a CA writes 0 when it sets no serial)");
        }
        if (Long.compareUnsigned(offset + bits.bitLength() - 1, offset) < 0) {
            throw new WireFormatException(at, "bitmap from serial " + Long.toUnsignedString(offset)
                    + " reaches past the last 64-bit serial");
        }
        certificates.serials().addBitmap(offset, bits);
    }

    private static String keyId(WireReader subsection) throws WireFormatException {
        int at = subsection.offset();
        byte[] keyId = subsection.string();
        for (byte b : keyId) {
            if (b == 0) {
                throw new WireFormatException(at, "key id holds a NUL byte");
            }
        }
        // decoded as MINA decodes a certificate's key id, so that equal bytes compare equal
        return new String(keyId, StandardCharsets.UTF_8);
    }

    private void explicitKeys(WireReader section) throws WireFormatException {
        while (section.hasRemaining()) {
            int at = section.offset();
            byte[] blob = section.string();
            if (blob.length == 0) {
                throw new WireFormatException(at, "empty key blob");
            }
            revoked.revokeKey(blob);
        }
    }

    private void hashes(WireReader section, int length, String algorithm) throws WireFormatException {
        while (section.hasRemaining()) {
            int at = section.offset();
            byte[] hash = section.string();
            if (hash.length != length) {
                throw new WireFormatException(at, algorithm + " hash of " + hash.length + " bytes; a " + algorithm
                        + " hash has " + length);
            }
            if (length == 20) {
                revoked.revokeSha1(hash);
            } else {
                revoked.revokeSha256(hash);
            }
        }
    }

    private static void extension(WireReader section) throws WireFormatException {
        int at = section.offset();
        String name = new String(section.string(), StandardCharsets.UTF_8);
        if (section.bool()) {
            throw new WireFormatException(at, "critical extension " + PeerText.quote(name) + " is not understood");
        }
        section.string();
    }

    private static void rest(WireReader section, String what) throws WireFormatException {
        if (section.hasRemaining()) {
            throw new WireFormatException(section.offset(), "bytes left over at the end of the " + what);
        }
    }
}
