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

/** TLS configurations: one with every part of the model the device supports, one as simple as can be. */
final class TlsConfigSamples {

    private TlsConfigSamples() {
    }

    /** One NMS at one address, one account, the simple naming rule, the model's defaults. */
    static DeviceTlsCallHomeConfig simple() {
        CallHomeSettings nms = CallHomeSettings.defaults("nms", List.of(Endpoint.parse("192.0.2.1", 4335)));
        return new DeviceTlsCallHomeConfig(List.of(nms), device(List.of(new Account("nms", Role.ADMIN,
                Optional.of(Path.of("/etc/callhome/nms-ca.pem"))))));
    }

    /**
     * Two NMSs: one periodic with an anchor over IPv4 and IPv6, one persistent; three accounts, one
     * without a CA file; a revocation list; cert-to-name of every map type.
     */
    static DeviceTlsCallHomeConfig nonTrivial() {
        CallHomeSettings periodic = new CallHomeSettings("inventory",
                List.of(new Endpoint("east", "192.0.2.10", 4335), new Endpoint("west", "2001:db8::10", 14335)),
                new ConnectionType.Periodic(Duration.ofMinutes(1440),
                        Optional.of(Instant.parse("2026-01-01T00:15:00Z")), Duration.ofSeconds(300)),
                new ReconnectStrategy(StartWith.RANDOM_SELECTION, Duration.ofSeconds(20), 5),
                new Keepalives(Duration.ofSeconds(15), 4), 0.35);
        CallHomeSettings persistent = new CallHomeSettings("operations",
                List.of(Endpoint.parse("noc.example.net", 4335)), new ConnectionType.Persistent(),
                new ReconnectStrategy(StartWith.LAST_CONNECTED, Duration.ofSeconds(5), 1), Keepalives.DEFAULT, 0);
        DeviceSshSettings device = device(List.of(
                new Account("netops", Role.ADMIN, Optional.of(Path.of("/etc/callhome/netops-ca.pem"))),
                new Account("audit", Role.READ_ONLY, Optional.of(Path.of("cas/audit-ca.pem"))),
                new Account("probe", Role.READ_ONLY, Optional.empty())))
                .withCertificates(Optional.of(Path.of("/etc/callhome/device-chain.pem")),
                        Optional.of(Path.of("/etc/callhome/nms-revoked.pem")))
                .withClientIdentityMappings(new CertToName(List.of(
                        CertToNameEntry.specified(10, Optional.of(TlsFingerprint.parse(
                                ConfigSamples.fingerprint(4, 0xAB, 32))), "netops"),
                        CertToNameEntry.derived(20, Optional.of(TlsFingerprint.parse(
                                ConfigSamples.fingerprint(6, 0x5C, 64))), MapType.SAN_RFC822_NAME),
                        CertToNameEntry.derived(30, Optional.empty(), MapType.SAN_DNS_NAME),
                        CertToNameEntry.derived(40, Optional.empty(), MapType.SAN_IP_ADDRESS),
                        CertToNameEntry.derived(50, Optional.empty(), MapType.SAN_ANY),
                        CertToNameEntry.derived(4294967295L, Optional.empty(), MapType.COMMON_NAME)), false));
        return new DeviceTlsCallHomeConfig(List.of(periodic, persistent), device);
    }

    private static DeviceSshSettings device(List<Account> accounts) {
        return new DeviceSshSettings(Path.of("/etc/callhome/device-key.pem"), accounts,
                Optional.of(Path.of("/etc/callhome/device-chain.pem")), Optional.empty());
    }
}
