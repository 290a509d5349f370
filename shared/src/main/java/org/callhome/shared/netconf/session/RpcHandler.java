package org.callhome.shared.netconf.session;

import java.util.concurrent.CompletionStage;

/**
 * The operations of a NETCONF server, called by {@link NetconfServerSession} on the session's
 * executor, one RPC at a time in arrival order. A stage that fails with a
 * {@link org.callhome.shared.netconf.message.NetconfException} becomes an rpc-error reply; any
 * other failure becomes operation-failed without the exception's text. {@code close-session} is
 * handled by the session itself.
 */
public interface RpcHandler {

    CompletionStage<Reply> handle(RpcRequest request, NetconfServerSession session);

    /** The session ended (close-session, kill-session, transport closed, protocol error). */
    default void sessionClosed(NetconfServerSession session, String reason) {
    }
}
