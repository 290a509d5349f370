package org.callhome.shared.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A device's whole call-home configuration file: the NMSs it calls, each dialed on its own, and
 * the SSH identity and accounts it offers all of them.
 *
 * @param clients the netconf-client entries, at least one (the model's min-elements), names unique
 * @param ssh     host key and accounts
 */
public record DeviceCallHomeConfig(List<CallHomeSettings> clients, DeviceSshSettings ssh) {

    public DeviceCallHomeConfig {
        clients = List.copyOf(Objects.requireNonNull(clients, "clients"));
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("at least one NMS (netconf-client) is needed");
        }
        Set<String> names = new HashSet<>();
        for (CallHomeSettings client : clients) {
            if (!names.add(client.name())) {
                throw new IllegalArgumentException("NMS name '" + client.name() + "' appears more than once");
            }
        }
        Objects.requireNonNull(ssh, "ssh");
    }
}
