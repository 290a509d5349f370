package org.callhome.system;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.callhome.device.DeviceAgent;
import org.callhome.device.callhome.DialerListener;
import org.callhome.nms.NmsServer;
import org.callhome.nms.config.HttpLimits;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.config.NmsSettings.DeviceCertificates;
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
import org.callhome.shared.io.Closer;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.testsupport.polling.Eventually;

/**
 * A small world of real parts on loopback: an NMS (call-home listener and HTTP API) and
 * devices calling it, with keys and trust files made for the test. Everything is closed by
 * {@link #close()}.
 */
final class CallHomeLab implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String GET_CONFIG = "<get-config xmlns=\"" + Netconf.BASE_NS + "\"><source><running/></source>"
            + "</get-config>";

    final Path dir;
    final KeyPair nmsIdentity = SshKeys.generateEd25519();
    /** The NMS's SSH host key for device-ssh-client, which devices pin. */
    final KeyPair nmsHostKey = SshKeys.generateEd25519();
    /** The CAs and certificates of tls. */
    final TlsLab tls;
    private final Closer running = new Closer();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    NmsServer nms;
    /** Handshakes in progress at once that the next NMS started allows. */
    int maxStartups = NmsSettings.DEFAULT_MAX_STARTUPS;
    /** The device CAs, expected ids and revocation list of the next NMS started; none by default. */
    DeviceCertificates deviceCertificates = DeviceCertificates.NONE;
    /** The HTTP limits of the next NMS started. */
    HttpLimits httpLimits = HttpLimits.DEFAULT;

    CallHomeLab(Path dir) {
        this.dir = dir;
        this.tls = new TlsLab(dir);
    }

    /** Host key file of a device, created on first use. */
    Path hostKeyFile(String deviceId) throws IOException {
        Path file = dir.resolve(deviceId + "_host_key");
        SshKeys.loadOrCreateHostKey(file);
        return file;
    }

    KeyPair hostKey(String deviceId) throws IOException {
        return SshKeys.loadPrivateKey(hostKeyFile(deviceId));
    }

    /** Starts the NMS trusting {@code trusted} (device id → host key) on the given call-home port (0: any). */
    NmsServer startNms(Map<String, KeyPair> trusted, int port) throws Exception {
        return startNms(trusted, port, "nms");
    }

    /** As {@link #startNms(Map, int)}, logging into devices as {@code username}. */
    NmsServer startNms(Map<String, KeyPair> trusted, int port, String username) throws Exception {
        return startNms(trusted, port, username, Map.of(), 0);
    }

    /**
     * The NMS serving both strategies: reverse-ssh devices {@code trusted} (id → host key) call
     * home on {@code port}; device-ssh-client devices {@code deviceLogins} (id → login key) log
     * in on {@code sshPort} (0: any port, for both).
     */
    NmsServer startNms(Map<String, KeyPair> trusted, int port, String username, Map<String, KeyPair> deviceLogins,
                       int sshPort) throws Exception {
        return start(settings(trusted, port, username, deviceLogins, sshPort, deviceCertificates));
    }

    /**
     * The NMS serving the SSH strategies (trusting no device) and tls on {@code tlsPort} (0: any):
     * tls devices of {@link #tls}'s device CA are known by their certificates, any other once
     * approved through the API.
     */
    NmsServer startTlsNms(int tlsPort, int sshPort) throws Exception {
        DeviceCertificates certificates = new DeviceCertificates(deviceCertificates.authorities(),
                deviceCertificates.deviceIds(), deviceCertificates.revokedKeys(), deviceCertificates.revocationPoll(),
                Optional.of(tls.deviceAuthorities()));
        return start(settings(Map.of(), 0, "nms", Map.of(), sshPort, certificates).withTls(tls.nmsSettings(tlsPort)));
    }

    private NmsSettings settings(Map<String, KeyPair> trusted, int port, String username,
                                 Map<String, KeyPair> deviceLogins, int sshPort, DeviceCertificates certificates)
            throws IOException {
        Path known = dir.resolve("known_devices");
        Files.writeString(known, KnownDevices.of(publicKeys(trusted)).toFileText());
        Path accounts = dir.resolve("device_accounts");
        Files.writeString(accounts, KnownDevices.of(publicKeys(deviceLogins)).toFileText());
        Path identity = dir.resolve("nms_identity");
        if (!Files.exists(identity)) {
            SshKeys.writePrivateKey(nmsIdentity, identity);
        }
        return new NmsSettings(
                Optional.of(new NmsSettings.ReverseSsh(new InetSocketAddress("127.0.0.1", port), KnownDevices.load(known),
                        SshKeys.loadPrivateKey(identity), username, false)),
                Optional.of(new NmsSettings.DeviceSsh(new InetSocketAddress("127.0.0.1", sshPort), nmsHostKey,
                        KnownDevices.load(accounts), DeviceSshServer.DEFAULT_SUBSYSTEM)),
                new InetSocketAddress("127.0.0.1", 0), Optional.empty(), Duration.ofSeconds(10),
                maxStartups,
                new Keepalives(Duration.ofSeconds(2), 3),
                Duration.ofSeconds(10), NetconfLimits.DEFAULT, dir.resolve("nms-state"), certificates)
                .withHttpLimits(httpLimits);
    }

    private NmsServer start(NmsSettings settings) throws Exception {
        nms = NmsServer.start(settings);
        running.register(nms);
        return nms;
    }

    private static Map<String, java.security.PublicKey> publicKeys(Map<String, KeyPair> pairs) {
        Map<String, java.security.PublicKey> keys = new java.util.LinkedHashMap<>();
        pairs.forEach((id, pair) -> keys.put(id, pair.getPublic()));
        return keys;
    }

    /** The device's account table: the NMS's key may log in as {@code account} with {@code role}. */
    DeviceSshSettings deviceSsh(String deviceId, String account, Role role, java.security.PublicKey nmsKey)
            throws IOException {
        Path keys = dir.resolve(deviceId + "-" + account + ".authorized_keys");
        Files.writeString(keys, SshKeys.toOpenSsh(nmsKey) + " nms\n");
        return new DeviceSshSettings(hostKeyFile(deviceId), List.of(new Account(account, role, Optional.of(keys))));
    }

    static CallHomeSettings callHome(int port) {
        return new CallHomeSettings("nms", List.of(new Endpoint("nms", "127.0.0.1", port)),
                new ConnectionType.Persistent(),
                new ReconnectStrategy(StartWith.FIRST_LISTED, Duration.ofSeconds(5), 3),
                new Keepalives(Duration.ofSeconds(2), 3), 0.2);
    }

    DeviceAgent startDevice(String deviceId, DeviceSshSettings ssh, CallHomeSettings callHome,
                            DialerListener listener) throws Exception {
        DeviceAgent agent = DeviceAgent.start(new DeviceAgent.Settings(dir.resolve(deviceId + "-data"), callHome, ssh,
                Duration.ofSeconds(10), DeviceAgent.SshServerKind.MINA, NetconfLimits.DEFAULT), listener);
        running.register(agent);
        return agent;
    }

    /** The device-ssh-client login key file of a device, created on first use. */
    Path loginKeyFile(String deviceId) throws IOException {
        Path file = dir.resolve(deviceId + "_login_key");
        SshKeys.loadOrCreateHostKey(file);
        return file;
    }

    /**
     * The key that identifies a device to the NMS under {@code strategy}: host key, login key, or
     * the key its TLS certificate certifies.
     */
    KeyPair identityOf(CallHomeStrategy strategy, String deviceId) throws IOException {
        if (strategy == CallHomeStrategy.TLS) {
            return tls.deviceKey(deviceId);
        }
        return SshKeys.loadPrivateKey(strategy == CallHomeStrategy.REVERSE_SSH ? hostKeyFile(deviceId)
                : loginKeyFile(deviceId));
    }

    /**
     * The NMS serving both SSH strategies, trusting {@code deviceIds} under {@code strategy}, on
     * {@code port}s; for tls, the NMS serving tls too on {@code callHomePort}, the device CA
     * certifying {@code deviceIds}.
     */
    NmsServer startNmsTrusting(CallHomeStrategy strategy, int callHomePort, int sshPort, String... deviceIds)
            throws Exception {
        if (strategy == CallHomeStrategy.TLS) {
            tls.certify(deviceIds);
            return startTlsNms(callHomePort, sshPort);
        }
        Map<String, KeyPair> trusted = new java.util.LinkedHashMap<>();
        for (String id : deviceIds) {
            trusted.put(id, identityOf(strategy, id));
        }
        return strategy == CallHomeStrategy.REVERSE_SSH ? startNms(trusted, callHomePort, "nms", Map.of(), sshPort)
                : startNms(Map.of(), callHomePort, "nms", trusted, sshPort);
    }

    /**
     * A device of {@code strategy} calling the running NMS, whose NETCONF account has {@code role}:
     * in reverse-ssh the account "nms" the NMS logs into, in device-ssh-client the bind account
     * "netconf", in tls the account "nms" the NMS's client certificate names.
     */
    DeviceAgent startDevice(CallHomeStrategy strategy, String deviceId, Role role, DialerListener listener)
            throws Exception {
        return startDevice(strategy, deviceId, role, listener, callHome(callHomePort(strategy)));
    }

    /** Where the running NMS takes the calls of {@code strategy}'s devices. */
    int callHomePort(CallHomeStrategy strategy) {
        return nms.address(strategy).getPort();
    }

    /** As above, calling as {@code callHome} says (another port, such as a relay's, or other timings). */
    DeviceAgent startDevice(CallHomeStrategy strategy, String deviceId, Role role, DialerListener listener,
                            CallHomeSettings callHome) throws Exception {
        Path data = dir.resolve(deviceId + "-" + System.nanoTime() + "-data");
        if (strategy == CallHomeStrategy.TLS) {
            DeviceSshSettings accounts = new DeviceSshSettings(tls.deviceKeyFile(deviceId),
                    List.of(new Account(TlsLab.NMS_ACCOUNT, role, Optional.of(tls.nmsCaFile()))),
                    Optional.of(tls.deviceChainFile(deviceId)), Optional.empty());
            DeviceAgent agent = DeviceAgent.start(DeviceAgent.Settings.tls(data, callHome, accounts,
                    Duration.ofSeconds(10), NetconfLimits.DEFAULT), listener);
            running.register(agent);
            return agent;
        }
        if (strategy == CallHomeStrategy.REVERSE_SSH) {
            DeviceAgent agent = DeviceAgent.start(new DeviceAgent.Settings(data,
                    callHome,
                    deviceSsh(deviceId, "nms", role, nmsIdentity.getPublic()), Duration.ofSeconds(10),
                    DeviceAgent.SshServerKind.MINA, NetconfLimits.DEFAULT), listener);
            running.register(agent);
            return agent;
        }
        Path nmsHostKeyFile = dir.resolve("nms_host_key.pub");
        Files.writeString(nmsHostKeyFile, SshKeys.toOpenSsh(nmsHostKey.getPublic()) + " nms\n");
        DeviceSshSettings accounts = new DeviceSshSettings(hostKeyFile(deviceId),
                List.of(new Account("netconf", role, Optional.empty())));
        DeviceAgent agent = DeviceAgent.start(DeviceAgent.Settings.deviceSshClient(data,
                callHome, accounts, Duration.ofSeconds(10), NetconfLimits.DEFAULT,
                new DeviceAgent.ClientLogin(deviceId, loginKeyFile(deviceId), nmsHostKeyFile,
                        DeviceSshServer.DEFAULT_SUBSYSTEM, "netconf")), listener);
        running.register(agent);
        return agent;
    }

    /**
     * A device of {@code strategy} calling the running NMS with the key {@code keyFile} and
     * {@code certificate} of it: its host key and host certificate in reverse-ssh (the NMS logs into
     * its account "nms" with its pinned key), its login key and user certificate in device-ssh-client
     * (bound to its account "netconf"); admin either way.
     */
    DeviceAgent startCertifiedDevice(CallHomeStrategy strategy, String deviceId, Path keyFile, Path certificate)
            throws Exception {
        return startCertifiedDevice(strategy, deviceId, keyFile, certificate, UnaryOperator.identity(),
                new DialerListener() { });
    }

    /** As above, with settings {@code more} makes of the usual ones, its dialer reporting to {@code listener}. */
    DeviceAgent startCertifiedDevice(CallHomeStrategy strategy, String deviceId, Path keyFile, Path certificate,
                                     UnaryOperator<DeviceAgent.Settings> more, DialerListener listener)
            throws Exception {
        Path data = dir.resolve(deviceId + "-" + System.nanoTime() + "-data");
        DeviceAgent.Settings settings;
        if (strategy == CallHomeStrategy.REVERSE_SSH) {
            Path keys = dir.resolve(deviceId + "-nms.authorized_keys");
            Files.writeString(keys, SshKeys.toOpenSsh(nmsIdentity.getPublic()) + " nms\n");
            settings = new DeviceAgent.Settings(data, callHome(nms.callHomeAddress().getPort()),
                    new DeviceSshSettings(keyFile, List.of(new Account("nms", Role.ADMIN, Optional.of(keys)))),
                    Duration.ofSeconds(10), DeviceAgent.SshServerKind.MINA, NetconfLimits.DEFAULT)
                    .withHostCertificate(certificate);
        } else {
            Path nmsHostKeyFile = dir.resolve("nms_host_key.pub");
            Files.writeString(nmsHostKeyFile, SshKeys.toOpenSsh(nmsHostKey.getPublic()) + " nms\n");
            settings = DeviceAgent.Settings.deviceSshClient(data, callHome(nms.deviceSshAddress().getPort()),
                    new DeviceSshSettings(dir.resolve(deviceId + "_unused_host_key"),
                            List.of(new Account("netconf", Role.ADMIN, Optional.empty()))),
                    Duration.ofSeconds(10), NetconfLimits.DEFAULT,
                    new DeviceAgent.ClientLogin(deviceId, keyFile, nmsHostKeyFile, DeviceSshServer.DEFAULT_SUBSYSTEM,
                            "netconf").withIdentityCertificate(certificate));
        }
        DeviceAgent agent = DeviceAgent.start(more.apply(settings), listener);
        running.register(agent);
        return agent;
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(WAIT)
                .header("content-type", path.endsWith("/rpc") ? "application/xml" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(WAIT).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonArray devices() throws Exception {
        return new JsonArray(get("/api/devices").body());
    }

    /** Polls GET /api/devices until some entry matches, or fails after {@link #WAIT}. */
    JsonObject awaitDevice(Predicate<JsonObject> condition, String what) throws Exception {
        AtomicReference<JsonArray> last = new AtomicReference<>();
        return Eventually.value(WAIT, () -> {
            last.set(devices());
            return last.get().stream().map(JsonObject.class::cast).filter(condition).findFirst();
        }, () -> "a device " + what + "; devices: " + (last.get() == null ? "none" : last.get().encodePrettily()));
    }

    /** An edit-config of the running datastore with {@code config} as its {@code <config>}. */
    static String edit(String config) {
        return "<edit-config xmlns=\"" + Netconf.BASE_NS + "\"><target><running/></target><config>" + config
                + "</config></edit-config>";
    }

    static Predicate<JsonObject> state(String id, String state) {
        return device -> id.equals(device.getString("id")) && state.equals(device.getString("state"));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + nms.httpPort() + path);
    }

    void stopNms() throws IOException {
        running.closeNow(nms);
    }

    @Override
    public void close() throws IOException {
        running.close();
    }
}
