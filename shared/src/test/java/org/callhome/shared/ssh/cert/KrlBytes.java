package org.callhome.shared.ssh.cert;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import org.callhome.shared.ssh.SshKeys;

/** Hand-built KRL bytes (OpenSSH PROTOCOL.krl), for what ssh-keygen would never write. */
final class KrlBytes {

    static final int CERTIFICATES = 1;
    static final int EXPLICIT_KEYS = 2;
    static final int SHA1_HASHES = 3;
    static final int SIGNATURE = 4;
    static final int SHA256_HASHES = 5;
    static final int EXTENSION = 255;
    static final int SERIAL_LIST = 0x20;
    static final int SERIAL_RANGE = 0x21;
    static final int SERIAL_BITMAP = 0x22;
    static final int KEY_IDS = 0x23;
    static final int CERTIFICATE_EXTENSION = 0x39;

    /** Bytes of the header: magic through comment. */
    static final int HEADER_BYTES = 8 + 4 + 8 + 8 + 8 + 4 + 4;

    private KrlBytes() {
    }

    /** A KRL of format version 1, KRL version 1, generated at 0, with these sections. */
    static byte[] krl(byte[]... sections) {
        return concat(header(1), concat(sections));
    }

    static byte[] header(long formatVersion) {
        return concat("SSHKRL\n\0".getBytes(StandardCharsets.US_ASCII), u32(formatVersion), u64(1), u64(0), u64(0),
                string(new byte[0]), string(new byte[0]));
    }

    static byte[] section(int type, byte[]... data) {
        return concat(u8(type), string(concat(data)));
    }

    /** A certificate section for {@code ca} (null: any CA) with these subsections. */
    static byte[] certificates(PublicKey ca, byte[]... subsections) {
        return section(CERTIFICATES, string(ca == null ? new byte[0] : SshKeys.blob(ca)), string(new byte[0]),
                concat(subsections));
    }

    static byte[] extension(String name, boolean critical) {
        return concat(string(name), u8(critical ? 1 : 0), string("contents"));
    }

    static byte[] u8(int value) {
        return new byte[] {(byte) value};
    }

    static byte[] u32(long value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    static byte[] u64(long value) {
        return concat(u32(value >>> 32), u32(value));
    }

    static byte[] string(byte[] value) {
        return concat(u32(value.length), value);
    }

    static byte[] string(String value) {
        return string(value.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
