package org.callhome.device.datastore;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
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
        Element apply(Element current) throws NetconfException;
    }

    /** The datastore file is ours, but it is still parsed with bounds. */
    private static final NetconfLimits FILE_LIMITS = NetconfLimits.DEFAULT.withMaxXmlElements(10_000_000);

    private final DatastoreDirectory directory;
    private final SessionTable sessions;
    private final Path file;
    private final Path lockFile;
    private final ReentrantLock cacheLock = new ReentrantLock();
    private Object cachedKey;
    private Element cached;

    public RunningDatastore(DatastoreDirectory directory, SessionTable sessions) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.file = directory.resolve("running.xml");
        this.lockFile = directory.resolve("running.lock");
    }

    /** A private copy of the current content: a {@code <data>} element in the base namespace. */
    public Element read() throws IOException {
        cacheLock.lock();
        try {
            Object key = fileKey();
            if (cached == null || !Objects.equals(key, cachedKey)) {
                cached = key == null ? emptyData() : parse(Files.readAllBytes(file));
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
     * ({@code in-use}). Returns the new content, or the old one when nothing changed.
     */
    public Element modify(long sessionId, Change change) throws IOException, NetconfException {
        return directory.exclusive(() -> {
            OptionalLong holder = liveHolder();
            if (holder.isPresent() && holder.getAsLong() != sessionId) {
                throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.IN_USE,
                        "the running datastore is locked by session " + holder.getAsLong())
                        .withInfo("session-id", Long.toString(holder.getAsLong())));
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
        directory.exclusive(() -> {
            OptionalLong holder = liveHolder();
            if (holder.isPresent()) {
                throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.LOCK_DENIED,
                        "the running datastore is already locked by session " + holder.getAsLong())
                        .withInfo("session-id", Long.toString(holder.getAsLong())));
            }
            directory.writeAtomically(lockFile, Long.toString(sessionId).getBytes(StandardCharsets.US_ASCII));
            return null;
        });
    }

    /** Releases the lock held by {@code sessionId}; operation-failed if it does not hold it. */
    public void unlock(long sessionId) throws IOException, NetconfException {
        directory.exclusive(() -> {
            OptionalLong holder = liveHolder();
            if (holder.isEmpty() || holder.getAsLong() != sessionId) {
                throw NetconfException.of(ErrorType.PROTOCOL, ErrorTag.OPERATION_FAILED,
                        holder.isEmpty() ? "the running datastore is not locked"
                                : "the lock is held by session " + holder.getAsLong() + ", not by this session");
            }
            Files.deleteIfExists(lockFile);
            return null;
        });
    }

    /** Drops any lock {@code sessionId} holds (its session ended or was killed). */
    public void releaseLocks(long sessionId) throws IOException {
        directory.exclusive(() -> {
            OptionalLong holder = recordedHolder();
            if (holder.isPresent() && holder.getAsLong() == sessionId) {
                Files.deleteIfExists(lockFile);
            }
            return null;
        });
    }

    /** The live session holding the lock, if any. */
    public OptionalLong lockHolder() throws IOException {
        return directory.exclusive(this::liveHolder);
    }

    private OptionalLong liveHolder() throws IOException {
        OptionalLong holder = recordedHolder();
        if (holder.isPresent() && !sessions.isLive(holder.getAsLong())) {
            Files.deleteIfExists(lockFile);
            return OptionalLong.empty();
        }
        return holder;
    }

    private OptionalLong recordedHolder() throws IOException {
        return directory.readText(lockFile).map(String::strip).filter(s -> s.matches("[0-9]{1,10}"))
                .map(s -> OptionalLong.of(Long.parseLong(s))).orElse(OptionalLong.empty());
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

    private static Element parse(byte[] bytes) throws IOException {
        try {
            Element root = NetconfXml.parse(bytes, FILE_LIMITS).getDocumentElement();
            if (!BASE_NS.equals(root.getNamespaceURI()) || !"data".equals(root.getLocalName())) {
                throw new IOException("running.xml must hold a <data> element in " + BASE_NS);
            }
            return root;
        } catch (NetconfException e) {
            throw new IOException("running.xml is not valid XML: " + e.getMessage(), e);
        }
    }

    private static Element emptyData() {
        Document document = NetconfXml.newDocument();
        Element data = document.createElementNS(BASE_NS, "data");
        document.appendChild(data);
        return data;
    }
}
