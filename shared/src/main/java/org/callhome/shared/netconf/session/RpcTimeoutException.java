package org.callhome.shared.netconf.session;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** No rpc-reply arrived in time. The session stays open; a late reply is discarded. */
public final class RpcTimeoutException extends TimeoutException {

    private static final long serialVersionUID = 1L;

    public RpcTimeoutException(String messageId, Duration timeout) {
        super("no rpc-reply to message-id " + messageId + " within " + timeout.toMillis() + " ms");
    }
}
