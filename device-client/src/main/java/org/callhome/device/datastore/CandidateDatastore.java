package org.callhome.device.datastore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.w3c.dom.Element;

/**
 * The candidate configuration datastore (RFC 6241 §8.3), shared by every session of every process
 * on the data folder: {@code candidate.xml} while it holds uncommitted changes, absent when it
 * is the same as running (after a commit or discard-changes, or before any edit). Its lock is
 * {@code candidate.lock}. As RFC 6241 §7.5 and §8.3.5.2 ask, a modified candidate cannot be
 * locked, and releasing the lock, by unlock or by the end of the holding session, discards the
 * holder's uncommitted changes.
 */
public final class CandidateDatastore {

    private final DatastoreDirectory directory;
    private final RunningDatastore running;
    private final Path file;
    private final SessionLock lock;

    public CandidateDatastore(DatastoreDirectory directory, SessionTable sessions, RunningDatastore running) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.running = Objects.requireNonNull(running, "running");
        this.file = directory.resolve("candidate.xml");
        this.lock = new SessionLock(directory, sessions, "candidate.lock", "candidate");
    }

    /** A private copy of the current content: its own changes, or running when it has none. */
    public Element read() throws IOException {
        return directory.exclusive(() -> {
            var own = DataFiles.read(file);
            return own.isPresent() ? own.get() : running.read();
        });
    }

    /** True while the candidate holds changes not committed nor discarded. */
    public boolean isModified() {
        return Files.exists(file);
    }

    /**
     * Applies a change for {@code sessionId} unless another live session holds the candidate's
     * lock ({@code in-use}). Returns the new content, or the old one when nothing changed.
     */
    public Element modify(long sessionId, RunningDatastore.Change change) throws IOException, NetconfException {
        return directory.exclusive(() -> {
            lock.requireFreeFor(sessionId);
            Element current = read();
            Element next = change.apply(current);
            if (next == null) {
                return current;
            }
            directory.writeAtomically(file, NetconfXml.toBytes(next));
            return next;
        });
    }

    /** discard-changes: the candidate becomes running again; in-use while another session holds its lock. */
    public void discard(long sessionId) throws IOException, NetconfException {
        directory.exclusive(() -> {
            lock.requireFreeFor(sessionId);
            Files.deleteIfExists(file);
            return null;
        });
    }

    /** Takes the lock; lock-denied while another session holds it or the candidate is modified. */
    public void lock(long sessionId) throws IOException, NetconfException {
        directory.exclusive(() -> {
            if (isModified()) {
                throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.LOCK_DENIED,
                        "the candidate holds changes that are not committed; commit or discard-changes "
                                + "before locking it (RFC 6241 §7.5)")
                        .withInfo("session-id", "0"));
            }
            lock.lock(sessionId);
            return null;
        });
    }

    /** Releases the lock and discards the changes made under it (RFC 6241 §8.3.5.2). */
    public void unlock(long sessionId) throws IOException, NetconfException {
        directory.exclusive(() -> {
            lock.unlock(sessionId);
            Files.deleteIfExists(file);
            return null;
        });
    }

    /** The session {@code sessionId} ended: if it held the lock, its uncommitted changes go too. */
    public void releaseLocks(long sessionId) throws IOException {
        directory.exclusive(() -> {
            if (lock.release(sessionId)) {
                Files.deleteIfExists(file);
            }
            return null;
        });
    }

    /** The live session holding the lock, if any. */
    public OptionalLong lockHolder() throws IOException {
        return lock.holder();
    }

    /** Fails with in-use when a live session other than {@code sessionId} holds the lock. */
    void requireFreeFor(long sessionId) throws IOException, NetconfException {
        lock.requireFreeFor(sessionId);
    }

    /** After a commit: the candidate is running again. */
    void committed() throws IOException {
        Files.deleteIfExists(file);
    }
}
