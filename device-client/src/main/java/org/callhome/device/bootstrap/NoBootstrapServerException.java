package org.callhome.device.bootstrap;

import java.nio.file.Path;

/**
 * The lease file is well formed but names no bootstrap server: it holds no lease, every lease
 * has expired, or the current lease has no option 143. Not a fault of the file: the DHCP server
 * simply did not offer SZTP, and the device may look for its bootstrap servers elsewhere.
 */
public final class NoBootstrapServerException extends LeaseFileException {

    private static final long serialVersionUID = 1L;

    /** @param why what the file holds instead, naming the lease's line when there is one */
    NoBootstrapServerException(Path file, int line, String why) {
        super(file, line, "no bootstrap server in " + file + ": " + why, null);
    }
}
