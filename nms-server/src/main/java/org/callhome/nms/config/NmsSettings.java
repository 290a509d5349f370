package org.callhome.nms.config;

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
 *
 * @param apiToken the bearer token the HTTP API and metrics require; required unless {@code http}
 *                 is a loopback address
 * @param maxStartups handshakes (TCP accept to authentication) in progress at once per strategy; more
 *                    connections are closed before key exchange and the devices call again
 * @param stateDir where the NMS keeps what it must not forget: the trust store, its host key
 */
public record NmsSettings(Optional<ReverseSsh> reverseSsh, Optional<DeviceSsh> deviceSsh, InetSocketAddress http,
                          Optional<String> apiToken, Duration authTimeout, int maxStartups, Keepalives keepalives,
                          Duration rpcTimeout, NetconfLimits limits, Path stateDir) {

    /** Handshakes in progress at once per strategy, by default. */
    public static final int DEFAULT_MAX_STARTUPS = 64;

    /** Shortest bearer token accepted: guessing it must be out of reach. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public NmsSettings {
        Objects.requireNonNull(reverseSsh, "reverseSsh");
        Objects.requireNonNull(deviceSsh, "deviceSsh");
        if (reverseSsh.isEmpty() && deviceSsh.isEmpty()) {
            throw new IllegalArgumentException("the NMS must serve at least one strategy");
        }
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(apiToken, "apiToken");
        String tokenProblem = apiToken.map(NmsSettings::problemWithToken).orElse(null);
        if (tokenProblem != null) {
            throw new IllegalArgumentException(tokenProblem);
        }
        if (apiToken.isEmpty() && (http.getAddress() == null || !http.getAddress().isLoopbackAddress())) {
            throw new IllegalArgumentException("the HTTP API would listen on " + http.getHostString()
                    + ", which is not a loopback address: give it a bearer token (--api-token-file) first");
        }
        Objects.requireNonNull(authTimeout, "authTimeout");
        if (maxStartups < 1) {
            throw new IllegalArgumentException("max startups must be at least 1, got " + maxStartups);
        }
        Objects.requireNonNull(keepalives, "keepalives");
        Objects.requireNonNull(rpcTimeout, "rpcTimeout");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(stateDir, "stateDir");
    }

    /** Why {@code token} cannot be the API's bearer token, or null if it can. */
    public static String problemWithToken(String token) {
        if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            return "the API token must be at least " + MIN_TOKEN_LENGTH
                    + " printable ASCII characters without spaces";
        }
        return null;
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
