package org.callhome.shared.netconf.message;

import java.util.List;

/**
 * The one exception family of the NETCONF layer: it carries the {@code <rpc-error>}s to send
 * (at least one). {@code netconf.xml.RpcReplies} is the one place that turns it into XML.
 */
public class NetconfException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<RpcError> errors;

    public NetconfException(RpcError error) {
        this(List.of(error));
    }

    public NetconfException(List<RpcError> errors) {
        super(describe(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a NetconfException needs at least one rpc-error");
        }
        this.errors = List.copyOf(errors);
    }

    public static NetconfException of(ErrorType type, ErrorTag tag, String message) {
        return new NetconfException(RpcError.of(type, tag, message));
    }

    public List<RpcError> errors() {
        return errors;
    }

    /** The first error, which decides how callers summarise the failure. */
    public RpcError error() {
        return errors.get(0);
    }

    private static String describe(List<RpcError> errors) {
        if (errors.isEmpty()) {
            return "no error";
        }
        RpcError first = errors.get(0);
        String text = first.tag().wireName() + " (" + first.type().wireName() + ")"
                + (first.message() == null ? "" : ": " + first.message());
        return errors.size() == 1 ? text : text + " and " + (errors.size() - 1) + " more";
    }
}
