package org.callhome.shared.netconf.session;

import java.io.IOException;

/** An RPC could not complete because its session ended; the message says why. */
public final class SessionClosedException extends IOException {

    private static final long serialVersionUID = 1L;

    public SessionClosedException(String reason) {
        super("NETCONF session closed: " + reason);
    }
}
