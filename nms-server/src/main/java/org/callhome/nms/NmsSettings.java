package org.callhome.nms;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.KnownDevices;

/**
 * Everything the NMS runs with, checked and loaded (keys parsed, files read): one listener per
 * strategy it serves (at least one), and what every strategy shares.
 */
public record NmsSettings(Optional<ReverseSsh> reverseSsh, Optional<DeviceSsh> deviceSsh, InetSocketAddress http,
                          Duration authTimeout, Keepalives keepalives, Duration rpcTimeout, NetconfLimits limits,
                          Path stateDir) {

    public NmsSettings {
        Objects.requireNonNull(reverseSsh, "reverseSsh");
        Objects.requireNonNull(deviceSsh, "deviceSsh");
        if (reverseSsh.isEmpty() && deviceSsh.isEmpty()) {
            throw new IllegalArgumentException("the NMS must serve at least one strategy");
        }
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(authTimeout, "authTimeout");
        Objects.requireNonNull(keepalives, "keepalives");
        Objects.requireNonNull(rpcTimeout, "rpcTimeout");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(stateDir, "stateDir");
    }

    /**
     * reverse-ssh (RFC 8071): where devices call home, the trusted device host keys, and the
     * credentials the NMS logs into devices with.
     *
     * @param trustUnknownDevices lab only: accept any device host key
     */
    public record ReverseSsh(InetSocketAddress listen, KnownDevices knownDevices, KeyPair identity, String username,
                             boolean trustUnknownDevices) {
        public ReverseSsh {
            Objects.requireNonNull(listen, "listen");
            Objects.requireNonNull(knownDevices, "knownDevices");
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(username, "username");
        }
    }

    /**
     * device-ssh-client: the NMS's SSH server, its host key, the device accounts (login name = device
     * id, key = the device's login key) and the subsystem devices open.
     */
    public record DeviceSsh(InetSocketAddress listen, KeyPair hostKey, KnownDevices deviceAccounts, String subsystem) {
        public DeviceSsh {
            Objects.requireNonNull(listen, "listen");
            Objects.requireNonNull(hostKey, "hostKey");
            Objects.requireNonNull(deviceAccounts, "deviceAccounts");
            Objects.requireNonNull(subsystem, "subsystem");
        }
    }
}
