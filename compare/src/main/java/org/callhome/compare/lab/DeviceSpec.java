package org.callhome.compare.lab;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.callhome.device.DeviceAgent;
import org.callhome.nms.devicessh.DeviceSshServer;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.ConnectionType;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.config.ReconnectStrategy;
import org.callhome.shared.config.StartWith;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * Everything one device of the comparison is started with, as files and names, so the same spec
 * starts a device in this JVM or in the device fleet's ({@link #toJson}/{@link #fromJson}).
 *
 * @param keyFile       the device's own private key: its SSH host key (reverse-ssh), login key
 *                      (device-ssh-client) or TLS key (tls)
 * @param nmsKeyFile    what the device trusts the NMS by: an authorized_keys file with the NMS's login
 *                      key or a {@code cert-authority} line for the NMS CA (reverse-ssh), the NMS host
 *                      key's {@code .pub} file or a known_hosts file with an {@code @cert-authority} line
 *                      (device-ssh-client); in tls the X.509 certificate that may issue the NMS's client
 *                      certificate: the NMS CA's, or under pinned keys the NMS's own
 * @param account       the device's NETCONF account: the one the NMS logs in as (reverse-ssh) or the
 *                      bind account (device-ssh-client) or the one the NMS's client certificate names (tls)
 * @param certificateFile the certificate of the device's key, if it has one: a host certificate it
 *                      presents (reverse-ssh, --host-cert) or a user certificate it logs in with
 *                      (device-ssh-client, --identity-cert); in tls its TLS server certificate (--host-cert),
 *                      which it must have
 * @param endpoints     the NMS endpoints the device calls besides {@code nmsHost:nmsPort} (listed first),
 *                      and its reconnect strategy over them
 */
public record DeviceSpec(CallHomeStrategy strategy, String id, String nmsHost, int nmsPort, Path keyFile,
                         Path nmsKeyFile, String account, Role role, Path datastore, Optional<Path> certificateFile,
                         Endpoints endpoints) {

    /** How long an attempt may take by default (the device's own default), and the keepalives. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(5);
    static final Keepalives KEEPALIVES = new Keepalives(Duration.ofSeconds(30), 3);

    public DeviceSpec {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(nmsHost, "nmsHost");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(nmsKeyFile, "nmsKeyFile");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(datastore, "datastore");
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(endpoints, "endpoints");
    }

    /**
     * The endpoints a device calls after its first one, and how it works through the list
     * ({@code reconnect-strategy} of ietf-netconf-server): the same NMS's other nodes, say.
     *
     * @param others      further NMS addresses, in the list's order after the first
     * @param startWith   which endpoint each round starts with
     * @param maxAttempts attempts on one endpoint before the next, 1..255
     */
    public record Endpoints(List<InetSocketAddress> others, StartWith startWith, int maxAttempts) {

        /** The first endpoint alone, first-listed, the model's 3 attempts: how every device of the comparison calls. */
        public static final Endpoints ONE = new Endpoints(List.of(), StartWith.FIRST_LISTED,
                ReconnectStrategy.DEFAULT_MAX_ATTEMPTS);

        public Endpoints {
            others = List.copyOf(others);
            Objects.requireNonNull(startWith, "startWith");
            if (maxAttempts < 1 || maxAttempts > 255) {
                throw new IllegalArgumentException("max-attempts must be in 1..255, got " + maxAttempts);
            }
        }

        JsonObject toJson() {
            JsonArray addresses = new JsonArray();
            others.forEach(address -> addresses.add(new JsonObject().put("host", address.getHostString())
                    .put("port", address.getPort())));
            return new JsonObject().put("others", addresses).put("startWith", startWith.wireName())
                    .put("maxAttempts", maxAttempts);
        }

        static Endpoints fromJson(JsonObject json) {
            if (json == null) {
                return ONE;
            }
            List<InetSocketAddress> others = new ArrayList<>();
            JsonArray addresses = json.getJsonArray("others", new JsonArray());
            for (int i = 0; i < addresses.size(); i++) {
                JsonObject address = addresses.getJsonObject(i);
                others.add(InetSocketAddress.createUnresolved(address.getString("host"), address.getInteger("port")));
            }
            return new Endpoints(others, StartWith.fromWireName(json.getString("startWith")),
                    json.getInteger("maxAttempts"));
        }
    }

    /** A device that calls one NMS ({@link Endpoints#ONE}). */
    public DeviceSpec(CallHomeStrategy strategy, String id, String nmsHost, int nmsPort, Path keyFile,
                      Path nmsKeyFile, String account, Role role, Path datastore, Optional<Path> certificateFile) {
        this(strategy, id, nmsHost, nmsPort, keyFile, nmsKeyFile, account, role, datastore, certificateFile,
                Endpoints.ONE);
    }

    /** The short name device ids of {@code strategy} begin with in a run: rs, dc or tl. */
    public static String idPrefix(CallHomeStrategy strategy) {
        return switch (strategy) {
            case REVERSE_SSH -> "rs";
            case DEVICE_SSH_CLIENT -> "dc";
            case TLS -> "tl";
        };
    }

    /** A device without a certificate. */
    public DeviceSpec(CallHomeStrategy strategy, String id, String nmsHost, int nmsPort, Path keyFile,
                      Path nmsKeyFile, String account, Role role, Path datastore) {
        this(strategy, id, nmsHost, nmsPort, keyFile, nmsKeyFile, account, role, datastore, Optional.empty());
    }

    /** The same device calling another address (a proxy, a rogue). */
    public DeviceSpec calling(String host, int port) {
        return new DeviceSpec(strategy, id, host, port, keyFile, nmsKeyFile, account, role, datastore,
                certificateFile, endpoints);
    }

    /**
     * The same device also calling {@code others} after its first endpoint, working through the list
     * as {@code startWith} and {@code maxAttempts} say: a fleet in front of several NMS nodes.
     */
    public DeviceSpec alsoCalling(List<InetSocketAddress> others, StartWith startWith, int maxAttempts) {
        return new DeviceSpec(strategy, id, nmsHost, nmsPort, keyFile, nmsKeyFile, account, role, datastore,
                certificateFile, new Endpoints(others, startWith, maxAttempts));
    }

    /** The same device presenting {@code certificate} instead (none: its plain key). */
    public DeviceSpec withCertificate(Optional<Path> certificate) {
        return new DeviceSpec(strategy, id, nmsHost, nmsPort, keyFile, nmsKeyFile, account, role, datastore,
                certificate, endpoints);
    }

    /** The device agent's settings for this spec. */
    public DeviceAgent.Settings settings() {
        return settings(MAX_WAIT);
    }

    /**
     * The device agent's settings for this spec, an attempt to connect counting as failed after
     * {@code maxWait} (RFC 8071's max-wait; thousands of devices calling a loaded NMS at once need
     * more than the default).
     */
    public DeviceAgent.Settings settings(Duration maxWait) {
        List<Endpoint> list = new ArrayList<>(List.of(new Endpoint("nms", nmsHost, nmsPort)));
        for (InetSocketAddress other : endpoints.others()) {
            list.add(new Endpoint("nms-" + (list.size() + 1), other.getHostString(), other.getPort()));
        }
        CallHomeSettings callHome = new CallHomeSettings("nms", list, new ConnectionType.Persistent(),
                new ReconnectStrategy(endpoints.startWith(), maxWait, endpoints.maxAttempts()), KEEPALIVES,
                CallHomeSettings.DEFAULT_JITTER_FRACTION);
        if (strategy == CallHomeStrategy.REVERSE_SSH) {
            return new DeviceAgent.Settings(datastore, callHome, new DeviceSshSettings(keyFile,
                    List.of(new Account(account, role, Optional.of(nmsKeyFile))), certificateFile, Optional.empty()),
                    Duration.ofSeconds(30), DeviceAgent.SshServerKind.MINA, NetconfLimits.DEFAULT,
                    CallHomeStrategy.REVERSE_SSH, null);
        }
        if (strategy == CallHomeStrategy.TLS) {
            // the device's TLS key and chain, and the NMS's account with the certificate that may issue its client's
            return DeviceAgent.Settings.tls(datastore, callHome, new DeviceSshSettings(keyFile,
                    List.of(new Account(account, role, Optional.of(nmsKeyFile))), certificateFile, Optional.empty()),
                    Duration.ofSeconds(30), NetconfLimits.DEFAULT);
        }
        // the host key of the device's own SSH server is not used in device-ssh-client: the login key serves
        return DeviceAgent.Settings.deviceSshClient(datastore, callHome,
                new DeviceSshSettings(keyFile, List.of(new Account(account, role, Optional.empty()))),
                Duration.ofSeconds(30), NetconfLimits.DEFAULT, new DeviceAgent.ClientLogin(id, keyFile, nmsKeyFile,
                        DeviceSshServer.DEFAULT_SUBSYSTEM, account, certificateFile));
    }

    public JsonObject toJson() {
        return new JsonObject().put("strategy", strategy.wireName()).put("id", id).put("nmsHost", nmsHost)
                .put("nmsPort", nmsPort).put("keyFile", keyFile.toString()).put("nmsKeyFile", nmsKeyFile.toString())
                .put("account", account).put("role", role.name()).put("datastore", datastore.toString())
                .put("certificateFile", certificateFile.map(Path::toString).orElse(null))
                .put("endpoints", endpoints.equals(Endpoints.ONE) ? null : endpoints.toJson());
    }

    public static DeviceSpec fromJson(JsonObject json) {
        return new DeviceSpec(CallHomeStrategy.fromWireName(json.getString("strategy")), json.getString("id"),
                json.getString("nmsHost"), json.getInteger("nmsPort"), Path.of(json.getString("keyFile")),
                Path.of(json.getString("nmsKeyFile")), json.getString("account"), Role.valueOf(json.getString("role")),
                Path.of(json.getString("datastore")),
                Optional.ofNullable(json.getString("certificateFile")).map(Path::of),
                Endpoints.fromJson(json.getJsonObject("endpoints")));
    }
}
