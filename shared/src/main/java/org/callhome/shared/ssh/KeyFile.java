package org.callhome.shared.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key pair kept in a file that the program creates when it is missing (an SSH host key, a
 * device's login key). {@link #open} reads and checks an existing file, or makes a new Ed25519 key
 * in memory only; {@link #save} writes that key. A program checks the rest of its arguments in
 * between, so that a mistake found there leaves no file behind.
 */
public final class KeyFile {

    private static final Logger LOG = LoggerFactory.getLogger(KeyFile.class);

    private final Path file;
    private final KeyPair keyPair;
    private final boolean isNew;

    private KeyFile(Path file, KeyPair keyPair, boolean isNew) {
        this.file = file;
        this.keyPair = keyPair;
        this.isNew = isNew;
    }

    /**
     * Loads the key of an existing file, or makes a new one for a missing file.
     *
     * @throws IOException naming the file when it exists but holds no usable private key (see
     *     {@link SshKeys#loadPrivateKey})
     */
    public static KeyFile open(Path file) throws IOException {
        if (Files.exists(file)) {
            return new KeyFile(file, PrivateKeyFiles.read(file), false);
        }
        return new KeyFile(file, SshKeys.generateEd25519(), true);
    }

    public Path file() {
        return file;
    }

    /** The key read, or the new key {@link #save} will write. */
    public KeyPair keyPair() {
        return keyPair;
    }

    /** Whether the file was missing at {@link #open}, so that {@link #save} creates it. */
    public boolean isNew() {
        return isNew;
    }

    /**
     * Creates the file with the new key, in OpenSSH format with owner-only permissions (0600; parent
     * folders created); does nothing for a key that was read. If another process created the file
     * since {@link #open}, its key is loaded and used instead of ours.
     *
     * @return the key in force
     */
    public KeyPair save() throws IOException {
        if (!isNew) {
            return keyPair;
        }
        if (PrivateKeyFiles.writeIfAbsent(keyPair, file)) {
            LOG.info("created key {} ({})", file, SshKeys.fingerprint(keyPair.getPublic()));
            return keyPair;
        }
        return PrivateKeyFiles.read(file);
    }
}
