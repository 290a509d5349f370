package org.callhome.shared.ssh.cert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A revocation list that follows its file: {@link #reloadIfChanged} reads the file again when its
 * modification time, size or identity (inode) changed, so a KRL an operator replaces takes effect
 * without a restart. A new file that does not load leaves the list in force as it was, and the
 * error goes to the caller to report; that version of the file is not tried again, so a timer
 * reports it once. The first load, in {@link #open}, must succeed.
 *
 * <p>Threads: {@link #get} may be called from any thread (an SSH I/O thread checking a
 * certificate) and never touches the disk; {@link #reloadIfChanged} reads the file, so it belongs
 * on a timer or worker thread, one at a time.
 */
public final class RevokedKeysFile implements Supplier<RevokedKeys> {

    private final Path file;
    private final long maxBytes;
    private volatile RevokedKeys current;
    /** The version of the file last loaded or tried; only {@link #reloadIfChanged}'s thread touches it. */
    private Stamp tried;

    private RevokedKeysFile(Path file, long maxBytes, Stamp tried, RevokedKeys current) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.tried = tried;
        this.current = current;
    }

    /** @throws IOException as {@link RevokedKeys#load} throws it: a program refuses to start without its revocations */
    public static RevokedKeysFile open(Path file) throws IOException {
        return open(file, RevokedKeys.MAX_FILE_BYTES);
    }

    static RevokedKeysFile open(Path file, long maxBytes) throws IOException {
        Stamp stamp = Stamp.of(file);
        return new RevokedKeysFile(file, maxBytes, stamp, RevokedKeys.load(file, maxBytes));
    }

    public Path file() {
        return file;
    }

    /** The list in force. */
    @Override
    public RevokedKeys get() {
        return current;
    }

    /**
     * Loads the file again if it changed since it was last loaded or tried.
     *
     * @return whether a new list is in force
     * @throws IOException when the changed file does not load (or is gone); the old list stays in force
     */
    public boolean reloadIfChanged() throws IOException {
        Stamp stamp = Stamp.of(file);
        if (stamp.equals(tried)) {
            return false;
        }
        // taken before reading: a write that lands while we read changes the stamp, so the next call reads again
        tried = stamp;
        if (stamp.equals(Stamp.MISSING)) {
            throw new IOException(file + ": file does not exist; the revocation list read before stays in force");
        }
        RevokedKeys loaded;
        try {
            loaded = RevokedKeys.load(file, maxBytes);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + "; the revocation list read before stays in force", e);
        }
        current = loaded;
        return true;
    }

    /** What tells one version of the file from the next without reading it. */
    private record Stamp(FileTime modified, long size, Object fileKey) {

        static final Stamp MISSING = new Stamp(FileTime.fromMillis(0), -1, "missing");

        static Stamp of(Path file) throws IOException {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(attributes.lastModifiedTime(), attributes.size(),
                        Objects.requireNonNullElse(attributes.fileKey(), "no file key"));
            } catch (NoSuchFileException e) {
                return MISSING;
            }
        }
    }
}
