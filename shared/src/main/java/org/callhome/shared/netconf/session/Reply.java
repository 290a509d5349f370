package org.callhome.shared.netconf.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.callhome.shared.netconf.message.RpcError;
import org.w3c.dom.Node;

/**
 * What a server-side handler answers to one RPC: elements for the {@code <rpc-reply>} (such as a
 * {@code <data>} element), or rpc-errors (for example the partial failures of
 * continue-on-error), or neither, which the session sends as {@code <ok/>}. The session adds the
 * rpc-reply element and echoes the rpc's attributes.
 *
 * @param afterSent run by the session once the reply has been handed to the transport (or the
 *                  session has ended first), on the session's executor: work the RPC caused that
 *                  must not overtake its reply, such as closing the connection that carries it
 */
public record Reply(List<Node> content, List<RpcError> errors, List<Runnable> afterSent) {

    private static final Reply OK = new Reply(List.of(), List.of());

    public Reply {
        content = List.copyOf(content);
        errors = List.copyOf(errors);
        afterSent = List.copyOf(afterSent);
    }

    /** A reply with nothing to run after it. */
    public Reply(List<Node> content, List<RpcError> errors) {
        this(content, errors, List.of());
    }

    public static Reply ok() {
        return OK;
    }

    public static Reply content(Node... nodes) {
        return new Reply(List.of(nodes), List.of());
    }

    public static Reply errors(List<RpcError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an error reply needs at least one rpc-error");
        }
        return new Reply(List.of(), errors);
    }

    /** The same reply, running {@code actions} once it was sent. */
    public Reply withAfterSent(List<Runnable> actions) {
        Objects.requireNonNull(actions, "actions");
        if (actions.isEmpty()) {
            return this;
        }
        List<Runnable> all = new ArrayList<>(afterSent);
        all.addAll(actions);
        return new Reply(content, errors, all);
    }

    public boolean isOk() {
        return content.isEmpty() && errors.isEmpty();
    }
}
