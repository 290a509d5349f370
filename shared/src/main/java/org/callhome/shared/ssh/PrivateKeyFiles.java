package org.callhome.shared.ssh;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.callhome.shared.text.PeerText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes unencrypted private key files. Reading goes through MINA's parsers (OpenSSH
 * format; with Bouncy Castle also PEM PKCS#1, SEC1 and PKCS#8), but a PKCS#8 EC key through
 * {@link Pkcs8EcKeys}, which also reads one without its optional public key; writing uses the
 * OpenSSH format.
 * A written file is owner-only (0600) from its first byte: it is created as a 0600 temporary file
 * next to the target and renamed over it, so no reader ever sees a partial or world-readable key.
 */
final class PrivateKeyFiles {

    /** Far above any real key (an OpenSSH RSA-16384 key is about 12 KiB); guards against reading a wrong, huge file. */
    static final int MAX_KEY_FILE_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(PrivateKeyFiles.class);
    private static final Set<PosixFilePermission> OWNER_ONLY =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    /** Thrown at MINA when it asks for a passphrase, so an encrypted key gets its own message. */
    private static final class PassphraseRequested extends IOException {
        private static final long serialVersionUID = 1L;

        PassphraseRequested() {
            super("passphrase requested");
        }
    }

    private static final FilePasswordProvider NO_PASSPHRASE = (session, resource, retry) -> {
        throw new PassphraseRequested();
    };

    private PrivateKeyFiles() {
    }

    static KeyPair read(Path file) throws IOException {
        byte[] bytes = readBounded(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        refusePublicKey(file, text);
        List<KeyPair> pairs = new ArrayList<>();
        Optional<KeyPair> pkcs8Ec = Pkcs8EcKeys.read(file, text);
        if (pkcs8Ec.isPresent()) {
            pairs.add(pkcs8Ec.get());
        }
        try {
            Iterable<KeyPair> loaded = pkcs8Ec.isPresent() ? null : SecurityUtils.loadKeyPairIdentities(
                    null, NamedResource.ofName(file.toString()), new ByteArrayInputStream(bytes), NO_PASSPHRASE);
            if (loaded != null) {
                loaded.forEach(pairs::add);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (causedByPassphraseRequest(e)) {
                throw new IOException(file + ": the private key is encrypted; a passphrase-protected key is not supported"
                        + " (remove the passphrase with: ssh-keygen -p -N '' -f " + file + ")");
            }
            throw new IOException(file + ": not a readable private key: " + e.getMessage(), e);
        }
        if (pairs.isEmpty()) {
            throw new IOException(file + ": no private key found (expected an OpenSSH or PEM private key;"
                    + " a public key or certificate file will not do)");
        }
        if (pairs.size() > 1) {
            throw new IOException(file + ": holds " + pairs.size() + " keys; expected exactly one");
        }
        KeyPair pair = pairs.get(0);
        String type = KeyUtils.getKeyType(pair);
        if (type == null || !KeyBlobs.KEY_TYPES.contains(type)) {
            throw new IOException(file + ": unsupported key type " + (type != null ? type : pair.getPublic().getAlgorithm())
                    + "; use ed25519, ecdsa or rsa");
        }
        warnIfOthersCanRead(file);
        return pair;
    }

    /**
     * A public key where the private one belongs is the commonest mix-up (the {@code .pub} file, or
     * a known_hosts or authorized_keys file); MINA would only find no key in it.
     */
    private static void refusePublicKey(Path file, String text) throws IOException {
        if (text.contains("-----BEGIN")) {
            return;
        }
        for (String line : text.lines().toList()) {
            String[] words = line.strip().split("\\s+");
            for (int i = 0; i + 1 < words.length; i++) {
                if (KeyBlobs.looksLikeKeyType(words[i]) && words[i + 1].startsWith("AAAA")) {
                    String name = file.getFileName().toString();
                    String privateName = name.endsWith(".pub") ? name.substring(0, name.length() - 4) : null;
                    throw new IOException(file + ": this is a public key (" + describe(words[i], words[i + 1])
                            + "), but a private key is needed here; give "
                            + (privateName != null ? file.resolveSibling(privateName) + ", the file without .pub"
                            : "the file whose name ssh-keygen gave the .pub file without .pub"));
                }
            }
        }
    }

    /** {@code ssh-ed25519 SHA256:...}, or just the type when the key data is damaged or of another type. */
    private static String describe(String type, String base64) {
        try {
            return type + " " + SshKeys.fingerprint(SshKeys.parsePublicKey(type + " " + base64));
        } catch (IllegalArgumentException unreadable) {
            return PeerText.shown(type);
        }
    }

    /** Writes {@code pair} to {@code file}, replacing it if present. */
    static void write(KeyPair pair, Path file) throws IOException {
        Path temporary = writeTemporary(pair, file);
        try {
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Writes {@code pair} to {@code file} unless the file exists by the time the key is in place:
     * two processes creating the same host key at once end up using the same one. A hard link is
     * the atomic "create only if absent"; where the file system has none, a plain move, whose
     * existence check leaves a window of microseconds.
     *
     * @return false if another writer got there first (nothing was changed)
     */
    static boolean writeIfAbsent(KeyPair pair, Path file) throws IOException {
        Path temporary = writeTemporary(pair, file);
        try {
            try {
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
                Files.move(temporary, file);
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static Path writeTemporary(KeyPair pair, Path file) throws IOException {
        byte[] encoded = encode(pair);
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        String prefix = "." + file.getFileName() + ".";
        Path temporary = Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class)
                ? Files.createTempFile(directory, prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(directory, prefix, ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(encoded);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        return temporary;
    }

    /** @throws IllegalArgumentException for a key type we do not write (our caller's bug, not an I/O problem) */
    private static byte[] encode(KeyPair pair) throws IOException {
        KeyBlobs.keyType(pair.getPublic());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "", (OpenSSHKeyEncryptionContext) null, out);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot encode " + KeyUtils.getKeyType(pair) + " key pair", e);
        }
        return out.toByteArray();
    }

    private static byte[] readBounded(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory, not a private key file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
            if (bytes.length > MAX_KEY_FILE_BYTES) {
                throw new IOException(file + ": larger than " + MAX_KEY_FILE_BYTES + " bytes; not a private key file");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": private key file does not exist", e);
        } catch (AccessDeniedException e) {
            throw new IOException(file + ": private key file cannot be read (permission denied)", e);
        }
    }

    private static boolean causedByPassphraseRequest(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PassphraseRequested) {
                return true;
            }
        }
        return false;
    }

    /** OpenSSH refuses such keys; we load them (a container may not keep modes) but say so. */
    private static void warnIfOthersCanRead(Path file) {
        try {
            if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (!OWNER_ONLY.containsAll(permissions)) {
                    LOG.warn("private key file {} is accessible by others ({}); chmod 600 it",
                            file, PosixFilePermissions.toString(permissions));
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot read permissions of {}", file, e);
        }
    }
}
