package org.callhome.shared.sztp;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code redirect-information} (RFC 8572 §2.1, §6.3): bootstrap servers the device tries next, in
 * order; at least one, each address once (the list's key).
 */
public record RedirectInformation(List<BootstrapServer> bootstrapServers) implements ConveyedInformation {

    /** At most this many servers: a redirect names a few, not a directory. */
    public static final int MAX_SERVERS = 16;

    public RedirectInformation {
        bootstrapServers = List.copyOf(bootstrapServers);
        if (bootstrapServers.isEmpty() || bootstrapServers.size() > MAX_SERVERS) {
            throw new IllegalArgumentException("redirect-information needs 1 to " + MAX_SERVERS
                    + " bootstrap servers, has " + bootstrapServers.size());
        }
        Set<String> addresses = new HashSet<>();
        for (BootstrapServer server : bootstrapServers) {
            if (!addresses.add(server.address())) {
                throw new IllegalArgumentException("bootstrap server address listed twice: " + server.address());
            }
        }
    }
}
