package org.callhome.device.datastore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;

/**
 * The NETCONF lock on one datastore (RFC 6241 §7.5), kept as a file naming the holding session.
 * The lock dies with its session: a holder whose session record is gone or whose process has
 * ended no longer holds it. Every method takes the folder's lock.
 */
final class SessionLock {

    private final DatastoreDirectory directory;
    private final SessionTable sessions;
    private final Path file;
    private final String datastore;

    SessionLock(DatastoreDirectory directory, SessionTable sessions, String fileName, String datastore) {
        this.directory = directory;
        this.sessions = sessions;
        this.file = directory.resolve(fileName);
        this.datastore = datastore;
    }

    /** Takes the lock for {@code sessionId}, or fails with lock-denied naming the holder. */
    void lock(long sessionId) throws IOException, NetconfException {
        directory.exclusive(() -> {
            OptionalLong holder = holder();
            if (holder.isPresent()) {
                throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.LOCK_DENIED,
                        "the " + datastore + " datastore is already locked by session " + holder.getAsLong())
                        .withInfo("session-id", Long.toString(holder.getAsLong())));
            }
            directory.writeAtomically(file, Long.toString(sessionId).getBytes(StandardCharsets.US_ASCII));
            return null;
        });
    }

    /** Releases the lock held by {@code sessionId}; operation-failed if it does not hold it. */
    void unlock(long sessionId) throws IOException, NetconfException {
        directory.exclusive(() -> {
            OptionalLong holder = holder();
            if (holder.isEmpty() || holder.getAsLong() != sessionId) {
                throw NetconfException.of(ErrorType.PROTOCOL, ErrorTag.OPERATION_FAILED,
                        holder.isEmpty() ? "the " + datastore + " datastore is not locked"
                                : "the lock is held by session " + holder.getAsLong() + ", not by this session");
            }
            Files.deleteIfExists(file);
            return null;
        });
    }

    /** Drops the lock if {@code sessionId} holds it; true if it did. */
    boolean release(long sessionId) throws IOException {
        return directory.exclusive(() -> {
            OptionalLong holder = recordedHolder();
            if (holder.isPresent() && holder.getAsLong() == sessionId) {
                Files.deleteIfExists(file);
                return true;
            }
            return false;
        });
    }

    /** Fails with in-use when a live session other than {@code sessionId} holds the lock. */
    void requireFreeFor(long sessionId) throws IOException, NetconfException {
        OptionalLong holder = holder();
        if (holder.isPresent() && holder.getAsLong() != sessionId) {
            throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.IN_USE,
                    "the " + datastore + " datastore is locked by session " + holder.getAsLong())
                    .withInfo("session-id", Long.toString(holder.getAsLong())));
        }
    }

    /** The live session holding the lock, if any; a dead holder's lock is removed. */
    OptionalLong holder() throws IOException {
        return directory.exclusive(() -> {
            OptionalLong holder = recordedHolder();
            if (holder.isPresent() && !sessions.isLive(holder.getAsLong())) {
                Files.deleteIfExists(file);
                return OptionalLong.empty();
            }
            return holder;
        });
    }

    private OptionalLong recordedHolder() throws IOException {
        return directory.readText(file).map(String::strip).filter(s -> s.matches("[0-9]{1,10}"))
                .map(s -> OptionalLong.of(Long.parseLong(s))).orElse(OptionalLong.empty());
    }
}
