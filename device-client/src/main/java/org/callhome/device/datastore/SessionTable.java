package org.callhome.device.datastore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.callhome.shared.netconf.message.Netconf;

/**
 * The NETCONF sessions of every process using one data folder, so that session-ids are unique
 * across processes, a lock can name its holder, and kill-session reaches a session in another
 * process. Each live session has a record {@code sessions/<id>} with its process; a record whose
 * process is gone is stale and ignored (then removed). A kill request is the file
 * {@code sessions/<id>.kill}, which the owning process polls.
 */
public final class SessionTable {

    /** One session as recorded: who runs it and for which user. */
    public record SessionRecord(long sessionId, ProcessIdentity process, String username) {
        public boolean isAlive() {
            return process.isAlive();
        }
    }

    private final DatastoreDirectory directory;
    private final Path sessions;
    private final Path counter;

    public SessionTable(DatastoreDirectory directory) throws IOException {
        this.directory = directory;
        this.sessions = directory.resolve("sessions");
        this.counter = directory.resolve("session-counter");
        Files.createDirectories(sessions);
    }

    /** Allocates a session-id no live session of any process has, and records it. */
    public long register(String username) throws IOException {
        return directory.exclusive(() -> {
            long last = directory.readText(counter).map(String::strip).filter(s -> !s.isEmpty())
                    .map(Long::parseLong).orElse(0L);
            long id = last;
            do {
                id = id >= Netconf.MAX_SESSION_ID ? 1 : id + 1;
            } while (find(id).filter(SessionRecord::isAlive).isPresent() && id != last);
            directory.writeAtomically(counter, Long.toString(id).getBytes(StandardCharsets.US_ASCII));
            Files.deleteIfExists(killFile(id));
            String record = ProcessIdentity.current().encode() + "\n" + username.replace('\n', ' ') + "\n";
            directory.writeAtomically(recordFile(id), record.getBytes(StandardCharsets.UTF_8));
            return id;
        });
    }

    public void unregister(long sessionId) throws IOException {
        directory.exclusive(() -> {
            Files.deleteIfExists(recordFile(sessionId));
            Files.deleteIfExists(killFile(sessionId));
            return null;
        });
    }

    /** The record of a session, live or stale, if there is one. */
    public Optional<SessionRecord> find(long sessionId) throws IOException {
        Optional<String> text = directory.readText(recordFile(sessionId));
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String[] lines = text.get().split("\n", -1);
        try {
            return Optional.of(new SessionRecord(sessionId, ProcessIdentity.decode(lines[0]),
                    lines.length > 1 ? lines[1] : ""));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public boolean isLive(long sessionId) throws IOException {
        return find(sessionId).filter(SessionRecord::isAlive).isPresent();
    }

    /** Asks the process that owns {@code sessionId} to end it. */
    public void requestKill(long sessionId) throws IOException {
        directory.exclusive(() -> {
            directory.writeAtomically(killFile(sessionId), new byte[0]);
            return null;
        });
    }

    public boolean killRequested(long sessionId) {
        return Files.exists(killFile(sessionId));
    }

    /** Removes records of sessions whose process has ended. */
    public List<Long> removeStale() throws IOException {
        return directory.exclusive(() -> {
            List<Long> removed = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(sessions)) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    long id = Long.parseLong(name);
                    if (find(id).filter(SessionRecord::isAlive).isEmpty()) {
                        Files.deleteIfExists(entry);
                        Files.deleteIfExists(killFile(id));
                        removed.add(id);
                    }
                }
            }
            return removed;
        });
    }

    private Path recordFile(long sessionId) {
        return sessions.resolve(Long.toString(sessionId));
    }

    private Path killFile(long sessionId) {
        return sessions.resolve(sessionId + ".kill");
    }
}
