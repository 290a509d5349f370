package org.callhome.device.datastore;

import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;

/**
 * The {@code <error-option>} of {@code <edit-config>} (RFC 6241 §7.2). Because
 * {@link ConfigEditor} always edits a copy, stop-on-error and rollback-on-error behave alike:
 * the first error ends the edit and nothing is applied.
 */
public enum ErrorOption {
    STOP_ON_ERROR("stop-on-error"),
    CONTINUE_ON_ERROR("continue-on-error"),
    ROLLBACK_ON_ERROR("rollback-on-error");

    private final String wireName;

    ErrorOption(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * The option with this wire name (surrounding whitespace ignored).
     *
     * @throws NetconfException {@code invalid-value} (error-type protocol, error-info
     *                          {@code bad-element} = error-option) for an unknown name
     */
    public static ErrorOption fromWire(String value) throws NetconfException {
        if (value != null) {
            String name = value.strip();
            for (ErrorOption option : values()) {
                if (option.wireName.equals(name)) {
                    return option;
                }
            }
        }
        throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.INVALID_VALUE,
                        "unknown error-option '" + value + "': expected stop-on-error, continue-on-error"
                                + " or rollback-on-error")
                .withInfo("bad-element", "error-option"));
    }
}
