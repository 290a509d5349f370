package org.callhome.shared.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.callhome.shared.x509.CertToName;
import org.callhome.shared.x509.CertToNameEntry;
import org.callhome.shared.x509.MapType;
import org.callhome.shared.x509.TlsFingerprint;

/**
 * Turns the RFC 7951 JSON tree of {@code ietf-netconf-server:netconf-server/call-home} (with the
 * callhome-device-ssh additions) into settings. Strict: a member the device does not implement is
 * an error naming its path, never ignored, because an ignored key or address would fail only
 * later, on the device, out of sight.
 */
final class CallHomeJsonReader {

    /** What one endpoint's ssh-server-parameters say; equal for all endpoints of a device. */
    private record EndpointSsh(DeviceSshSettings ssh, Keepalives keepalives) {
    }

    private final SameEverywhere<DeviceSshSettings> deviceSsh = new SameEverywhere<>(
            "host key, users or client-identity-mappings", "the device has one host key, one set of accounts and one"
            + " cert-to-name list for all endpoints");

    static DeviceCallHomeConfig read(String source, JsonNode document) throws InvalidConfigException {
        return new CallHomeJsonReader().document(JsonCursor.root(source, document, CallHomeYang.UNSUPPORTED));
    }

    private DeviceCallHomeConfig document(JsonCursor root) throws InvalidConfigException {
        Clients clients = clients(root, this::client);
        return build(clients.at(), () -> new DeviceCallHomeConfig(clients.clients(), deviceSsh.value()));
    }

    /** Reads one NMS entry of the netconf-client list. */
    @FunctionalInterface
    interface ClientReader {
        CallHomeSettings read(JsonCursor entry) throws InvalidConfigException;
    }

    /** The NMSs of a call-home tree, and the cursor of their list (where an error about them all points). */
    record Clients(JsonCursor at, List<CallHomeSettings> clients) {
    }

    /** The netconf-client list of ietf-netconf-server's call-home, each entry read by {@code client}. */
    static Clients clients(JsonCursor root, ClientReader client) throws InvalidConfigException {
        JsonCursor server = root.object(CallHomeYang.NETCONF_SERVER).required(CallHomeYang.NETCONF_SERVER);
        JsonCursor callHome = server.object("call-home").required("call-home").object("netconf-client");
        List<CallHomeSettings> clients = new ArrayList<>();
        for (JsonCursor entry : callHome.list("netconf-client")) {
            clients.add(client.read(entry));
        }
        return new Clients(callHome, clients);
    }

    /**
     * One NMS's settings from its entry, once its endpoints and their shared keepalives are read:
     * its connection type and reconnect strategy (the model's defaults when absent).
     */
    static CallHomeSettings settings(JsonCursor entry, String name, List<Endpoint> endpoints, Keepalives keepalives)
            throws InvalidConfigException {
        ConnectionType connectionType = connectionType(entry.required("connection-type"));
        Optional<JsonCursor> strategy = entry.optional("reconnect-strategy");
        ReconnectStrategy reconnect = strategy.isPresent() ? reconnect(strategy.get()) : ReconnectStrategy.DEFAULT;
        double jitterFraction =
                strategy.isPresent() ? jitter(strategy.get()) : CallHomeSettings.DEFAULT_JITTER_FRACTION;
        return build(entry, () -> new CallHomeSettings(name, endpoints, connectionType, reconnect, keepalives,
                jitterFraction));
    }

    private CallHomeSettings client(JsonCursor entry) throws InvalidConfigException {
        entry.object("name", "endpoints", "connection-type", "reconnect-strategy");
        String name = entry.required("name").text();
        List<Endpoint> endpoints = new ArrayList<>();
        SameEverywhere<Keepalives> keepalives = new SameEverywhere<>("keepalives",
                "all endpoints of one NMS share them");
        for (JsonCursor endpoint : entry.required("endpoints").object("endpoint").list("endpoint")) {
            JsonCursor ssh = endpoint.object("name", "ssh").required("ssh")
                    .object("tcp-client-parameters", "ssh-server-parameters", "netconf-server-parameters");
            endpoints.add(endpoint(endpoint.required("name").text(), ssh.required("tcp-client-parameters")));
            JsonCursor serverParameters = ssh.required("ssh-server-parameters");
            EndpointSsh endpointSsh = sshServer(serverParameters);
            DeviceSshSettings sshSettings = endpointSsh.ssh();
            Optional<JsonCursor> netconfParameters = ssh.optional("netconf-server-parameters");
            if (netconfParameters.isPresent()) {
                CertToName mappings = netconfServer(netconfParameters.get());
                sshSettings = build(netconfParameters.get(), () -> endpointSsh.ssh().withClientIdentityMappings(
                        mappings));
            }
            deviceSsh.take(sshSettings, serverParameters);
            keepalives.take(endpointSsh.keepalives(), serverParameters);
        }
        return settings(entry, name, endpoints, keepalives.value());
    }

    private static Endpoint endpoint(String name, JsonCursor tcp) throws InvalidConfigException {
        tcp.object("remote-address", "remote-port");
        String host = tcp.required("remote-address").text();
        int portNumber = tcp.integer("remote-port", 0, SettingChecks.MAX_UINT16, Endpoint.DEFAULT_PORT);
        return build(tcp, () -> new Endpoint(name, host, portNumber));
    }

    private static EndpointSsh sshServer(JsonCursor parameters) throws InvalidConfigException {
        parameters.object("server-identity", "client-authentication", "keepalives");
        List<JsonCursor> hostKeys = parameters.required("server-identity").object("host-key").list("host-key");
        if (hostKeys.size() > 1) {
            throw hostKeys.get(1).error("the device presents one host key; found " + hostKeys.size());
        }
        JsonCursor hostKey = hostKeys.get(0).object("name", "public-key");
        hostKey.required("name").text();
        JsonCursor publicKey = hostKey.required("public-key").object(CallHomeYang.PRIVATE_KEY_FILE,
                CallHomeYang.HOST_CERTIFICATE_FILE);
        Path hostKeyFile = path(publicKey.required(CallHomeYang.PRIVATE_KEY_FILE));
        Optional<Path> hostCertificateFile = optionalPath(publicKey, CallHomeYang.HOST_CERTIFICATE_FILE);
        List<DeviceSshSettings.Account> accounts = new ArrayList<>();
        JsonCursor authentication = parameters.required("client-authentication").object("users",
                CallHomeYang.REVOKED_KEYS_FILE);
        Optional<Path> revokedKeysFile = optionalPath(authentication, CallHomeYang.REVOKED_KEYS_FILE);
        JsonCursor users = authentication.required("users").object("user");
        for (JsonCursor user : users.list("user")) {
            accounts.add(account(user));
        }
        Keepalives keepalives = keepalives(parameters);
        return build(users, () -> new EndpointSsh(new DeviceSshSettings(hostKeyFile, accounts, hostCertificateFile,
                revokedKeysFile), keepalives));
    }

    /**
     * {@code netconf-server-parameters}: its {@code client-identity-mappings} (RFC 7407 cert-to-name
     * with ietf-netconf-server's {@code mapping-required}), or none.
     */
    private static CertToName netconfServer(JsonCursor parameters) throws InvalidConfigException {
        parameters.object("client-identity-mappings");
        Optional<JsonCursor> mappings = parameters.optional("client-identity-mappings");
        if (mappings.isEmpty()) {
            return CertToName.NONE;
        }
        JsonCursor node = mappings.get().object("cert-to-name", "mapping-required");
        List<CertToNameEntry> entries = new ArrayList<>();
        if (node.has("cert-to-name")) {
            for (JsonCursor entry : node.list("cert-to-name")) {
                entries.add(certToName(entry));
            }
        }
        Optional<JsonCursor> required = node.optional("mapping-required");
        boolean mappingRequired = required.isPresent() && required.get().bool();
        return build(node, () -> new CertToName(entries, mappingRequired));
    }

    static CertToNameEntry certToName(JsonCursor entry) throws InvalidConfigException {
        entry.object("id", "fingerprint", "map-type", "name");
        long id = entry.required("id").longInteger(0, CertToNameEntry.MAX_ID);
        Optional<TlsFingerprint> fingerprint = Optional.empty();
        Optional<JsonCursor> fingerprintNode = entry.optional("fingerprint");
        if (fingerprintNode.isPresent()) {
            String text = fingerprintNode.get().text();
            fingerprint = Optional.of(build(fingerprintNode.get(), () -> TlsFingerprint.parse(text)));
        }
        JsonCursor mapTypeNode = entry.required("map-type");
        String mapTypeText = mapTypeNode.text();
        String prefix = MapType.MODULE + ":";
        if (!mapTypeText.startsWith(prefix)) {
            throw mapTypeNode.error("expected an identity of " + MapType.MODULE + " with its module, such as \""
                    + prefix + MapType.SAN_DNS_NAME.wireName() + "\" (RFC 7951 section 6.8), got \"" + mapTypeText
                    + "\"");
        }
        MapType mapType = build(mapTypeNode, () -> MapType.fromWireName(mapTypeText.substring(prefix.length())));
        Optional<String> name = Optional.empty();
        if (entry.has("name")) {
            name = Optional.of(entry.required("name").text());
        }
        Optional<TlsFingerprint> checkedFingerprint = fingerprint;
        Optional<String> checkedName = name;
        return build(entry, () -> new CertToNameEntry(id, checkedFingerprint, mapType, checkedName));
    }

    private static Optional<Path> optionalPath(JsonCursor parent, String member) throws InvalidConfigException {
        Optional<JsonCursor> node = parent.optional(member);
        return node.isPresent() ? Optional.of(path(node.get())) : Optional.empty();
    }

    private static DeviceSshSettings.Account account(JsonCursor user) throws InvalidConfigException {
        user.object("name", "public-keys", CallHomeYang.ROLE);
        String name = user.required("name").text();
        DeviceSshSettings.Role role = DeviceSshSettings.Role.READ_ONLY;
        if (user.has(CallHomeYang.ROLE)) {
            JsonCursor roleNode = user.required(CallHomeYang.ROLE);
            String text = roleNode.text();
            role = build(roleNode, () -> DeviceSshSettings.Role.fromWireName(text));
        }
        Optional<Path> keys = Optional.empty();
        Optional<JsonCursor> publicKeys = user.optional("public-keys");
        if (publicKeys.isPresent()) {
            JsonCursor file = publicKeys.get().object(CallHomeYang.AUTHORIZED_KEYS_FILE)
                    .required(CallHomeYang.AUTHORIZED_KEYS_FILE);
            keys = Optional.of(path(file));
        }
        DeviceSshSettings.Role checkedRole = role;
        Optional<Path> checkedKeys = keys;
        return build(user, () -> new DeviceSshSettings.Account(name, checkedRole, checkedKeys));
    }

    static ConnectionType connectionType(JsonCursor node) throws InvalidConfigException {
        node.object("persistent", "periodic");
        if (node.has("persistent") == node.has("periodic")) {
            throw node.error("give exactly one of 'persistent' and 'periodic'");
        }
        if (node.has("persistent")) {
            node.required("persistent").emptyObject();
            return new ConnectionType.Persistent();
        }
        JsonCursor periodic = node.required("periodic").object("period", "anchor-time", "idle-timeout");
        ConnectionType.Periodic result = ConnectionType.Periodic.DEFAULT;
        if (periodic.has("period")) {
            JsonCursor period = periodic.required("period");
            int minutes = period.integer(0, SettingChecks.MAX_UINT16);
            result = build(period, () -> ConnectionType.Periodic.DEFAULT.withPeriod(Duration.ofMinutes(minutes)));
        }
        if (periodic.has("anchor-time")) {
            result = result.withAnchorTime(anchorTime(periodic.required("anchor-time")));
        }
        if (periodic.has("idle-timeout")) {
            JsonCursor idle = periodic.required("idle-timeout");
            int seconds = idle.integer(0, SettingChecks.MAX_UINT16);
            if (seconds == 0) {
                throw idle.error("0 (never drop an idle session) is not supported: give a number of seconds,"
                        + " or leave it out for " + ConnectionType.Periodic.DEFAULT_IDLE_TIMEOUT_SECONDS);
            }
            result = result.withIdleTimeout(Duration.ofSeconds(seconds));
        }
        return result;
    }

    private static Instant anchorTime(JsonCursor node) throws InvalidConfigException {
        String text = node.text();
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw node.error("expected a date-and-time such as 2026-01-01T00:15:00Z, got \"" + text + "\"");
        }
        if (time.getSecond() != 0 || time.getNano() != 0) {
            throw node.error("must be on a whole minute (seconds :00), got \"" + text + "\"");
        }
        return time.toInstant();
    }

    private static ReconnectStrategy reconnect(JsonCursor node) throws InvalidConfigException {
        return reconnect(node, CallHomeYang.JITTER_FRACTION);
    }

    /** {@code reconnect-strategy}, whose jitter fraction is the member {@code jitterMember}. */
    static ReconnectStrategy reconnect(JsonCursor node, String jitterMember) throws InvalidConfigException {
        node.object("start-with", "max-wait", "max-attempts", jitterMember);
        StartWith startWith = ReconnectStrategy.DEFAULT.startWith();
        if (node.has("start-with")) {
            JsonCursor start = node.required("start-with");
            String text = start.text();
            startWith = build(start, () -> StartWith.fromWireName(text));
        }
        int maxWait = node.integer("max-wait", 1, SettingChecks.MAX_UINT16, ReconnectStrategy.DEFAULT_MAX_WAIT_SECONDS);
        int maxAttempts = node.integer("max-attempts", 1, SettingChecks.MAX_UINT8,
                ReconnectStrategy.DEFAULT_MAX_ATTEMPTS);
        return new ReconnectStrategy(startWith, Duration.ofSeconds(maxWait), maxAttempts);
    }

    /** decimal64 is a JSON string in RFC 7951 (section 6.1), so that no digit is lost. */
    private static double jitter(JsonCursor strategy) throws InvalidConfigException {
        return jitter(strategy, CallHomeYang.JITTER_FRACTION);
    }

    static double jitter(JsonCursor strategy, String jitterMember) throws InvalidConfigException {
        Optional<JsonCursor> member = strategy.optional(jitterMember);
        if (member.isEmpty()) {
            return CallHomeSettings.DEFAULT_JITTER_FRACTION;
        }
        JsonCursor node = member.get();
        String text = node.text();
        try {
            BigDecimal value = new BigDecimal(text);
            if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(CallHomeSettings.MAX_JITTER_FRACTION)) > 0
                    || value.stripTrailingZeros().scale() > CallHomeSettings.JITTER_FRACTION_DIGITS) {
                throw node.error("must be a decimal in 0..0.5 with at most two decimals, got \"" + text + "\"");
            }
            return value.doubleValue();
        } catch (NumberFormatException e) {
            throw node.error("expected a decimal number such as \"0.2\", got \"" + text + "\"");
        }
    }

    /** The SSH keepalives of a {@code *-parameters} node (ietf-ssh-common), or the defaults without any. */
    static Keepalives keepalives(JsonCursor parameters) throws InvalidConfigException {
        Optional<JsonCursor> alive = parameters.optional("keepalives");
        if (alive.isEmpty()) {
            return Keepalives.DEFAULT;
        }
        JsonCursor node = alive.get().object("max-wait", "max-attempts");
        int maxWait = node.integer("max-wait", 1, SettingChecks.MAX_UINT16, Keepalives.DEFAULT_MAX_WAIT_SECONDS);
        int maxAttempts = node.integer("max-attempts", 0, SettingChecks.MAX_UINT8, Keepalives.DEFAULT_MAX_ATTEMPTS);
        return build(node, () -> new Keepalives(Duration.ofSeconds(maxWait), maxAttempts));
    }

    static Path path(JsonCursor node) throws InvalidConfigException {
        String text = node.text();
        if (text.isEmpty()) {
            throw node.error("must not be empty");
        }
        return build(node, () -> Path.of(text));
    }

    /** Runs a record's own checks and reports what they refuse at the node it came from. */
    static <T> T build(JsonCursor at, Supplier<T> make) throws InvalidConfigException {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw at.error(e.getMessage());
        }
    }
}
