package org.callhome.shared.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.callhome.shared.config.DeviceSshSettings.Account;

/**
 * A device's whole device-ssh-client configuration ({@code callhome-device-ssh-client:device-ssh-client}):
 * the NMSs it logs into, and its account table, which every NMS's bind account names an entry of.
 *
 * @param clients  the netconf-client entries, at least one, names unique
 * @param accounts the device's NETCONF usernames and roles, names unique; they carry no keys, as
 *                 nobody logs into the device in this strategy
 */
public record DeviceSshClientConfig(List<DeviceSshClientSettings> clients, List<Account> accounts) {

    public DeviceSshClientConfig {
        clients = List.copyOf(Objects.requireNonNull(clients, "clients"));
        accounts = List.copyOf(Objects.requireNonNull(accounts, "accounts"));
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("at least one NMS (netconf-client) is needed");
        }
        Set<String> names = new HashSet<>();
        for (DeviceSshClientSettings client : clients) {
            if (!names.add(client.callHome().name())) {
                throw new IllegalArgumentException("NMS name '" + client.callHome().name()
                        + "' appears more than once");
            }
        }
        Set<String> accountNames = new HashSet<>();
        for (Account account : accounts) {
            if (!accountNames.add(account.name())) {
                throw new IllegalArgumentException("account '" + account.name() + "' appears more than once");
            }
            if (account.authorizedKeysFile().isPresent()) {
                throw new IllegalArgumentException("account '" + account.name() + "': nobody logs into the device "
                        + "in device-ssh-client, so an account has no authorized keys");
            }
        }
        for (DeviceSshClientSettings client : clients) {
            if (!accountNames.contains(client.bindAccount())) {
                throw new IllegalArgumentException("NMS '" + client.callHome().name() + "': bind account '"
                        + client.bindAccount() + "' is not one of the accounts " + accountNames.stream().sorted()
                        .toList());
            }
        }
    }
}
