package org.callhome.shared.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;

/** Configurations that use every part of the model the device supports. */
final class ConfigSamples {

    private ConfigSamples() {
    }

    /** Two NMSs: one periodic with an anchor over IPv4 and IPv6, one persistent; three accounts. */
    static DeviceCallHomeConfig nonTrivial() {
        CallHomeSettings periodic = new CallHomeSettings("inventory",
                List.of(new Endpoint("east", "192.0.2.10", 4334), new Endpoint("west", "2001:db8::10", 14334)),
                new ConnectionType.Periodic(Duration.ofMinutes(1440),
                        Optional.of(Instant.parse("2026-01-01T00:15:00Z")),
                        Duration.ofSeconds(300)),
                new ReconnectStrategy(StartWith.RANDOM_SELECTION, Duration.ofSeconds(20), 5),
                new Keepalives(Duration.ofSeconds(15), 4), 0.35);
        CallHomeSettings persistent = new CallHomeSettings("operations",
                List.of(Endpoint.parse("noc.example.net")), new ConnectionType.Persistent(),
                new ReconnectStrategy(StartWith.LAST_CONNECTED, Duration.ofSeconds(5), 1),
                Keepalives.DEFAULT, 0);
        DeviceSshSettings ssh = new DeviceSshSettings(Path.of("/var/lib/callhome/host_ecdsa_key"), List.of(
                new Account("netops", Role.ADMIN, Optional.of(Path.of("/var/lib/callhome/netops.keys"))),
                new Account("audit", Role.READ_ONLY, Optional.of(Path.of("keys/audit.keys"))),
                new Account("probe", Role.READ_ONLY, Optional.empty())))
                .withCertificates(Optional.of(Path.of("/var/lib/callhome/host_ecdsa_key-cert.pub")),
                        Optional.of(Path.of("/var/lib/callhome/nms.krl")));
        return new DeviceCallHomeConfig(List.of(periodic, persistent), ssh);
    }
}
