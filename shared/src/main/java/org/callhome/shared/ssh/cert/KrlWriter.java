package org.callhome.shared.ssh.cert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.shared.io.AtomicFiles;
import org.callhome.shared.ssh.SshKeys;

/**
 * An OpenSSH key revocation list (OpenSSH PROTOCOL.krl) made without {@code ssh-keygen -k}: what
 * {@code --revoked-keys}, OpenSSH's {@code RevokedKeys} and {@code ssh-keygen -Q} read. Built with
 * {@link #builder()}, then written whole with {@link #write}, or taken as bytes with {@link #toBytes}.
 *
 * <pre>
 *   header         "SSHKRL\n\0"  uint32 1  uint64 version  uint64 generated  uint64 0 (flags)  string ""  string comment
 *   per CA, in the order first named:
 *     section 1    string ca_key  string ""
 *       0x20       the serials, sorted as unsigned 64-bit numbers, each once   (if any)
 *       0x23       the key ids, sorted by their UTF-8 bytes, each once          (if any)
 *   section 2      the revoked keys' blobs, sorted, each once                    (if any)
 * </pre>
 *
 * <p>The KRL is not signed (OpenSSH 9.4 and later refuse signed KRLs). Serials go in one list,
 * 8 bytes each, never in the ranges or bitmaps {@code ssh-keygen -k} chooses for runs of serials,
 * which any reader takes the same. Keys go in the explicit-key section, which every OpenSSH that
 * reads KRLs understands (6.2 on; the SHA256 section needs 7.9) and {@code ssh-keygen -Q -l} lists
 * with their fingerprints. Sections and key ids come in the order {@code ssh-keygen -k} writes
 * them, so for the same revocations, a list of serials that ssh-keygen too writes as a list, and
 * the same date, the bytes are the same as ssh-keygen's. Immutable and safe to share between
 * threads.
 */
public final class KrlWriter {

    private final byte[] bytes;

    private KrlWriter(byte[] bytes) {
        this.bytes = bytes;
    }

    /** An empty list to add revocations to: version 0, no comment, generated when built. */
    public static Builder builder() {
        return new Builder();
    }

    /** The KRL's bytes, a copy. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /**
     * Replaces {@code file} with this KRL, atomically: the bytes go to a temporary file in the same
     * folder, which is then moved over {@code file}, so a reader polling the file (such as
     * {@link RevokedKeysFile}) sees the old list or the new one, never part of one.
     *
     * @throws IOException if the file cannot be written, or its file system cannot replace files
     *     atomically; the old file is then unchanged
     */
    public void write(Path file) throws IOException {
        AtomicFiles.replace(file, ".tmp-" + UUID.randomUUID(), bytes);
    }

    /**
     * Collects revocations. Each call checks all its arguments before it adds any, so a refused
     * call leaves the builder as it was. Revocations of the same CA (compared by key, whichever
     * object holds it) merge, and anything revoked twice is written once. Not thread-safe.
     */
    public static final class Builder {

        private final Map<String, CaSection> sections = new LinkedHashMap<>();
        private final TreeSet<byte[]> keys = new TreeSet<>(Arrays::compareUnsigned);
        private long version;
        private byte[] comment = new byte[0];
        private Instant generated;

        private Builder() {
        }

        /**
         * Revokes the certificates {@code ca} signed with these serials (unsigned 64-bit: a negative
         * {@code long} stands for a serial above {@link Long#MAX_VALUE}).
         *
         * @throws NullPointerException if {@code ca} or {@code serials} is null
         * @throws IllegalArgumentException if no serial is given (a call that revokes nothing most
         *     likely lost its list, and a KRL that silently revokes nothing lets in what it should
         *     keep out); for serial 0, which a CA writes when it sets none and which OpenSSH
         *     refuses to revoke (revoke such certificates by key id); or if {@code ca} is a
         *     certificate or a key of a type we do not accept
         */
        public Builder revokeSerials(PublicKey ca, long... serials) {
            byte[] caBlob = caBlob(ca);
            Objects.requireNonNull(serials, "serials");
            if (serials.length == 0) {
                throw new IllegalArgumentException(nothingGiven("serials", ca));
            }
            for (long serial : serials) {
                if (serial == 0) {
                    throw new IllegalArgumentException("serial 0 cannot be revoked: a CA writes 0 when it sets no"
                            + " serial, and OpenSSH refuses it (ssh-keygen -k too); revoke such a certificate by key id");
                }
            }
            CaSection section = section(caBlob);
            for (long serial : serials) {
                section.serials.add(serial);
            }
            return this;
        }

        /**
         * Revokes the certificates {@code ca} signed with these key ids ({@code ssh-keygen -I}),
         * compared exactly, as OpenSSH compares them; an empty key id revokes the certificates
         * that have none.
         *
         * @throws NullPointerException if {@code ca}, {@code keyIds} or one of them is null
         * @throws IllegalArgumentException if no key id is given (as for serials); for a key id
         *     holding a NUL character, which OpenSSH reads as the end of the id, or a lone UTF-16
         *     surrogate, which has no UTF-8 form; or if {@code ca} is a certificate or a key of a
         *     type we do not accept
         */
        public Builder revokeKeyIds(PublicKey ca, String... keyIds) {
            byte[] caBlob = caBlob(ca);
            Objects.requireNonNull(keyIds, "keyIds");
            if (keyIds.length == 0) {
                throw new IllegalArgumentException(nothingGiven("key ids", ca));
            }
            List<byte[]> encoded = new ArrayList<>();
            for (int i = 0; i < keyIds.length; i++) {
                encoded.add(utf8(Objects.requireNonNull(keyIds[i], "key id at index " + i), "key id at index " + i));
            }
            section(caBlob).keyIds.addAll(encoded);
            return this;
        }

        /**
         * Revokes these keys, and so every certificate of them too.
         *
         * @throws NullPointerException if {@code keys} or one of them is null
         * @throws IllegalArgumentException if no key is given (as for serials), or one is a
         *     certificate (revoke it by serial or key id, or its key:
         *     {@link OpenSshCertificate#getCertPubKey()}) or a key of a type we do not accept
         */
        public Builder revokeKeys(PublicKey... keys) {
            Objects.requireNonNull(keys, "keys");
            if (keys.length == 0) {
                throw new IllegalArgumentException("no keys given to revoke; a call that revokes nothing is refused");
            }
            List<byte[]> blobs = new ArrayList<>();
            for (int i = 0; i < keys.length; i++) {
                PublicKey key = Objects.requireNonNull(keys[i], "key at index " + i);
                if (key instanceof OpenSshCertificate) {
                    throw new IllegalArgumentException("key at index " + i + " is a certificate; revoke it by serial or"
                            + " key id with its CA, or revoke the key it certifies");
                }
                blobs.add(SshKeys.blob(key));
            }
            this.keys.addAll(blobs);
            return this;
        }

        /**
         * The KRL's version (unsigned 64-bit; 0 unless set), as {@code ssh-keygen -k -z} sets it:
         * a number the one who writes the list raises with each new list, for operators to tell
         * lists apart.
         */
        public Builder version(long version) {
            this.version = version;
            return this;
        }

        /**
         * A comment, which {@code ssh-keygen -Q -l} shows; none unless set.
         *
         * @throws NullPointerException if {@code comment} is null
         * @throws IllegalArgumentException for a NUL character or a lone UTF-16 surrogate (as for key ids)
         */
        public Builder comment(String comment) {
            this.comment = utf8(Objects.requireNonNull(comment, "comment"), "comment");
            return this;
        }

        /**
         * When the list was made, in whole seconds; {@link #build()}'s time unless set.
         *
         * @throws NullPointerException if {@code generated} is null
         * @throws IllegalArgumentException for an instant before 1970, which the format cannot hold
         */
        public Builder generated(Instant generated) {
            Objects.requireNonNull(generated, "generated");
            if (generated.getEpochSecond() < 0) {
                throw new IllegalArgumentException("generated " + generated + " is before 1970; a KRL cannot say so");
            }
            this.generated = generated;
            return this;
        }

        /**
         * The KRL of the revocations so far; the builder may go on to make another.
         *
         * @throws IllegalStateException if it would be larger than {@link RevokedKeys#MAX_FILE_BYTES},
         *     the most {@code --revoked-keys} reads
         */
        public KrlWriter build() {
            return build(RevokedKeys.MAX_FILE_BYTES);
        }

        KrlWriter build(long maxBytes) {
            Instant date = generated != null ? generated : Instant.now();
            WireWriter krl = new WireWriter().raw(KrlReader.MAGIC).u32(KrlReader.FORMAT_VERSION).u64(version)
                    .u64(date.getEpochSecond()).u64(0).string(new byte[0]).string(comment);
            for (CaSection section : sections.values()) {
                krl.u8(KrlReader.CERTIFICATES).string(section.write());
            }
            if (!keys.isEmpty()) {
                WireWriter blobs = new WireWriter();
                keys.forEach(blobs::string);
                krl.u8(KrlReader.EXPLICIT_KEYS).string(blobs);
            }
            if (krl.size() > maxBytes) {
                throw new IllegalStateException("the KRL would be " + krl.size() + " bytes, more than the " + maxBytes
                        + " a revocation list may have; revoke fewer serials, key ids or keys in one list");
            }
            return new KrlWriter(krl.toBytes());
        }

        private CaSection section(byte[] caBlob) {
            return sections.computeIfAbsent(Base64.getEncoder().encodeToString(caBlob), key -> new CaSection(caBlob));
        }

        private static byte[] caBlob(PublicKey ca) {
            Objects.requireNonNull(ca, "ca");
            if (ca instanceof OpenSshCertificate) {
                throw new IllegalArgumentException("the CA key is a certificate; give the CA's own public key");
            }
            return SshKeys.blob(ca);
        }

        private static String nothingGiven(String what, PublicKey ca) {
            return "no " + what + " given to revoke for CA " + SshKeys.fingerprint(ca)
                    + "; a call that revokes nothing is refused";
        }

        /** Strict UTF-8, refusing NUL: OpenSSH reads these strings as C strings. */
        private static byte[] utf8(String text, String what) {
            if (text.indexOf('\0') >= 0) {
                throw new IllegalArgumentException(what + " holds a NUL character, which OpenSSH reads as its end");
            }
            try {
                ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
                return Arrays.copyOf(encoded.array(), encoded.limit());
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException(what + " holds a lone UTF-16 surrogate, which has no UTF-8 form", e);
            }
        }
    }

    /** One CA's certificate section: its serial list and key id subsections. */
    private static final class CaSection {

        private final byte[] caBlob;
        private final TreeSet<Long> serials = new TreeSet<>(Long::compareUnsigned);
        private final TreeSet<byte[]> keyIds = new TreeSet<>(Arrays::compareUnsigned);

        CaSection(byte[] caBlob) {
            this.caBlob = caBlob;
        }

        WireWriter write() {
            WireWriter section = new WireWriter().string(caBlob).string(new byte[0]);
            if (!serials.isEmpty()) {
                WireWriter list = new WireWriter();
                serials.forEach(list::u64);
                section.u8(KrlReader.SERIAL_LIST).string(list);
            }
            if (!keyIds.isEmpty()) {
                WireWriter ids = new WireWriter();
                keyIds.forEach(ids::string);
                section.u8(KrlReader.KEY_IDS).string(ids);
            }
            return section;
        }
    }
}
