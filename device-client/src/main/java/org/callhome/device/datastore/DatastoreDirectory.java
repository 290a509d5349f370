package org.callhome.device.datastore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.callhome.shared.io.AtomicFiles;

/**
 * The device's data folder, shared safely by every process that opens it (several {@code stdio}
 * processes started by sshd, a call-home agent). Mutual exclusion is a file lock on
 * {@code .lock} plus an in-process lock (a file lock belongs to the whole JVM); files are
 * replaced atomically (write a temporary file, fsync, rename, fsync the folder), so a crash at
 * any moment leaves either the old or the new content, never a torn file.
 */
public final class DatastoreDirectory {

    /** Guards against two objects of one JVM locking the same folder at once. */
    private static final ReentrantLock PROCESS_LOCK = new ReentrantLock();
    /** The folders whose lock the current thread holds, so that nested work does not lock twice. */
    private static final ThreadLocal<Set<Path>> HELD = ThreadLocal.withInitial(HashSet::new);
    private static final String TEMP_MARK = ".tmp-";

    /** Work done while holding the folder's lock. */
    @FunctionalInterface
    public interface Exclusive<T, E extends Exception> {
        T run() throws IOException, E;
    }

    private final Path root;

    private DatastoreDirectory(Path root) {
        this.root = root;
    }

    /** Opens (creating with owner-only permissions if missing) the data folder. */
    public static DatastoreDirectory open(Path root) throws IOException {
        Path dir = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: permissions are the platform's
            }
        }
        DatastoreDirectory directory = new DatastoreDirectory(dir);
        directory.exclusive(() -> {
            directory.removeLeftoverTemporaryFiles(dir);
            if (Files.isDirectory(dir.resolve("sessions"))) {
                directory.removeLeftoverTemporaryFiles(dir.resolve("sessions"));
            }
            return null;
        });
        return directory;
    }

    public Path root() {
        return root;
    }

    public Path resolve(String name) {
        return root.resolve(name);
    }

    /**
     * Runs {@code work} while no other thread or process that opened this folder runs any.
     * Re-entrant: work started inside another's runs at once, so that a commit can change
     * running, candidate and the confirmed-commit state in one step.
     */
    @SuppressWarnings("try") // the file lock is held by the try block, never read
    public <T, E extends Exception> T exclusive(Exclusive<T, E> work) throws IOException, E {
        Set<Path> held = HELD.get();
        if (held.contains(root)) {
            return work.run();
        }
        PROCESS_LOCK.lock();
        try (FileChannel channel = FileChannel.open(root.resolve(".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            held.add(root);
            try {
                return work.run();
            } finally {
                held.remove(root);
            }
        } finally {
            PROCESS_LOCK.unlock();
        }
    }

    /** Replaces {@code target} with {@code bytes} atomically and durably. */
    public void writeAtomically(Path target, byte[] bytes) throws IOException {
        AtomicFiles.replace(target, TEMP_MARK + ProcessIdentity.current().pid() + "-" + System.nanoTime(), bytes);
    }

    /** The file's text, or empty when it does not exist. */
    public Optional<String> readText(Path file) throws IOException {
        try {
            return Optional.of(Files.readString(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private void removeLeftoverTemporaryFiles(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + TEMP_MARK + "*")) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
            }
        }
    }
}
