package org.callhome.device.accounts;

import java.io.IOException;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.ssh.AuthorizedKeys;

/**
 * The device's SSH accounts with their keys loaded: who may log in with which key, and in
 * which role. In reverse-ssh these are the NMS's accounts on the device; the SSH username is
 * the NETCONF username.
 */
public final class AccountTable {

    private record Entry(Role role, AuthorizedKeys keys) {
    }

    private final Map<String, Entry> accounts;

    private AccountTable(Map<String, Entry> accounts) {
        this.accounts = accounts;
    }

    /** Reads every account's authorized_keys file; an account without one can never log in. */
    public static AccountTable load(List<Account> accounts) throws IOException {
        Map<String, Entry> loaded = new LinkedHashMap<>();
        for (Account account : accounts) {
            AuthorizedKeys keys = account.authorizedKeysFile().isPresent()
                    ? AuthorizedKeys.load(account.authorizedKeysFile().get()) : AuthorizedKeys.of(List.of());
            loaded.put(account.name(), new Entry(account.role(), keys));
        }
        return new AccountTable(loaded);
    }

    public boolean accepts(String username, PublicKey key) {
        Entry entry = accounts.get(username);
        return entry != null && entry.keys().contains(key);
    }

    public boolean contains(String username) {
        return accounts.containsKey(username);
    }

    /** The role of a user; a name that is not an account gets read-only (it cannot log in anyway). */
    public Role roleOf(String username) {
        Entry entry = accounts.get(username);
        return entry == null ? Role.READ_ONLY : entry.role();
    }

    public boolean isEmpty() {
        return accounts.isEmpty();
    }
}
