package org.callhome.device.callhome;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

/** A call-home connection as the dialer sees it: something that ends, and can be ended. */
public interface Connection {

    /**
     * Completes once the connection has ended, whoever ended it (also after {@link #close()}).
     * Normal completion, with a reason for the logs, means an orderly end, such as the NMS's
     * close-session; exceptional completion means the connection broke, and a periodic dialer
     * then reconnects at once instead of waiting for the next period, as ietf-netconf-server asks.
     */
    CompletionStage<String> closed();

    /** Ends the connection; may be called from any thread, more than once. */
    void close();

    /**
     * When data last went either way; a periodic dialer closes a connection idle for longer than
     * the idle timeout. The default never reports idleness.
     */
    default Instant lastActivity() {
        return Instant.now();
    }
}
