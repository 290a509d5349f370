package org.callhome.shared.config;

import static org.callhome.shared.config.CallHomeJsonReader.build;
import static org.callhome.shared.config.CallHomeJsonReader.keepalives;
import static org.callhome.shared.config.CallHomeJsonReader.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.callhome.shared.config.DeviceSshClientSettings.HostKeyFormat;
import org.callhome.shared.config.DeviceSshSettings.Account;

/**
 * Turns the RFC 7951 JSON tree of {@code callhome-device-ssh-client:device-ssh-client} into
 * settings. Strict as {@link CallHomeJsonReader}: a member the device does not implement is an error
 * naming its path. The device logs into one NMS one way, so every endpoint of an NMS must carry the
 * same {@code ssh-client-parameters}.
 */
final class DeviceSshClientJsonReader {

    static final String DEVICE_SSH_CLIENT = "callhome-device-ssh-client:device-ssh-client";

    private static final String KEY_FILES = "name files: client-identity/public-key/private-key-file (and "
            + "certificate-file), server-authentication/ssh-host-keys/known-hosts-file or host-key-file";
    /** Members of the groupings the device leaves out, with what to write instead. */
    static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("inline-definition", "keys written into the file are not supported; " + KEY_FILES),
            Map.entry("central-keystore-reference", "the central keystore is not supported; " + KEY_FILES),
            Map.entry("central-truststore-reference", "the central truststore is not supported; " + KEY_FILES),
            Map.entry("password", "the device logs in with a public key only; give client-identity/public-key"),
            Map.entry("hostbased", "the device logs in with a public key only; give client-identity/public-key"),
            Map.entry("none", "the device logs in with a public key only; give client-identity/public-key"),
            Map.entry("certificate", "give the login's certificate as client-identity/public-key/certificate-file"),
            Map.entry("ca-certs", "trust an NMS CA with an @cert-authority line or PEM CA certificates in "
                    + "ssh-host-keys/known-hosts-file"),
            Map.entry("ee-certs", "pin the NMS's key in ssh-host-keys/host-key-file"),
            Map.entry("transport-params", "the device sets the SSH algorithms itself; remove transport-params"),
            Map.entry("local-address", "binding to a local address is not supported"),
            Map.entry("local-port", "binding to a local port is not supported"),
            Map.entry("proxy-server", "connecting through a proxy is not supported"));

    /** What one endpoint's ssh-client-parameters say; equal for all endpoints of an NMS. */
    private record Login(Optional<String> username, Path identityFile, Optional<Path> certificateFile,
                         Path hostKeyFile, HostKeyFormat hostKeyFormat, Keepalives keepalives) {
    }

    private DeviceSshClientJsonReader() {
    }

    static DeviceSshClientConfig read(String source, JsonNode document) throws InvalidConfigException {
        JsonCursor root = JsonCursor.root(source, document, UNSUPPORTED).object(DEVICE_SSH_CLIENT);
        JsonCursor top = root.required(DEVICE_SSH_CLIENT).object("accounts", "netconf-clients");
        JsonCursor accountsNode = top.required("accounts").object("account");
        List<Account> accounts = new ArrayList<>();
        for (JsonCursor account : accountsNode.list("account")) {
            accounts.add(account(account));
        }
        Set<String> names = accounts.stream().map(Account::name).collect(Collectors.toSet());
        JsonCursor clientsNode = top.required("netconf-clients").object("netconf-client");
        List<DeviceSshClientSettings> clients = new ArrayList<>();
        for (JsonCursor entry : clientsNode.list("netconf-client")) {
            clients.add(client(entry, names));
        }
        return build(top, () -> new DeviceSshClientConfig(clients, accounts));
    }

    private static Account account(JsonCursor node) throws InvalidConfigException {
        node.object("name", "role");
        String name = node.required("name").text();
        DeviceSshSettings.Role role = DeviceSshSettings.Role.READ_ONLY;
        Optional<JsonCursor> roleNode = node.optional("role");
        if (roleNode.isPresent()) {
            String text = roleNode.get().text();
            role = build(roleNode.get(), () -> DeviceSshSettings.Role.fromWireName(text));
        }
        DeviceSshSettings.Role checked = role;
        return build(node, () -> new Account(name, checked, Optional.empty()));
    }

    private static DeviceSshClientSettings client(JsonCursor entry, Set<String> accounts)
            throws InvalidConfigException {
        entry.object("name", "endpoints", "subsystem", "bind-account", "connection-type", "reconnect-strategy");
        String name = entry.required("name").text();
        List<Endpoint> endpoints = new ArrayList<>();
        Login login = null;
        String loginPath = null;
        for (JsonCursor endpoint : entry.required("endpoints").object("endpoint").list("endpoint")) {
            endpoint.object("name", "tcp-client-parameters", "ssh-client-parameters");
            String endpointName = endpoint.required("name").text();
            JsonCursor tcp = endpoint.required("tcp-client-parameters").object("remote-address", "remote-port");
            String host = tcp.required("remote-address").text();
            int port = tcp.required("remote-port").integer(0, SettingChecks.MAX_UINT16);
            endpoints.add(build(tcp, () -> new Endpoint(endpointName, host, port)));
            JsonCursor parameters = endpoint.required("ssh-client-parameters");
            Login here = login(parameters);
            if (login == null) {
                login = here;
                loginPath = parameters.path();
            } else if (!login.equals(here)) {
                throw parameters.error("differs from " + loginPath + "; the device logs into one NMS one way: give "
                        + "all endpoints of an NMS the same client-identity, server-authentication and keepalives");
            }
        }
        String subsystem = DeviceSshClientSettings.DEFAULT_SUBSYSTEM;
        if (entry.has("subsystem")) {
            subsystem = entry.required("subsystem").text();
        }
        JsonCursor bindNode = entry.required("bind-account");
        String bindAccount = bindNode.text();
        if (!accounts.contains(bindAccount)) {
            throw bindNode.error("'" + bindAccount + "' is not one of the accounts " + accounts.stream().sorted()
                    .toList() + " (accounts/account)");
        }
        ConnectionType connectionType = CallHomeJsonReader.connectionType(entry.required("connection-type"));
        Optional<JsonCursor> strategy = entry.optional("reconnect-strategy");
        ReconnectStrategy reconnect = strategy.isPresent()
                ? CallHomeJsonReader.reconnect(strategy.get(), "jitter-fraction") : ReconnectStrategy.DEFAULT;
        double jitter = strategy.isPresent() ? CallHomeJsonReader.jitter(strategy.get(), "jitter-fraction")
                : CallHomeSettings.DEFAULT_JITTER_FRACTION;
        Login shared = login;
        CallHomeSettings callHome = build(entry, () -> new CallHomeSettings(name, endpoints, connectionType,
                reconnect, shared.keepalives(), jitter));
        String checkedSubsystem = subsystem;
        return build(entry, () -> new DeviceSshClientSettings(callHome, shared.username(), shared.identityFile(),
                shared.certificateFile(), shared.hostKeyFile(), shared.hostKeyFormat(), checkedSubsystem,
                bindAccount));
    }

    private static Login login(JsonCursor parameters) throws InvalidConfigException {
        parameters.object("client-identity", "server-authentication", "keepalives");
        JsonCursor identity = parameters.required("client-identity").object("username", "public-key");
        Optional<String> username = Optional.empty();
        if (identity.has("username")) {
            username = Optional.of(identity.required("username").text());
        }
        JsonCursor publicKey = identity.required("public-key").object("private-key-file", "certificate-file");
        Path identityFile = path(publicKey.required("private-key-file"));
        Optional<Path> certificateFile = Optional.empty();
        if (publicKey.has("certificate-file")) {
            certificateFile = Optional.of(path(publicKey.required("certificate-file")));
        }
        JsonCursor hostKeys = parameters.required("server-authentication").object("ssh-host-keys")
                .required("ssh-host-keys").object(HostKeyFormat.KNOWN_HOSTS.member(), HostKeyFormat.HOST_KEY.member());
        boolean knownHosts = hostKeys.has(HostKeyFormat.KNOWN_HOSTS.member());
        if (knownHosts == hostKeys.has(HostKeyFormat.HOST_KEY.member())) {
            throw hostKeys.error("give exactly one of " + HostKeyFormat.KNOWN_HOSTS.member() + " and "
                    + HostKeyFormat.HOST_KEY.member());
        }
        HostKeyFormat format = knownHosts ? HostKeyFormat.KNOWN_HOSTS : HostKeyFormat.HOST_KEY;
        Path hostKeyFile = path(hostKeys.required(format.member()));
        Keepalives keepalives = keepalives(parameters);
        return new Login(username, identityFile, certificateFile, hostKeyFile, format, keepalives);
    }
}
