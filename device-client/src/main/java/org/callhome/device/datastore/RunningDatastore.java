package org.callhome.device.datastore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The running configuration datastore, kept as {@code running.xml} in the data folder and the
 * lock on it as {@code running.lock}, both shared by every process on that folder. Every change
 * reads the newest file, applies, and replaces the file atomically while holding the folder's
 * lock, so concurrent writers never lose each other's changes. A NETCONF lock names a session
 * and dies with it: a holder whose session record is gone or whose process has ended (even
 * killed with SIGKILL) no longer holds it.
 */
public final class RunningDatastore {

    /** A change computed from the current content; returns null when nothing changes. */
    @FunctionalInterface
    public interface Change {
        Element apply(Element current) throws NetconfException, IOException;
    }

    /**
     * The session-id of changes the device makes itself (a confirmed commit's rollback): 0, which
     * no NETCONF session has (RFC 6241 §7.5 names a non-NETCONF holder so).
     */
    public static final long DEVICE = 0;

    private final DatastoreDirectory directory;
    private final Path file;
    private final SessionLock lock;
    private final ReentrantLock cacheLock = new ReentrantLock();
    private Object cachedKey;
    private Element cached;

    public RunningDatastore(DatastoreDirectory directory, SessionTable sessions) {
        this.directory = Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(sessions, "sessions");
        this.file = directory.resolve("running.xml");
        this.lock = new SessionLock(directory, sessions, "running.lock", "running");
    }

    /** A private copy of the current content: a {@code <data>} element in the base namespace. */
    public Element read() throws IOException {
        cacheLock.lock();
        try {
            Object key = fileKey();
            if (cached == null || !Objects.equals(key, cachedKey)) {
                cached = key == null ? DataFiles.emptyData() : DataFiles.parse(Files.readAllBytes(file), "running.xml");
                cachedKey = key;
            }
            Document copy = NetconfXml.newDocument();
            Element data = (Element) copy.importNode(cached, true);
            copy.appendChild(data);
            return data;
        } finally {
            cacheLock.unlock();
        }
    }

    /**
     * Applies a change for {@code sessionId} unless another live session holds the lock
     * ({@code in-use}); {@link #DEVICE} changes regardless of locks. Every change of running goes
     * through here. Returns the new content, or the old one when nothing changed.
     */
    public Element modify(long sessionId, Change change) throws IOException, NetconfException {
        return directory.exclusive(() -> {
            if (sessionId != DEVICE) {
                lock.requireFreeFor(sessionId);
            }
            Element current = read();
            Element next = change.apply(current);
            if (next == null) {
                return current;
            }
            directory.writeAtomically(file, NetconfXml.toBytes(next));
            return next;
        });
    }

    /** Takes the lock for {@code sessionId}, or fails with lock-denied naming the holder. */
    public void lock(long sessionId) throws IOException, NetconfException {
        lock.lock(sessionId);
    }

    /** Releases the lock held by {@code sessionId}; operation-failed if it does not hold it. */
    public void unlock(long sessionId) throws IOException, NetconfException {
        lock.unlock(sessionId);
    }

    /** Drops any lock {@code sessionId} holds (its session ended or was killed). */
    public void releaseLocks(long sessionId) throws IOException {
        lock.release(sessionId);
    }

    /** The live session holding the lock, if any. */
    public OptionalLong lockHolder() throws IOException {
        return lock.holder();
    }

    /** Identity of the file's current version: a new inode after each atomic replace. */
    private Object fileKey() throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(String.valueOf(attributes.fileKey()), attributes.lastModifiedTime(),
                    attributes.size());
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
