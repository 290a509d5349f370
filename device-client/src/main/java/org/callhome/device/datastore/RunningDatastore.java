package org.callhome.device.datastore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The running configuration datastore, kept as {@code running.xml} in the data folder and the
 * lock on it as {@code running.lock}, both shared by every process on that folder. Every change
 * reads the newest file, applies, and replaces the file atomically while holding the folder's
 * lock, so concurrent writers never lose each other's changes. A NETCONF lock names a session
 * and dies with it: a holder whose session record is gone or whose process has ended (even
 * killed with SIGKILL) no longer holds it.
 *
 * <p>Every successful change is told to the {@linkplain #addListener listeners}, after the file
 * was replaced: the changes of this process as they happen, those of other processes on the folder
 * when {@link #pollForeignChange()} finds the file replaced.
 */
public final class RunningDatastore {

    private static final Logger LOG = LoggerFactory.getLogger(RunningDatastore.class);

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

    /** Sees each successful change, on the thread that made or found it, after the file was replaced. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param content    the new content (a private copy the listener may keep)
         * @param afterReply where work must wait that may not overtake the reply to the RPC that
         *                   made the change
         */
        void changed(Element content, AfterReply afterReply);
    }

    private final DatastoreDirectory directory;
    private final Path file;
    private final SessionLock lock;
    private final ReentrantLock cacheLock = new ReentrantLock();
    private Object cachedKey;
    private Element cached;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock seenLock = new ReentrantLock();
    /** The version of the file the listeners were last told of. */
    private Object seenKey;

    public RunningDatastore(DatastoreDirectory directory, SessionTable sessions) {
        this.directory = Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(sessions, "sessions");
        this.file = directory.resolve("running.xml");
        this.lock = new SessionLock(directory, sessions, "running.lock", "running");
    }

    /**
     * The content of the running datastore of {@code dataFolder}, read without opening the folder
     * (nothing is created): empty when the folder or its {@code running.xml} does not exist.
     */
    public static Element readIn(Path dataFolder) throws IOException {
        Path running = dataFolder.resolve("running.xml");
        try {
            return DataFiles.parse(Files.readAllBytes(running), "running.xml");
        } catch (NoSuchFileException e) {
            return DataFiles.emptyData();
        }
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
     * through here. Returns the new content, or the old one when nothing changed. The listeners
     * hear of a change after the file was replaced (and the folder's lock released, unless the
     * caller holds it for a larger step, as a commit does); what they must do after the reply to
     * the RPC making the change goes to {@code afterReply}.
     */
    public Element modify(long sessionId, AfterReply afterReply, Change change) throws IOException, NetconfException {
        Objects.requireNonNull(afterReply, "afterReply");
        Element[] written = new Element[1];
        Element result = directory.exclusive(() -> {
            if (sessionId != DEVICE) {
                lock.requireFreeFor(sessionId);
            }
            Element current = read();
            Element next = change.apply(current);
            if (next == null) {
                return current;
            }
            directory.writeAtomically(file, NetconfXml.toBytes(next));
            seen(fileKey());
            written[0] = next;
            return next;
        });
        if (written[0] != null) {
            tell(written[0], afterReply);
        }
        return result;
    }

    /** Adds a listener of every later change. */
    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Tells the listeners of a change another process made on the folder, if the file was replaced
     * since they last heard: cheap (one stat of the file) when nothing changed.
     */
    public void pollForeignChange() throws IOException {
        Object key = fileKey();
        seenLock.lock();
        try {
            if (Objects.equals(key, seenKey)) {
                return;
            }
            seenKey = key;
        } finally {
            seenLock.unlock();
        }
        tell(read(), AfterReply.NOW);
    }

    private void seen(Object key) {
        seenLock.lock();
        try {
            seenKey = key;
        } finally {
            seenLock.unlock();
        }
    }

    private void tell(Element content, AfterReply afterReply) {
        for (Listener listener : listeners) {
            try {
                listener.changed(copyOf(content), afterReply);
            } catch (RuntimeException e) {
                LOG.warn("a listener of running failed on a change", e);
            }
        }
    }

    private static Element copyOf(Element data) {
        Document copy = NetconfXml.newDocument();
        Element element = (Element) copy.importNode(data, true);
        copy.appendChild(element);
        return element;
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
