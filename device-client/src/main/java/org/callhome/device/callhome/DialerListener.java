package org.callhome.device.callhome;

import org.callhome.shared.config.Endpoint;

/**
 * What the dialer reports, for logs, metrics and tests. Called on the dialer's scheduler; must
 * return quickly and never block. An exception thrown here is logged and otherwise ignored.
 */
public interface DialerListener {

    /** An attempt starts; {@code attemptOnEndpoint} counts from 1 in each round on the endpoint. */
    default void attempt(Endpoint endpoint, int attemptOnEndpoint) {
    }

    default void connected(Endpoint endpoint) {
    }

    /**
     * An attempt failed: refused, unreachable, or not connected within max-wait (then {@code why}
     * is a {@link java.util.concurrent.TimeoutException}).
     */
    default void failed(Endpoint endpoint, Throwable why) {
    }

    default void disconnected(Endpoint endpoint, String reason) {
    }
}
