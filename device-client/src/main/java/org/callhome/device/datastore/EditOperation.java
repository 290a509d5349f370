package org.callhome.device.datastore;

import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.text.WireNamed;
import org.callhome.shared.text.WireNames;

/**
 * The operations of {@code <edit-config>} (RFC 6241 §7.2): the values of the {@code operation}
 * attribute and of the {@code <default-operation>} parameter. {@link #NONE} is only valid as
 * default-operation; merge, replace and none are the only valid default-operations.
 */
public enum EditOperation implements WireNamed {
    MERGE("merge"),
    REPLACE("replace"),
    CREATE("create"),
    DELETE("delete"),
    REMOVE("remove"),
    NONE("none");

    private final String wireName;

    EditOperation(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /**
     * The operation with this wire name (surrounding whitespace ignored).
     *
     * @throws NetconfException {@code bad-attribute} (error-type protocol, error-info
     *                          {@code bad-attribute} = operation) for an unknown name; a caller
     *                          that knows the element adds {@code bad-element} itself
     */
    public static EditOperation fromWire(String value) throws NetconfException {
        EditOperation operation = lookup(value);
        if (operation == null) {
            throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.BAD_ATTRIBUTE,
                    WireNames.unknown(EditOperation.class, value, "edit operation"))
                    .withInfo("bad-attribute", "operation"));
        }
        return operation;
    }

    /** True for the three operations RFC 6241 allows as {@code <default-operation>}. */
    public boolean isDefaultOperation() {
        return this == MERGE || this == REPLACE || this == NONE;
    }

    /** The operation with this wire name, or null. */
    static EditOperation lookup(String value) {
        return value == null ? null : WireNames.find(EditOperation.class, value.strip()).orElse(null);
    }
}
