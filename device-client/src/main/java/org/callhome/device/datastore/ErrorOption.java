package org.callhome.device.datastore;

import java.util.Optional;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.text.WireNamed;
import org.callhome.shared.text.WireNames;

/**
 * The {@code <error-option>} of {@code <edit-config>} (RFC 6241 §7.2). Because
 * {@link ConfigEditor} always edits a copy, stop-on-error and rollback-on-error behave alike:
 * the first error ends the edit and nothing is applied.
 */
public enum ErrorOption implements WireNamed {
    STOP_ON_ERROR("stop-on-error"),
    CONTINUE_ON_ERROR("continue-on-error"),
    ROLLBACK_ON_ERROR("rollback-on-error");

    private final String wireName;

    ErrorOption(String wireName) {
        this.wireName = wireName;
    }

    @Override
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
        Optional<ErrorOption> option = value == null ? Optional.empty()
                : WireNames.find(ErrorOption.class, value.strip());
        return option.orElseThrow(() -> new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.INVALID_VALUE,
                WireNames.unknown(ErrorOption.class, value, "error-option"))
                .withInfo("bad-element", "error-option")));
    }
}
