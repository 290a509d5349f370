package org.callhome.device.callhome;

import org.callhome.shared.config.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what the dialer does and passes it on to the listener, so that a failing listener cannot
 * stop the dialer. Runs on the dialer's serial executor.
 */
final class DialerEvents {

    private static final Logger LOG = LoggerFactory.getLogger(CallHomeDialer.class);

    private final String nms;
    private final DialerListener listener;

    DialerEvents(String nms, DialerListener listener) {
        this.nms = nms;
        this.listener = listener;
    }

    void attempt(Endpoint endpoint, int attemptOnEndpoint) {
        LOG.debug("calling NMS '{}' at {}, attempt {} on this endpoint", nms, endpoint.hostPort(), attemptOnEndpoint);
        guarded(() -> listener.attempt(endpoint, attemptOnEndpoint));
    }

    void connected(Endpoint endpoint) {
        LOG.info("connected to NMS '{}' at {}", nms, endpoint.hostPort());
        guarded(() -> listener.connected(endpoint));
    }

    void failed(Endpoint endpoint, Throwable why, long nextAttemptMillis) {
        LOG.info("call home to NMS '{}' at {} failed ({}); next attempt in {} ms", nms, endpoint.hostPort(), why,
                nextAttemptMillis);
        guarded(() -> listener.failed(endpoint, why));
    }

    void disconnected(Endpoint endpoint, String reason) {
        LOG.info("connection to NMS '{}' at {} ended ({})", nms, endpoint.hostPort(), reason);
        guarded(() -> listener.disconnected(endpoint, reason));
    }

    void lateConnectionClosed(Endpoint endpoint) {
        LOG.debug("closed a connection to NMS '{}' at {} that came after its attempt ended", nms, endpoint.hostPort());
    }

    private static void guarded(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.warn("dialer listener failed", e);
        }
    }
}
