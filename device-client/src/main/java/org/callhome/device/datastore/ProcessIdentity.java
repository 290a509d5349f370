package org.callhome.device.datastore;

import java.time.Instant;
import java.util.Optional;

/**
 * A process as recorded in the data folder: its pid plus its start time, so that a reused pid
 * is not mistaken for the process that wrote the record.
 */
public record ProcessIdentity(long pid, long startMillis) {

    private static final ProcessIdentity CURRENT = of(ProcessHandle.current());

    public static ProcessIdentity current() {
        return CURRENT;
    }

    static ProcessIdentity of(ProcessHandle handle) {
        long start = handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return new ProcessIdentity(handle.pid(), start);
    }

    /** True while the process that wrote this record still runs. */
    public boolean isAlive() {
        if (pid == CURRENT.pid) {
            return startMillis == CURRENT.startMillis;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        return handle.isPresent() && handle.get().isAlive() && of(handle.get()).startMillis == startMillis;
    }

    public boolean isCurrent() {
        return equals(CURRENT);
    }

    String encode() {
        return pid + " " + startMillis;
    }

    static ProcessIdentity decode(String text) {
        String[] parts = text.strip().split(" ");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a process record: '" + text + "'");
        }
        return new ProcessIdentity(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }
}
