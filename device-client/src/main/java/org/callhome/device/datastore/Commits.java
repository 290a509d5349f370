package org.callhome.device.datastore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * Commit, confirmed commit and cancel-commit (RFC 6241 §8.3.4, §8.4) on one data folder, for every
 * process that opens it. A pending confirmed commit is the file {@code confirmed-commit} (its
 * deadline, persist token and issuing session) beside {@code rollback.xml}, running as it was
 * before the first confirmed commit; the rollback restores that file through
 * {@link RunningDatastore#modify}, as every change of running does. Nothing here runs a timer:
 * whoever touches the folder calls {@link #expireIfDue()}, so the deadline holds even when the
 * process that set it has died, and a process that wants it kept on time schedules that call.
 */
public final class Commits {

    private static final Logger LOG = LoggerFactory.getLogger(Commits.class);

    private final DatastoreDirectory directory;
    private final SessionTable sessions;
    private final RunningDatastore running;
    private final CandidateDatastore candidate;
    private final Clock clock;
    private final Path stateFile;
    private final Path rollbackFile;

    public Commits(DatastoreDirectory directory, SessionTable sessions, RunningDatastore running,
                   CandidateDatastore candidate, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.running = Objects.requireNonNull(running, "running");
        this.candidate = Objects.requireNonNull(candidate, "candidate");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stateFile = directory.resolve("confirmed-commit");
        this.rollbackFile = directory.resolve("rollback.xml");
    }

    /**
     * Commits the candidate into running after {@code check} passed it. A confirmed commit starts
     * (or follows up) the pending one; a plain commit while one is pending confirms it. Fails,
     * changing nothing, with the check's error, in-use when another session holds a lock or owns
     * the pending commit, and invalid-value for a persist-id that does not match.
     *
     * @return the confirmed commit pending afterwards
     */
    public Optional<ConfirmedCommit> commit(long sessionId, CommitRequest request, ConfigCheck check,
                                            AfterReply afterReply) throws IOException, NetconfException {
        return directory.exclusive(() -> {
            Optional<ConfirmedCommit> pending = expireIfDue();
            if (pending.isPresent()) {
                authorize(pending.get(), sessionId, request.persistId());
            } else if (request.persistId().isPresent()) {
                throw invalidPersistId("no confirmed commit is pending, so there is nothing for <persist-id> to name");
            }
            candidate.requireFreeFor(sessionId);
            Optional<Element> changes = candidate.isModified() ? Optional.of(candidate.read()) : Optional.empty();
            if (changes.isPresent()) {
                check.check(changes.get());
            }
            Optional<ConfirmedCommit> next = request.confirmed()
                    ? Optional.of(new ConfirmedCommit(clock.instant().plus(request.timeout()), request.persist(),
                    sessionId))
                    : Optional.empty();
            running.modify(sessionId, afterReply, current -> {
                if (next.isPresent()) {
                    if (pending.isEmpty()) {
                        directory.writeAtomically(rollbackFile, NetconfXml.toBytes(current));
                    }
                    directory.writeAtomically(stateFile, next.get().encode().getBytes(StandardCharsets.UTF_8));
                } else if (pending.isPresent()) {
                    clearState();
                }
                return changes.orElse(null);
            });
            candidate.committed();
            logCommit(sessionId, request, pending);
            return next;
        });
    }

    /** Rolls the pending confirmed commit back now (RFC 6241 §8.4.4.1). */
    public void cancel(long sessionId, Optional<String> persistId, AfterReply afterReply)
            throws IOException, NetconfException {
        directory.exclusive(() -> {
            Optional<ConfirmedCommit> pending = expireIfDue();
            if (pending.isEmpty()) {
                throw NetconfException.of(ErrorType.PROTOCOL, ErrorTag.OPERATION_FAILED,
                        "no confirmed commit is pending, so there is nothing to cancel");
            }
            authorize(pending.get(), sessionId, persistId);
            rollBack(pending.get(), "cancel-commit by session " + sessionId, afterReply);
            return null;
        });
    }

    /**
     * Rolls back a confirmed commit whose deadline has passed, or whose issuing session (when it
     * gave no persist) is gone; returns the one still pending. Cheap when none is pending.
     */
    public Optional<ConfirmedCommit> expireIfDue() throws IOException {
        if (!Files.exists(stateFile)) {
            return Optional.empty();
        }
        return directory.exclusive(() -> {
            Optional<ConfirmedCommit> pending = readState();
            if (pending.isEmpty()) {
                return pending;
            }
            ConfirmedCommit commit = pending.get();
            if (!clock.instant().isBefore(commit.deadline())) {
                rollBack(commit, "not confirmed before its deadline " + commit.deadline(), AfterReply.NOW);
                return Optional.empty();
            }
            if (commit.persist().isEmpty() && !sessions.isLive(commit.sessionId())) {
                rollBack(commit, "session " + commit.sessionId() + " ended without confirming it", AfterReply.NOW);
                return Optional.empty();
            }
            return pending;
        });
    }

    /** Session {@code sessionId} ended: a confirmed commit it issued without persist rolls back. */
    public void sessionEnded(long sessionId) throws IOException {
        if (!Files.exists(stateFile)) {
            return;
        }
        directory.exclusive(() -> {
            Optional<ConfirmedCommit> pending = readState();
            if (pending.isPresent() && pending.get().persist().isEmpty() && pending.get().sessionId() == sessionId) {
                rollBack(pending.get(), "session " + sessionId + " ended without confirming it", AfterReply.NOW);
            }
            return null;
        });
    }

    /**
     * Locks running for {@code sessionId}; lock-denied while another session's confirmed commit is
     * pending (RFC 6241 §7.5) or another session holds the lock.
     */
    public void lockRunning(long sessionId) throws IOException, NetconfException {
        directory.exclusive(() -> {
            Optional<ConfirmedCommit> pending = expireIfDue();
            if (pending.isPresent() && pending.get().sessionId() != sessionId) {
                throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.LOCK_DENIED,
                        "a confirmed commit of session " + pending.get().sessionId()
                                + " is pending; running cannot be locked until it is confirmed or rolled back")
                        .withInfo("session-id", Long.toString(pending.get().sessionId())));
            }
            running.lock(sessionId);
            return null;
        });
    }

    /** RFC 6241 §8.4.1: with persist, any session quoting it; without, only the issuing session. */
    private static void authorize(ConfirmedCommit pending, long sessionId, Optional<String> persistId)
            throws NetconfException {
        if (pending.persist().isPresent()) {
            if (persistId.isEmpty()) {
                throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.IN_USE,
                        "a confirmed commit given with <persist> is pending; confirm or cancel it with <persist-id>")
                        .withInfo("session-id", Long.toString(pending.sessionId())));
            }
            if (!pending.persist().get().equals(persistId.get())) {
                throw invalidPersistId("<persist-id> does not match the <persist> of the pending confirmed commit");
            }
        } else {
            if (persistId.isPresent()) {
                throw invalidPersistId("the pending confirmed commit was given without <persist>, "
                        + "so only its session confirms it, without <persist-id>");
            }
            if (pending.sessionId() != sessionId) {
                throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.IN_USE,
                        "a confirmed commit of session " + pending.sessionId()
                                + " is pending; only that session may confirm or cancel it")
                        .withInfo("session-id", Long.toString(pending.sessionId())));
            }
        }
    }

    private void rollBack(ConfirmedCommit commit, String reason, AfterReply afterReply) throws IOException {
        Optional<Element> saved = DataFiles.read(rollbackFile);
        if (saved.isPresent()) {
            try {
                running.modify(RunningDatastore.DEVICE, afterReply, current -> saved.get());
            } catch (NetconfException e) {
                throw new IllegalStateException("the device's own rollback was refused: " + e.getMessage(), e);
            }
            LOG.info("running rolled back to before the confirmed commit of session {}: {}", commit.sessionId(),
                    reason);
        } else {
            LOG.warn("the confirmed commit of session {} ended ({}) but rollback.xml is missing: running is kept",
                    commit.sessionId(), reason);
        }
        clearState();
    }

    private Optional<ConfirmedCommit> readState() throws IOException {
        Optional<String> text = directory.readText(stateFile);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ConfirmedCommit.decode(text.get()));
        } catch (IOException e) {
            LOG.warn("{}; rolling back as if its deadline had passed", e.getMessage());
            return Optional.of(new ConfirmedCommit(Instant.EPOCH, Optional.empty(), RunningDatastore.DEVICE));
        }
    }

    private void clearState() throws IOException {
        Files.deleteIfExists(stateFile);
        Files.deleteIfExists(rollbackFile);
    }

    private static NetconfException invalidPersistId(String message) {
        return new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.INVALID_VALUE, message)
                .withInfo("bad-element", "persist-id"));
    }

    private static void logCommit(long sessionId, CommitRequest request, Optional<ConfirmedCommit> pending) {
        Duration timeout = request.timeout();
        String confirmBy = request.persist().isPresent() ? "any session quoting its persist-id" : "this session";
        if (request.confirmed() && pending.isEmpty()) {
            LOG.info("session {} made a confirmed commit: rolls back in {} s unless confirmed by {}", sessionId,
                    timeout.toSeconds(), confirmBy);
        } else if (request.confirmed()) {
            LOG.info("session {} followed up the confirmed commit of session {}: rolls back in {} s unless "
                    + "confirmed by {}", sessionId, pending.get().sessionId(), timeout.toSeconds(), confirmBy);
        } else if (pending.isPresent()) {
            LOG.info("session {} confirmed the confirmed commit of session {}", sessionId, pending.get().sessionId());
        } else {
            LOG.info("session {} committed the candidate", sessionId);
        }
    }
}
