package org.callhome.compare.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.callhome.device.DeviceAgent;
import org.callhome.device.callhome.DialerListener;
import org.callhome.nms.NmsServer;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.devicessh.DeviceSshServer;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.io.Closer;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * Real NMSs and devices on loopback for the comparison, with their keys and trust made in a
 * folder of the run: the same parts the project ships ({@link NmsServer}, {@link DeviceAgent}),
 * set up the way their command lines would. Everything started is closed by {@link #close()}.
 */
public final class Testbed implements AutoCloseable {

    /** The NMS's NETCONF account on reverse-ssh devices, and the bind account of device-ssh-client devices. */
    public static final String REVERSE_SSH_ACCOUNT = "nms";
    public static final String BIND_ACCOUNT = "netconf";

    private final Path dir;
    private final Closer running = new Closer();
    private int nmsCount;
    private int datastores;

    public Testbed(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    public Path dir() {
        return dir;
    }

    /**
     * An NMS's keys, written as its operator would keep them.
     *
     * @param identityFile  its login key for reverse-ssh devices
     * @param hostKeyFile   its SSH host key for device-ssh-client devices
     */
    public record NmsKeys(KeyPair identity, Path identityFile, KeyPair hostKey, Path hostKeyFile,
                          Path hostKeyPubFile) {
    }

    /** New NMS keys in {@code <dir>/<name>/}. */
    public NmsKeys nmsKeys(String name) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Path identityFile = folder.resolve("nms_identity");
        KeyPair identity = SshKeys.loadOrCreateHostKey(identityFile);
        Path hostKeyFile = folder.resolve("ssh_host_ed25519_key");
        KeyPair hostKey = SshKeys.loadOrCreateHostKey(hostKeyFile);
        Path pub = folder.resolve("ssh_host_ed25519_key.pub");
        Files.writeString(pub, SshKeys.toOpenSsh(hostKey.getPublic()) + " nms\n");
        return new NmsKeys(identity, identityFile, hostKey, hostKeyFile, pub);
    }

    /**
     * What an NMS is started with.
     *
     * @param trusted  device id to key, for {@code strategy} (host keys or login keys)
     * @param port     where devices call or log in (0: any free port)
     * @param trustUnknownDevices the lab-only switch: accept any reverse-ssh device
     */
    public record NmsSpec(String name, CallHomeStrategy strategy, NmsKeys keys, Map<String, PublicKey> trusted,
                          int port, boolean trustUnknownDevices) {
        public NmsSpec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(keys, "keys");
            trusted = Map.copyOf(trusted);
        }
    }

    /** A running NMS and the settings it runs with. */
    public record Nms(NmsServer server, NmsSettings settings, NmsSpec spec) {

        /** Where devices of the spec's strategy connect. */
        public InetSocketAddress address() {
            return spec.strategy() == CallHomeStrategy.REVERSE_SSH ? server.callHomeAddress()
                    : server.deviceSshAddress();
        }
    }

    /** The settings an NMS of this spec runs with (its state in {@code <dir>/<name>/state}). */
    public NmsSettings nmsSettings(NmsSpec spec) {
        KnownDevices trusted = KnownDevices.of(new LinkedHashMap<>(spec.trusted()));
        InetSocketAddress listen = new InetSocketAddress("127.0.0.1", spec.port());
        Optional<NmsSettings.ReverseSsh> reverse = spec.strategy() != CallHomeStrategy.REVERSE_SSH ? Optional.empty()
                : Optional.of(new NmsSettings.ReverseSsh(listen, trusted, spec.keys().identity(), REVERSE_SSH_ACCOUNT,
                        spec.trustUnknownDevices()));
        Optional<NmsSettings.DeviceSsh> deviceSsh = spec.strategy() != CallHomeStrategy.DEVICE_SSH_CLIENT
                ? Optional.empty()
                : Optional.of(new NmsSettings.DeviceSsh(listen, spec.keys().hostKey(), trusted,
                        DeviceSshServer.DEFAULT_SUBSYSTEM));
        return new NmsSettings(reverse, deviceSsh, new InetSocketAddress("127.0.0.1", 0), Optional.empty(),
                Duration.ofSeconds(30), NmsSettings.DEFAULT_MAX_STARTUPS, new Keepalives(Duration.ofSeconds(30), 3),
                Duration.ofSeconds(30),
                NetconfLimits.DEFAULT, dir.resolve(spec.name()).resolve("state"));
    }

    public Nms startNms(NmsSpec spec) throws Exception {
        NmsSettings settings = nmsSettings(spec);
        NmsServer server = NmsServer.start(settings);
        running.register(server);
        nmsCount++;
        return new Nms(server, settings, spec);
    }

    /** Stops an NMS started here. */
    public void stop(Nms nms) throws IOException {
        running.closeNow(nms.server());
    }

    /**
     * A device's own private key (host key for reverse-ssh, login key for device-ssh-client),
     * created in {@code <dir>/devices/<id>/} as the device creates it on first start.
     */
    public Path deviceKey(String id) throws IOException {
        Path file = Files.createDirectories(dir.resolve("devices").resolve(id)).resolve("device_key");
        SshKeys.loadOrCreateHostKey(file);
        return file;
    }

    public PublicKey devicePublicKey(String id) throws IOException {
        return SshKeys.loadPrivateKey(deviceKey(id)).getPublic();
    }

    /**
     * The spec of a device of {@code strategy} that trusts the NMS of {@code keys} and calls
     * {@code nms}; its files are written under {@code <dir>/devices/<id>/}.
     */
    public DeviceSpec deviceSpec(CallHomeStrategy strategy, String id, NmsKeys keys, InetSocketAddress nms, Role role)
            throws IOException {
        Path folder = Files.createDirectories(dir.resolve("devices").resolve(id));
        Path keyFile = deviceKey(id);
        Path nmsKeyFile;
        String account;
        if (strategy == CallHomeStrategy.REVERSE_SSH) {
            nmsKeyFile = folder.resolve(REVERSE_SSH_ACCOUNT + ".authorized_keys");
            Files.writeString(nmsKeyFile, SshKeys.toOpenSsh(keys.identity().getPublic()) + " nms\n");
            account = REVERSE_SSH_ACCOUNT;
        } else {
            nmsKeyFile = folder.resolve("nms_host_key.pub");
            Files.copy(keys.hostKeyPubFile(), nmsKeyFile, StandardCopyOption.REPLACE_EXISTING);
            account = BIND_ACCOUNT;
        }
        return new DeviceSpec(strategy, id, nms.getHostString(), nms.getPort(), keyFile, nmsKeyFile, account, role,
                folder.resolve("datastore-" + ++datastores));
    }

    /** Starts a device in this JVM. */
    public DeviceAgent startDevice(DeviceSpec spec, DialerListener listener) throws IOException {
        DeviceAgent agent = DeviceAgent.start(spec.settings(), listener);
        running.register(agent);
        return agent;
    }

    /** Stops a device started here. */
    public void stop(DeviceAgent agent) throws IOException {
        running.closeNow(agent);
    }

    @Override
    public void close() throws IOException {
        running.close();
    }
}
