package org.callhome.device.bootstrap;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A dhclient lease file that cannot be read for bootstrap servers: too big, not in dhclient's
 * syntax, or its current lease carries an option 143 that cannot be used (then the cause is the
 * {@link RedirectOptionException}). The message names the file and, where there is one, the line.
 */
public sealed class LeaseFileException extends IOException permits NoBootstrapServerException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    LeaseFileException(Path file, int line, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.line = line;
    }

    /** "FILE line N: problem", or "FILE: problem" for line 0. */
    static LeaseFileException at(Path file, int line, String problem, Throwable cause) {
        return new LeaseFileException(file, line, file + (line > 0 ? " line " + line : "") + ": " + problem, cause);
    }

    static LeaseFileException at(Path file, int line, String problem) {
        return at(file, line, problem, null);
    }

    public Path file() {
        return file;
    }

    /** The line (from 1) the problem is on, or 0 when it is about the file as a whole. */
    public int line() {
        return line;
    }
}
