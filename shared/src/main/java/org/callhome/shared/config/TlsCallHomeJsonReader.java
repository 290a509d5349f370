package org.callhome.shared.config;

import static org.callhome.shared.config.CallHomeJsonReader.build;
import static org.callhome.shared.config.CallHomeJsonReader.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.callhome.shared.x509.CertToName;
import org.callhome.shared.x509.CertToNameEntry;

/**
 * Turns the RFC 7951 JSON tree of {@code ietf-netconf-server:netconf-server/call-home} with
 * {@code tls} endpoints (and the callhome-device-tls additions) into settings. Strict as the SSH
 * reader: a member the device does not implement is an error naming its path, with the reason,
 * and so is a value the device could not honour (TLS heartbeats, a narrower range of TLS versions,
 * TCP keepalive probes at another pace than the idle time).
 */
final class TlsCallHomeJsonReader {

    /** The model's defaults of ietf-tcp-common's keepalives. */
    private static final int TCP_DEFAULT_IDLE_SECONDS = 7200;
    private static final int TCP_DEFAULT_INTERVAL_SECONDS = 75;
    private static final int TCP_DEFAULT_PROBES = 9;

    private final SameEverywhere<DeviceSshSettings> device = new SameEverywhere<>(
            "key, chain, accounts or client-identity-mappings", "the device has one key and chain, one set of"
            + " accounts and one cert-to-name list for all endpoints");

    static DeviceTlsCallHomeConfig read(String source, JsonNode document) throws InvalidConfigException {
        return new TlsCallHomeJsonReader().document(JsonCursor.root(source, document, TlsCallHomeYang.UNSUPPORTED));
    }

    private DeviceTlsCallHomeConfig document(JsonCursor root) throws InvalidConfigException {
        CallHomeJsonReader.Clients clients = CallHomeJsonReader.clients(root, this::client);
        return build(clients.at(), () -> new DeviceTlsCallHomeConfig(clients.clients(), device.value()));
    }

    private CallHomeSettings client(JsonCursor entry) throws InvalidConfigException {
        entry.object("name", "endpoints", "connection-type", "reconnect-strategy");
        String name = entry.required("name").text();
        List<Endpoint> endpoints = new ArrayList<>();
        SameEverywhere<Keepalives> keepalives = new SameEverywhere<>("keepalives",
                "all endpoints of one NMS share them");
        for (JsonCursor endpoint : entry.required("endpoints").object("endpoint").list("endpoint")) {
            JsonCursor tls = endpoint.object("name", "tls").required("tls")
                    .object("tcp-client-parameters", "tls-server-parameters", "netconf-server-parameters");
            JsonCursor tcp = tls.required("tcp-client-parameters");
            endpoints.add(endpoint(endpoint.required("name").text(), tcp));
            DeviceSshSettings endpointDevice = deviceOf(tls);
            Keepalives endpointKeepalives = tcpKeepalives(tcp);
            device.take(endpointDevice, tls);
            keepalives.take(endpointKeepalives, tcp);
        }
        return CallHomeJsonReader.settings(entry, name, endpoints, keepalives.value());
    }

    private static Endpoint endpoint(String name, JsonCursor tcp) throws InvalidConfigException {
        tcp.object("remote-address", "remote-port", "keepalives");
        String host = tcp.required("remote-address").text();
        int portNumber = tcp.integer("remote-port", 0, SettingChecks.MAX_UINT16, Endpoint.DEFAULT_TLS_PORT);
        return build(tcp, () -> new Endpoint(name, host, portNumber));
    }

    /**
     * TCP keepalives (ietf-tcp-common), the device's liveness test in tls mode; the device always
     * runs it, so without the container it runs with its defaults. It probes at the pace of its idle
     * time, so the two must be equal.
     */
    private static Keepalives tcpKeepalives(JsonCursor tcp) throws InvalidConfigException {
        Optional<JsonCursor> alive = tcp.optional("keepalives");
        if (alive.isEmpty()) {
            return Keepalives.DEFAULT;
        }
        JsonCursor node = alive.get().object("idle-time", "max-probes", "probe-interval");
        int idle = node.integer("idle-time", 1, SettingChecks.MAX_UINT16, TCP_DEFAULT_IDLE_SECONDS);
        int interval = node.integer("probe-interval", 1, SettingChecks.MAX_UINT16, TCP_DEFAULT_INTERVAL_SECONDS);
        int probes = node.integer("max-probes", 1, SettingChecks.MAX_UINT8, TCP_DEFAULT_PROBES);
        if (idle != interval) {
            throw node.error("probe-interval (" + interval + " s) differs from idle-time (" + idle + " s): the"
                    + " device probes at the pace of its idle time; give both the same number of seconds (the model's"
                    + " defaults, " + TCP_DEFAULT_IDLE_SECONDS + " and " + TCP_DEFAULT_INTERVAL_SECONDS + ", differ)");
        }
        return build(node, () -> new Keepalives(Duration.ofSeconds(idle), probes));
    }

    /** The device's side of one endpoint: tls-server-parameters and netconf-server-parameters. */
    private static DeviceSshSettings deviceOf(JsonCursor tls) throws InvalidConfigException {
        JsonCursor server = tls.required("tls-server-parameters")
                .object("server-identity", "client-authentication", "hello-params");
        JsonCursor files = server.required("server-identity").object("certificate").required("certificate")
                .object(TlsCallHomeYang.PRIVATE_KEY_FILE, TlsCallHomeYang.CERTIFICATE_CHAIN_FILE);
        Path keyFile = path(files.required(TlsCallHomeYang.PRIVATE_KEY_FILE));
        Path chainFile = path(files.required(TlsCallHomeYang.CERTIFICATE_CHAIN_FILE));
        JsonCursor authentication = server.required("client-authentication")
                .object("ca-certs", TlsCallHomeYang.REVOKED_KEYS_FILE);
        JsonCursor caCerts = authentication.required("ca-certs").object(TlsCallHomeYang.ACCOUNT);
        List<DeviceSshSettings.Account> accounts = new ArrayList<>();
        for (JsonCursor account : caCerts.list(TlsCallHomeYang.ACCOUNT)) {
            accounts.add(account(account));
        }
        Optional<JsonCursor> revokedNode = authentication.optional(TlsCallHomeYang.REVOKED_KEYS_FILE);
        Optional<Path> revoked = revokedNode.isPresent() ? Optional.of(path(revokedNode.get())) : Optional.empty();
        Optional<JsonCursor> hello = server.optional("hello-params");
        if (hello.isPresent()) {
            helloParams(hello.get());
        }
        DeviceSshSettings settings = build(caCerts, () -> new DeviceSshSettings(keyFile, accounts,
                Optional.of(chainFile), revoked));
        Optional<JsonCursor> netconf = tls.optional("netconf-server-parameters");
        if (netconf.isEmpty()) {
            throw tls.error("missing member 'netconf-server-parameters': TLS needs a cert-to-name mapping (RFC 7589"
                    + " section 7); for the device's own rule give client-identity-mappings/cert-to-name [{\"id\": 1,"
                    + " \"map-type\": \"" + TlsCallHomeYang.SIMPLE_RULE + "\"}]");
        }
        CertToName mappings = mappings(netconf.get());
        return build(netconf.get(), () -> settings.withClientIdentityMappings(mappings));
    }

    private static DeviceSshSettings.Account account(JsonCursor account) throws InvalidConfigException {
        account.object("name", "role", "ca-certificates-file");
        String name = account.required("name").text();
        DeviceSshSettings.Role role = DeviceSshSettings.Role.READ_ONLY;
        if (account.has("role")) {
            JsonCursor roleNode = account.required("role");
            String text = roleNode.text();
            role = build(roleNode, () -> DeviceSshSettings.Role.fromWireName(text));
        }
        Optional<JsonCursor> file = account.optional("ca-certificates-file");
        Optional<Path> caFile = file.isPresent() ? Optional.of(path(file.get())) : Optional.empty();
        DeviceSshSettings.Role checkedRole = role;
        return build(account, () -> new DeviceSshSettings.Account(name, checkedRole, caFile));
    }

    /** The versions the device offers, 1.2 and 1.3, are all it can be told; a narrower range is refused. */
    private static void helloParams(JsonCursor hello) throws InvalidConfigException {
        hello.object("tls-versions");
        Optional<JsonCursor> versions = hello.optional("tls-versions");
        if (versions.isEmpty()) {
            return;
        }
        JsonCursor node = versions.get().object("min", "max");
        version(node, "min", TlsCallHomeYang.TLS12);
        version(node, "max", TlsCallHomeYang.TLS13);
    }

    private static void version(JsonCursor versions, String member, String offered) throws InvalidConfigException {
        Optional<JsonCursor> node = versions.optional(member);
        if (node.isEmpty()) {
            return;
        }
        String text = node.get().text();
        if (!text.equals(offered)) {
            throw node.get().error("the device offers TLS 1.2 and 1.3, both, and cannot be limited further: give \""
                    + offered + "\" or leave " + member + " out, got \"" + text + "\"");
        }
    }

    /**
     * {@code client-identity-mappings}: the cert-to-name list, or {@link CertToName#NONE} for the one
     * entry of the device's simple rule, which the model's required list cannot leave out.
     */
    private static CertToName mappings(JsonCursor netconf) throws InvalidConfigException {
        JsonCursor mappings = netconf.object("client-identity-mappings").required("client-identity-mappings")
                .object("cert-to-name");
        List<JsonCursor> list = mappings.list("cert-to-name");
        List<CertToNameEntry> entries = new ArrayList<>();
        for (JsonCursor entry : list) {
            JsonCursor mapType = entry.object("id", "fingerprint", "map-type", "name").required("map-type");
            if (!mapType.text().equals(TlsCallHomeYang.SIMPLE_RULE)) {
                entries.add(CallHomeJsonReader.certToName(entry));
                continue;
            }
            if (list.size() > 1 || entry.has("fingerprint") || entry.has("name")) {
                throw mapType.error(TlsCallHomeYang.SIMPLE_RULE + " is the device's rule when nothing else maps"
                        + " (subject serialNumber, else commonName): give it as the only cert-to-name entry, with id"
                        + " and map-type alone, or map with the identities of ietf-x509-cert-to-name");
            }
            entry.required("id").longInteger(0, CertToNameEntry.MAX_ID);
            return CertToName.NONE;
        }
        return build(mappings, () -> new CertToName(entries, false));
    }
}
