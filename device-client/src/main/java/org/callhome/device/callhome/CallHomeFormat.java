package org.callhome.device.callhome;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.callhome.shared.config.CallHomeJson;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.DeviceCallHomeConfig;
import org.callhome.shared.config.DeviceSshClientConfig;
import org.callhome.shared.config.DeviceSshClientJson;
import org.callhome.shared.config.DeviceSshClientSettings;
import org.callhome.shared.config.DeviceSshClientSettings.HostKeyFormat;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceTlsCallHomeConfig;
import org.callhome.shared.config.InvalidConfigException;
import org.callhome.shared.config.TlsCallHomeJson;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * How a strategy's call-home configuration reads and writes as RFC 7951 JSON: the strategy's own
 * reader and writer in shared's config package, the only place that says what the tree means, and
 * the top container the tree has in running. reverse-ssh has ssh endpoints and tls has tls
 * endpoints of ietf-netconf-server's {@code netconf-server}; device-ssh-client has the project's
 * {@code callhome-device-ssh-client:device-ssh-client}.
 */
public enum CallHomeFormat {

    /** ssh endpoints with the callhome-device-ssh additions. */
    REVERSE_SSH(CallHomeTree.NAMESPACE, CallHomeTree.ROOT, CallHomeFormat.NETCONF_CLIENT) {
        @Override
        public String write(Config config) {
            return CallHomeJson.write(new DeviceCallHomeConfig(List.of(config.callHome()), config.ssh()));
        }

        @Override
        public Config read(String json, String source) throws InvalidConfigException {
            DeviceCallHomeConfig parsed = CallHomeJson.parse(json, source);
            return new Config(one(parsed.clients(), source, path()), parsed.ssh());
        }
    },

    /** tls endpoints with the callhome-device-tls additions. */
    TLS(CallHomeTree.NAMESPACE, CallHomeTree.ROOT, CallHomeFormat.NETCONF_CLIENT) {
        @Override
        public String write(Config config) {
            return TlsCallHomeJson.write(new DeviceTlsCallHomeConfig(List.of(config.callHome()), config.ssh()));
        }

        @Override
        public Config read(String json, String source) throws InvalidConfigException {
            DeviceTlsCallHomeConfig parsed = TlsCallHomeJson.parse(json, source);
            return new Config(one(parsed.clients(), source, path()), parsed.device());
        }
    },

    /**
     * callhome-device-ssh-client: the NMS the device logs into, its login there (repeated in every
     * endpoint, where the model keeps it) and the account table.
     */
    DEVICE_SSH_CLIENT(CallHomeFormat.DEVICE_SSH_CLIENT_NAMESPACE, "device-ssh-client",
            CallHomeFormat.DEVICE_SSH_CLIENT_CLIENT) {
        @Override
        public String write(Config config) {
            Login login = config.login().orElseThrow(() -> new IllegalArgumentException("device-ssh-client"
                    + " needs the device's login on the NMS"));
            // nobody logs into the device in this strategy: its accounts carry no keys
            List<Account> accounts = config.ssh().accounts().stream()
                    .map(account -> new Account(account.name(), account.role(), Optional.empty())).toList();
            return DeviceSshClientJson.write(new DeviceSshClientConfig(List.of(login.settings(config.callHome())),
                    accounts));
        }

        @Override
        public Config read(String json, String source) throws InvalidConfigException {
            DeviceSshClientConfig parsed = DeviceSshClientJson.parse(json, source);
            DeviceSshClientSettings client = one(parsed.clients(), source, path());
            return new Config(client.callHome(), new DeviceSshSettings(client.identityFile(), parsed.accounts()),
                    Optional.of(Login.of(client)));
        }
    };

    private static final String NETCONF_CLIENT = "/ietf-netconf-server:netconf-server/call-home/netconf-client";
    private static final String DEVICE_SSH_CLIENT_NAMESPACE =
            "urn:callhome:params:xml:ns:yang:callhome-device-ssh-client";
    private static final String DEVICE_SSH_CLIENT_CLIENT =
            "/callhome-device-ssh-client:device-ssh-client/netconf-clients/netconf-client";

    private final String namespace;
    private final String root;
    private final String clientPath;

    CallHomeFormat(String namespace, String root, String clientPath) {
        this.namespace = namespace;
        this.root = root;
        this.clientPath = clientPath;
    }

    /** The namespace of the tree's top container. */
    public String namespace() {
        return namespace;
    }

    /** The name of the tree's top container in running. */
    public String root() {
        return root;
    }

    /** Where the reader's errors place the NMS list ({@code netconf-client}). */
    String path() {
        return clientPath;
    }

    /**
     * What the device calls home with: the NMS it calls (the dialer's part) and what it offers
     * that NMS (key, certificate, accounts, revocation list, cert-to-name mappings).
     *
     * @param login device-ssh-client: the device's login on the NMS; empty for the other strategies.
     *              In device-ssh-client, {@code ssh} holds the accounts and the login key as its key
     *              file; the rest of it is not in the tree
     */
    public record Config(CallHomeSettings callHome, DeviceSshSettings ssh, Optional<Login> login) {
        public Config {
            Objects.requireNonNull(callHome, "callHome");
            Objects.requireNonNull(ssh, "ssh");
            Objects.requireNonNull(login, "login");
        }

        /** reverse-ssh and tls: no login. */
        public Config(CallHomeSettings callHome, DeviceSshSettings ssh) {
            this(callHome, ssh, Optional.empty());
        }
    }

    /**
     * device-ssh-client: how the device logs into its NMS, the part of a netconf-client entry that
     * is not the dialer's.
     *
     * @param username         the login name; empty in a tree that leaves it out (the device's id)
     * @param nmsHostKeyFormat which leaf names {@code nmsHostKeyFile}; the device reads either kind
     *                         of line in either
     */
    public record Login(Optional<String> username, Path identityFile, Optional<Path> identityCertificateFile,
                        Path nmsHostKeyFile, HostKeyFormat nmsHostKeyFormat, String subsystem, String bindAccount) {
        public Login {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(identityFile, "identityFile");
            Objects.requireNonNull(identityCertificateFile, "identityCertificateFile");
            Objects.requireNonNull(nmsHostKeyFile, "nmsHostKeyFile");
            Objects.requireNonNull(nmsHostKeyFormat, "nmsHostKeyFormat");
            Objects.requireNonNull(subsystem, "subsystem");
            Objects.requireNonNull(bindAccount, "bindAccount");
        }

        static Login of(DeviceSshClientSettings client) {
            return new Login(client.username(), client.identityFile(), client.identityCertificateFile(),
                    client.nmsHostKeyFile(), client.nmsHostKeyFormat(), client.subsystem(), client.bindAccount());
        }

        DeviceSshClientSettings settings(CallHomeSettings callHome) {
            return new DeviceSshClientSettings(callHome, username, identityFile, identityCertificateFile,
                    nmsHostKeyFile, nmsHostKeyFormat, subsystem, bindAccount);
        }
    }

    /** The format of {@code strategy}'s configuration. */
    public static CallHomeFormat of(CallHomeStrategy strategy) {
        return switch (strategy) {
            case REVERSE_SSH -> REVERSE_SSH;
            case TLS -> TLS;
            case DEVICE_SSH_CLIENT -> DEVICE_SSH_CLIENT;
        };
    }

    /** The JSON document of {@code config}, as {@code --print-config} writes it. */
    public abstract String write(Config config);

    /**
     * Reads a JSON document with the strategy's reader.
     *
     * @throws InvalidConfigException what the reader refuses, at its place in the tree; also a
     *                                tree of more than one NMS, as the device calls one
     */
    public abstract Config read(String json, String source) throws InvalidConfigException;

    private static <T> T one(List<T> clients, String source, String path) throws InvalidConfigException {
        if (clients.size() != 1) {
            throw new InvalidConfigException(source, path, "has " + clients.size() + " NMSs (netconf-client entries); the device calls one");
        }
        return clients.get(0);
    }
}
