package org.callhome.shared.netconf.session;

import java.util.List;
import org.callhome.shared.netconf.message.RpcError;
import org.w3c.dom.Node;

/**
 * What a server-side handler answers to one RPC: elements for the {@code <rpc-reply>} (such as a
 * {@code <data>} element), or rpc-errors (for example the partial failures of
 * continue-on-error), or neither, which the session sends as {@code <ok/>}. The session adds the
 * rpc-reply element and echoes the rpc's attributes.
 */
public record Reply(List<Node> content, List<RpcError> errors) {

    private static final Reply OK = new Reply(List.of(), List.of());

    public Reply {
        content = List.copyOf(content);
        errors = List.copyOf(errors);
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

    public boolean isOk() {
        return content.isEmpty() && errors.isEmpty();
    }
}
