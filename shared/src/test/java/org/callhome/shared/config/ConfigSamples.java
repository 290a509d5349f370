package org.callhome.shared.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.x509.CertToName;
import org.callhome.shared.x509.CertToNameEntry;
import org.callhome.shared.x509.MapType;
import org.callhome.shared.x509.TlsFingerprint;

/** Configurations that use every part of the model the device supports. */
final class ConfigSamples {

    private ConfigSamples() {
    }

    /**
     * Two NMSs: one periodic with an anchor over IPv4 and IPv6, one persistent; three accounts; a
     * cert-to-name list of every map type.
     */
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
                        Optional.of(Path.of("/var/lib/callhome/nms.krl")))
                .withClientIdentityMappings(certToName());
        return new DeviceCallHomeConfig(List.of(periodic, persistent), ssh);
    }

    /** A fingerprint of {@code algorithm} whose hash octets are all {@code octet}, as text. */
    static String fingerprint(int algorithm, int octet, int length) {
        StringBuilder text = new StringBuilder(String.format("%02X", algorithm));
        for (int i = 0; i < length; i++) {
            text.append(String.format(":%02X", octet));
        }
        return text.toString();
    }

    /** Every map type, two entries with fingerprints (SHA-256 and SHA-512), mapping required. */
    static CertToName certToName() {
        return new CertToName(List.of(
                CertToNameEntry.specified(10, Optional.of(TlsFingerprint.parse(fingerprint(4, 0xAB, 32))), "netops"),
                CertToNameEntry.derived(20, Optional.of(TlsFingerprint.parse(fingerprint(6, 0x5C, 64))),
                        MapType.SAN_RFC822_NAME),
                CertToNameEntry.derived(30, Optional.empty(), MapType.SAN_DNS_NAME),
                CertToNameEntry.derived(40, Optional.empty(), MapType.SAN_IP_ADDRESS),
                CertToNameEntry.derived(50, Optional.empty(), MapType.SAN_ANY),
                CertToNameEntry.derived(4294967295L, Optional.empty(), MapType.COMMON_NAME)), true);
    }
}
