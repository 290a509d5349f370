package org.callhome.shared.sztp;

import java.util.Objects;
import java.util.Optional;

/**
 * One {@code bootstrap-server} entry of redirect information (RFC 8572 §6.3): where it listens
 * (port 443 when the JSON leaves it out) and, optionally, a {@code trust-anchor}: a degenerate CMS
 * SignedData of the certificates that authenticate its TLS certificate, including a self-signed root
 * ({@link CmsArtifacts#certificatesOnly} reads it). Without a trust anchor the device may not trust
 * that server until its signed data verifies.
 *
 * @param address a host name or an IP address ({@code inet:host}), 1 to {@value #MAX_ADDRESS_CHARS} characters
 */
public record BootstrapServer(String address, int port, Optional<Binary> trustAnchor) {

    public static final int DEFAULT_PORT = 443;
    public static final int MAX_ADDRESS_CHARS = 253;

    public BootstrapServer {
        Objects.requireNonNull(trustAnchor);
        if (address == null || address.isEmpty() || address.length() > MAX_ADDRESS_CHARS) {
            throw new IllegalArgumentException("address must have 1 to " + MAX_ADDRESS_CHARS + " characters");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port (" + port + ") must be in 0..65535");
        }
    }
}
