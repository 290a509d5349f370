package org.callhome.device.devicessh;

import org.callhome.device.accounts.AccountTable;
import org.callhome.shared.config.DeviceSshSettings.Role;

/**
 * The local account a device-ssh-client session runs as, checked against the account table once at
 * start-up: a name that is not an account must be refused, not silently run read-only (which is
 * what {@link AccountTable#roleOf} answers for unknown names).
 */
record BindAccount(String name, Role role) {

    /** @throws IllegalArgumentException when {@code name} is not an account of {@code accounts} */
    static BindAccount resolve(AccountTable accounts, String name) {
        if (!accounts.contains(name)) {
            throw new IllegalArgumentException("bind account '" + name + "' is not a configured account (--account "
                    + name + ":admin|read-only); the NETCONF sessions of device-ssh-client run as that account");
        }
        return new BindAccount(name, accounts.roleOf(name));
    }
}
