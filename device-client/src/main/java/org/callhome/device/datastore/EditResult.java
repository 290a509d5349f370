package org.callhome.device.datastore;

import java.util.List;
import java.util.Objects;
import org.callhome.shared.netconf.message.RpcError;
import org.w3c.dom.Element;

/**
 * The outcome of {@link ConfigEditor#apply}.
 *
 * @param data    the new datastore content: a {@code <data>} element in a document of its own
 * @param errors  the errors of a continue-on-error edit, in the order they were found; empty
 *                otherwise (stop-on-error and rollback-on-error throw instead)
 * @param changed false when {@code data} holds the same configuration as the input
 */
public record EditResult(Element data, List<RpcError> errors, boolean changed) {

    public EditResult {
        Objects.requireNonNull(data, "data");
        errors = List.copyOf(errors);
    }
}
