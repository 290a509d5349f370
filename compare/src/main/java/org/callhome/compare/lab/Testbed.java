package org.callhome.compare.lab;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.compare.model.TrustModel;
import org.callhome.device.DeviceAgent;
import org.callhome.device.callhome.DialerListener;
import org.callhome.nms.NmsServer;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.trust.TrustStore;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.io.Closer;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.CertifiedKey;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.threads.DaemonThreads;

/**
 * Real NMSs and devices on loopback for the comparison, with their keys and trust made in a
 * folder of the run: the same parts the project ships ({@link NmsServer}, {@link DeviceAgent}),
 * set up the way their command lines would. Everything started is closed by {@link #close()}.
 *
 * <p>Under {@link TrustModel#PINNED} each side pins the other's keys: the NMS holds every
 * device's public key, each device the NMS's. Under {@link TrustModel#OPENSSH_CERT} nothing per
 * device is pinned: the run's device CA certifies each device (a host certificate in reverse-ssh,
 * a user certificate in device-ssh-client, its id the only principal) and the NMS trusts that CA
 * ({@code --device-ca}) with the ids it expects ({@code --device-ids}); the run's NMS CA
 * certifies the NMS's login key and host key, and the devices trust that CA
 * ({@code cert-authority} in authorized_keys, {@code @cert-authority} in known_hosts). Under
 * {@link TrustModel#X509} the same is done with X.509 certificates (RFC 6187): every key of the run
 * is EC P-256 in PKCS#8 PEM, the CAs are X.509 roots whose PEM certificates the peers trust
 * ({@code --device-ca}, a device's account file or NMS trust file), a device's certificate names its
 * id in its subject (CN and serialNumber) with the extended key usage of its role, the NMS's login
 * certificate names the account it logs in to (CN) and its host certificate the loopback address
 * (subjectAltName).
 */
public final class Testbed implements AutoCloseable {

    /** The NMS's NETCONF account on reverse-ssh devices, and the bind account of device-ssh-client devices. */
    public static final String REVERSE_SSH_ACCOUNT = "nms";
    public static final String BIND_ACCOUNT = "netconf";
    /** Where the run's NMSs listen and devices call: the name an NMS host certificate must carry. */
    public static final String NMS_HOST = "127.0.0.1";
    /** How often an NMS of the run looks at its revocation list: a revocation shows within a second. */
    public static final Duration REVOCATION_POLL = Duration.ofMillis(500);

    private static final String DEVICE_CA = "device-ca";
    private static final String NMS_CA = "nms-ca";

    /** Device keys made at once by {@link #devicePublicKeys}. */
    static final int KEY_WRITERS = 8;

    private final Path dir;
    private final TrustModel trust;
    /** Whether its peers are of tls: X.509 keys and certificates for TLS whatever the trust model. */
    private final boolean tls;
    private final Closer running = new Closer();
    private final Map<String, LabAuthority> authorities = new HashMap<>();
    private final Map<String, LabAuthority.Certificate> deviceCertificates = new HashMap<>();
    private int nmsCount;
    private int datastores;

    /** A testbed whose peers pin each other's keys. */
    public Testbed(Path dir) throws IOException {
        this(dir, TrustModel.PINNED);
    }

    /** A testbed of the SSH strategies under {@code trust}. */
    public Testbed(Path dir, TrustModel trust) throws IOException {
        this(dir, trust, CallHomeStrategy.REVERSE_SSH);
    }

    /**
     * A testbed whose peers are of {@code strategy} under {@code trust}: for tls, every key is EC
     * P-256 in PKCS#8 PEM with an X.509 certificate for TLS, whatever the trust model.
     *
     * @throws IllegalArgumentException for tls under a trust model that does not apply to it
     */
    public Testbed(Path dir, TrustModel trust, CallHomeStrategy strategy) throws IOException {
        Objects.requireNonNull(trust, "trust");
        if (!trust.appliesTo(strategy)) {
            throw new IllegalArgumentException(trust.wireName() + " does not apply to " + strategy.wireName()
                    + ": " + trust.whyNot(strategy));
        }
        this.dir = Files.createDirectories(dir);
        this.trust = trust;
        this.tls = strategy == CallHomeStrategy.TLS;
    }

    public Path dir() {
        return dir;
    }

    public TrustModel trust() {
        return trust;
    }

    /** Whether peers know each other by certificates of the run's CAs, OpenSSH or X.509. */
    public boolean certificates() {
        return trust != TrustModel.PINNED;
    }

    /** Whether the run's certificates are X.509 ones (RFC 6187, or TLS's own). */
    public boolean x509() {
        return trust == TrustModel.X509;
    }

    /** Whether the testbed's peers are of tls (made with {@link CallHomeStrategy#TLS}). */
    public boolean tls() {
        return tls;
    }

    /** Whether keys are EC P-256 in PKCS#8 PEM, as an X.509 certificate needs: under x509, and for tls. */
    private boolean pemKeys() {
        return x509() || tls;
    }

    /** The CA that certifies the run's devices (made on first use). */
    public LabAuthority deviceCa() throws IOException {
        return ca(DEVICE_CA);
    }

    /** The CA that certifies the run's NMSs' login and host keys (made on first use). */
    public LabAuthority nmsCa() throws IOException {
        return ca(NMS_CA);
    }

    /**
     * A CA named {@code name} in {@code <dir>/ca/}, made on first use, of the run's kind (X.509
     * under x509, OpenSSH otherwise): another operator's, an attacker's.
     */
    public synchronized LabAuthority ca(String name) throws IOException {
        LabAuthority ca = authorities.get(name);
        if (ca == null) {
            ca = x509() ? X509LabCa.create(dir.resolve("ca"), name) : LabCa.create(dir.resolve("ca"), name);
            authorities.put(name, ca);
        }
        return ca;
    }

    private LabCa openSshCa(String name) throws IOException {
        return (LabCa) ca(name);
    }

    private X509LabCa x509Ca(String name) throws IOException {
        return (X509LabCa) ca(name);
    }

    /**
     * An NMS's keys, written as its operator would keep them.
     *
     * @param identityFile  its login key for reverse-ssh devices
     * @param hostKeyFile   its SSH host key for device-ssh-client devices
     * @param identityCertFile the user certificate of the login key (--identity-cert), when certified
     * @param hostCertFile  the host certificate of the host key (--host-cert), when certified
     */
    public record NmsKeys(KeyPair identity, Path identityFile, KeyPair hostKey, Path hostKeyFile,
                          Path hostKeyPubFile, Optional<Path> identityCertFile, Optional<Path> hostCertFile) {
        public NmsKeys {
            Objects.requireNonNull(identityCertFile, "identityCertFile");
            Objects.requireNonNull(hostCertFile, "hostCertFile");
        }
    }

    /**
     * New keys of the run's NMS in {@code <dir>/<name>/}; with certificates, the NMS CA certifies
     * its login key (principal {@value #REVERSE_SSH_ACCOUNT}, the account it logs in to) and its
     * host key (principal the loopback address devices call).
     */
    public NmsKeys nmsKeys(String name) throws IOException {
        if (tls) {
            return tlsNmsKeys(name, true);
        }
        if (x509()) {
            return x509NmsKeys(name);
        }
        NmsKeys keys = uncertifiedNmsKeys(name);
        if (!certificates()) {
            return keys;
        }
        Path folder = keys.identityFile().getParent();
        LabCa ca = openSshCa(NMS_CA);
        Path identityCert = ca.issue(folder.resolve("nms_identity-cert.pub"), keys.identity().getPublic(),
                OpenSshCertificate.Type.USER, name + "-login", List.of(REVERSE_SSH_ACCOUNT)).file();
        Path hostCert = ca.issue(folder.resolve("ssh_host_ed25519_key-cert.pub"), keys.hostKey().getPublic(),
                OpenSshCertificate.Type.HOST, name + "-host", List.of(NMS_HOST, "localhost")).file();
        return new NmsKeys(keys.identity(), keys.identityFile(), keys.hostKey(), keys.hostKeyFile(),
                keys.hostKeyPubFile(), Optional.of(identityCert), Optional.of(hostCert));
    }

    /**
     * X.509 keys of the run's NMS: EC P-256 keys in PKCS#8 PEM, a user certificate of the login key
     * naming the account it logs in to (CN {@value #REVERSE_SSH_ACCOUNT}) and a host certificate of
     * the host key for the address devices call (subjectAltName {@value #NMS_HOST}), both from the NMS CA.
     */
    private NmsKeys x509NmsKeys(String name) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        KeyPair identity = pemKey(folder.resolve("nms_identity.pem"));
        KeyPair hostKey = pemKey(folder.resolve("ssh_host_ecdsa_key.pem"));
        Path pub = folder.resolve("ssh_host_ecdsa_key.pub");
        Files.writeString(pub, SshKeys.toOpenSsh(hostKey.getPublic()) + " nms\n");
        X509LabCa ca = x509Ca(NMS_CA);
        Path identityCert = ca.issue(folder.resolve("nms_identity-cert.pem"), identity.getPublic(),
                X509LabCa.Subject.named(REVERSE_SSH_ACCOUNT, X509LabCa.SECURE_SHELL_CLIENT, List.of())).file();
        Path hostCert = ca.issue(folder.resolve("ssh_host_ecdsa_key-cert.pem"), hostKey.getPublic(),
                X509LabCa.Subject.named(name + "-host", X509LabCa.SECURE_SHELL_SERVER, List.of(NMS_HOST))).file();
        return new NmsKeys(identity, folder.resolve("nms_identity.pem"), hostKey,
                folder.resolve("ssh_host_ecdsa_key.pem"), pub, Optional.of(identityCert), Optional.of(hostCert));
    }

    /**
     * The tls NMS's key (EC P-256, PKCS#8 PEM) and its client certificate naming the account it is
     * given on devices (CN {@value #REVERSE_SSH_ACCOUNT}, extended key usage clientAuth): from the NMS
     * CA under x509 when {@code certified}, else signed by its own key: the certificate a device pins (ietf-tls-server ee-certs).
     * Both are made on first use and read again afterwards, as the key is.
     * The host key fields hold the same key: a tls NMS has no other.
     */
    private NmsKeys tlsNmsKeys(String name, boolean certified) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Path keyFile = folder.resolve("nms_tls_key.pem");
        KeyPair key = pemKey(keyFile);
        Path pub = folder.resolve("nms_tls_key.pub");
        Files.writeString(pub, SshKeys.toOpenSsh(key.getPublic()) + " nms\n");
        X509LabCa.Subject subject = X509LabCa.Subject.named(REVERSE_SSH_ACCOUNT, X509LabCa.CLIENT_AUTH, List.of());
        Path cert = folder.resolve("nms_tls_cert.pem");
        // made once: a restarted NMS presents the certificate its devices were given (and may pin)
        if (!Files.exists(cert)) {
            if (certified && x509()) {
                x509Ca(NMS_CA).issue(cert, key.getPublic(), subject);
            } else {
                X509LabCa.selfSigned(cert, key, subject);
            }
        }
        return new NmsKeys(key, keyFile, key, keyFile, pub, Optional.of(cert), Optional.empty());
    }

    /** The EC P-256 key in {@code file} (PKCS#8 PEM), made there first if the file is missing. */
    private static KeyPair pemKey(Path file) throws IOException {
        if (!Files.exists(file)) {
            X509LabCa.writePrivateKey(X509LabCa.newKey(), file);
        }
        return SshKeys.loadPrivateKey(file);
    }

    /**
     * The reverse-ssh half of an NMS with {@code keys}, listening on {@code listen}, trusting no device
     * beforehand: it logs in as {@value #REVERSE_SSH_ACCOUNT} with its key and its certificate, if any.
     */
    public NmsSettings.ReverseSsh reverseSshSettings(NmsKeys keys, InetSocketAddress listen) throws IOException {
        return NmsSetup.reverseSsh(this, keys, listen, KnownDevices.of(Map.of()), false);
    }

    /** The device-ssh-client half of an NMS with {@code keys}, listening on {@code listen}, with no device account. */
    public NmsSettings.DeviceSsh deviceSshSettings(NmsKeys keys, InetSocketAddress listen) throws IOException {
        return NmsSetup.deviceSsh(this, keys, listen, KnownDevices.of(Map.of()));
    }

    /**
     * New NMS keys in {@code <dir>/<name>/} that no CA of the run certified, whatever the trust model: an
     * attacker's (for tls, with a client certificate it signed itself, naming the same account).
     */
    public NmsKeys uncertifiedNmsKeys(String name) throws IOException {
        if (tls) {
            return tlsNmsKeys(name, false);
        }
        Path folder = Files.createDirectories(dir.resolve(name));
        Path identityFile = folder.resolve("nms_identity");
        KeyPair identity = SshKeys.loadOrCreateHostKey(identityFile);
        Path hostKeyFile = folder.resolve("ssh_host_ed25519_key");
        KeyPair hostKey = SshKeys.loadOrCreateHostKey(hostKeyFile);
        Path pub = folder.resolve("ssh_host_ed25519_key.pub");
        Files.writeString(pub, SshKeys.toOpenSsh(hostKey.getPublic()) + " nms\n");
        return new NmsKeys(identity, identityFile, hostKey, hostKeyFile, pub, Optional.empty(), Optional.empty());
    }

    /**
     * What an NMS is started with.
     *
     * @param trusted  device id to key, for {@code strategy} (host keys or login keys); with
     *                 certificates only the ids are used, as the ids the NMS expects (--device-ids)
     * @param port     where devices call or log in (0: any free port)
     * @param trustUnknownDevices the lab-only switch: accept any reverse-ssh device
     * @param revokedKeys the NMS's revocation list (--revoked-keys), if any
     * @param otherDeviceCas with certificates, CAs the NMS trusts for devices besides the run's device
     *                 CA (all of them in --device-ca): another operator's, an attacker's
     */
    public record NmsSpec(String name, CallHomeStrategy strategy, NmsKeys keys, Map<String, PublicKey> trusted,
                          int port, boolean trustUnknownDevices, Optional<Path> revokedKeys,
                          List<LabAuthority> otherDeviceCas) {
        public NmsSpec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(keys, "keys");
            trusted = Map.copyOf(trusted);
            Objects.requireNonNull(revokedKeys, "revokedKeys");
            otherDeviceCas = List.copyOf(otherDeviceCas);
        }

        /** A spec without a revocation list, trusting the run's device CA alone. */
        public NmsSpec(String name, CallHomeStrategy strategy, NmsKeys keys, Map<String, PublicKey> trusted,
                       int port, boolean trustUnknownDevices) {
            this(name, strategy, keys, trusted, port, trustUnknownDevices, Optional.empty(), List.of());
        }

        /** The same spec on {@code port}. */
        public NmsSpec onPort(int port) {
            return new NmsSpec(name, strategy, keys, trusted, port, trustUnknownDevices, revokedKeys, otherDeviceCas);
        }

        /** The same spec with {@code file} as the NMS's revocation list (--revoked-keys); it must exist at start. */
        public NmsSpec withRevokedKeys(Path file) {
            return new NmsSpec(name, strategy, keys, trusted, port, trustUnknownDevices, Optional.of(file),
                    otherDeviceCas);
        }

        /** The same spec with the NMS also trusting {@code ca} for devices (with certificates only). */
        public NmsSpec alsoTrustingDeviceCa(LabAuthority ca) {
            List<LabAuthority> cas = new ArrayList<>(otherDeviceCas);
            cas.add(Objects.requireNonNull(ca, "ca"));
            return new NmsSpec(name, strategy, keys, trusted, port, trustUnknownDevices, revokedKeys, cas);
        }
    }

    /** A running NMS and the settings it runs with. */
    public record Nms(NmsServer server, NmsSettings settings, NmsSpec spec) {

        /** Where devices of the spec's strategy connect. */
        public InetSocketAddress address() {
            return server.address(spec.strategy());
        }
    }

    /**
     * The settings an NMS of this spec runs with (its state in {@code <dir>/<name>/state}): with
     * certificates, the device CA and the expected ids instead of a key per device, and the
     * certificates of its own keys when it has them.
     */
    public NmsSettings nmsSettings(NmsSpec spec) throws IOException {
        return NmsSetup.settings(this, spec);
    }

    public Nms startNms(NmsSpec spec) throws Exception {
        NmsSettings settings = nmsSettings(spec);
        NmsServer server = NmsServer.start(settings, trustStore(spec, settings));
        running.register(server);
        nmsCount++;
        return new Nms(server, settings, spec);
    }

    /**
     * The trust store an NMS of {@code spec} starts on, opened for {@code settings}: for tls under
     * pinned keys, with the spec's devices approved by key, as the operator approves them through the API.
     */
    public TrustStore trustStore(NmsSpec spec, NmsSettings settings) throws IOException {
        return NmsSetup.trustStore(this, spec, settings);
    }

    /** Stops an NMS started here. */
    public void stop(Nms nms) throws IOException {
        running.closeNow(nms.server());
    }

    /**
     * A device's own private key (host key for reverse-ssh, login key for device-ssh-client),
     * created in {@code <dir>/devices/<id>/} as the device creates it on first start; under x509 an
     * EC P-256 key in PKCS#8 PEM, as an X.509 certificate needs.
     */
    public Path deviceKey(String id) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("devices").resolve(id));
        if (pemKeys()) {
            Path file = folder.resolve("device_key.pem");
            pemKey(file);
            return file;
        }
        Path file = folder.resolve("device_key");
        SshKeys.loadOrCreateHostKey(file);
        return file;
    }

    public PublicKey devicePublicKey(String id) throws IOException {
        if (pemKeys()) {
            return SshKeys.loadPrivateKey(deviceKey(id)).getPublic();
        }
        // the key it created or found: not read a second time
        Path folder = Files.createDirectories(dir.resolve("devices").resolve(id));
        return SshKeys.loadOrCreateHostKey(folder.resolve("device_key")).getPublic();
    }

    /**
     * The public keys of the devices {@code ids}, in their order, each made as {@link #devicePublicKey}
     * makes it, {@link #KEY_WRITERS} at a time: each new key file is forced to disk, and thousands of
     * devices would otherwise wait for the disk one after another.
     */
    public Map<String, PublicKey> devicePublicKeys(List<String> ids) throws IOException {
        ExecutorService writers = Executors.newFixedThreadPool(KEY_WRITERS, DaemonThreads.named("lab-keys"));
        try {
            List<Future<PublicKey>> keys = new ArrayList<>();
            for (String id : ids) {
                keys.add(writers.submit(() -> devicePublicKey(id)));
            }
            Map<String, PublicKey> byId = new LinkedHashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                byId.put(ids.get(i), keys.get(i).get());
            }
            return byId;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("making device keys failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while making device keys");
        } finally {
            writers.shutdownNow();
        }
    }

    /**
     * Device {@code id}'s certificate from the run's device CA, made once per id and strategy: a
     * host certificate in reverse-ssh (it is the SSH server), a user certificate in
     * device-ssh-client (it logs in), naming its id (its only principal and key id; its X.509 subject).
     * In tls a TLS server certificate (extended key usage serverAuth) naming its id in its subject:
     * the device CA's under x509; under pinned keys one its own key signs, which the NMS does not
     * judge, as it knows the device by its key.
     */
    public synchronized LabAuthority.Certificate deviceCertificate(CallHomeStrategy strategy, String id)
            throws IOException {
        String key = strategy.wireName() + "/" + id;
        LabAuthority.Certificate issued = deviceCertificates.get(key);
        if (issued == null && strategy == CallHomeStrategy.TLS) {
            Path file = deviceKey(id).resolveSibling("device_key-tls-cert.pem");
            X509LabCa.Subject subject = X509LabCa.Subject.device(id, X509LabCa.SERVER_AUTH);
            issued = x509() ? x509Ca(DEVICE_CA).issue(file, devicePublicKey(id), subject)
                    : X509LabCa.selfSigned(file, SshKeys.loadPrivateKey(deviceKey(id)), subject);
            deviceCertificates.put(key, issued);
        }
        if (issued == null) {
            LabAuthority ca = deviceCa();
            issued = ca.certifyDevice(deviceKey(id).resolveSibling("device_key-" + strategy.wireName()
                    + ca.certificateSuffix()), devicePublicKey(id), certificateType(strategy), id);
            deviceCertificates.put(key, issued);
        }
        return issued;
    }

    /**
     * What device {@code id} logs in with in device-ssh-client, or presents as its host key in
     * reverse-ssh: its own key, with its certificate from the device CA in the public half when
     * the run has certificates.
     */
    public KeyPair presentedKey(CallHomeStrategy strategy, String id) throws IOException {
        KeyPair own = SshKeys.loadPrivateKey(deviceKey(id));
        LabAuthority.Certificate certificate = certificates() ? deviceCertificate(strategy, id) : null;
        if (certificate instanceof LabCa.Issued openSsh) {
            return new CertifiedKey(openSsh.certificate(), own).certificateKeyPair();
        }
        if (certificate instanceof X509LabCa.Issued x509) {
            return X509PublicKey.keyPair(own, List.of(x509.certificate()));
        }
        return own;
    }

    /** The certificate type a device presents in {@code strategy}. */
    public static OpenSshCertificate.Type certificateType(CallHomeStrategy strategy) {
        return strategy == CallHomeStrategy.REVERSE_SSH ? OpenSshCertificate.Type.HOST : OpenSshCertificate.Type.USER;
    }

    /**
     * The spec of a device of {@code strategy} that trusts the NMS of {@code keys} and calls
     * {@code nms}; its files are written under {@code <dir>/devices/<id>/}. With certificates it
     * trusts the NMS CA instead of the NMS's keys and presents its certificate from the device CA.
     */
    public DeviceSpec deviceSpec(CallHomeStrategy strategy, String id, NmsKeys keys, InetSocketAddress nms, Role role)
            throws IOException {
        Path folder = Files.createDirectories(dir.resolve("devices").resolve(id));
        Path keyFile = deviceKey(id);
        Path nmsKeyFile;
        String account;
        boolean certified = certificates();
        if (strategy == CallHomeStrategy.TLS) {
            if (!tls) {
                throw new IllegalStateException("a tls device needs a testbed made for tls (its keys are X.509 ones)");
            }
            // the account the NMS's client certificate names; its file the certificate that may issue it:
            // the NMS CA's, or (pinned) the NMS's own certificate, pinned
            nmsKeyFile = folder.resolve(REVERSE_SSH_ACCOUNT + ".tls-ca.pem");
            Files.copy(certified ? x509Ca(NMS_CA).certificateFile() : keys.identityCertFile().orElseThrow(),
                    nmsKeyFile, StandardCopyOption.REPLACE_EXISTING);
            return new DeviceSpec(strategy, id, nms.getHostString(), nms.getPort(), keyFile, nmsKeyFile,
                    REVERSE_SSH_ACCOUNT, role, folder.resolve("datastore-" + ++datastores),
                    Optional.of(deviceCertificate(strategy, id).file()));
        }
        if (x509()) {
            // the NMS CA's certificate: an account file (reverse-ssh: a login certified for this account's
            // name), or the NMS host's trust file (device-ssh-client)
            nmsKeyFile = folder.resolve(strategy == CallHomeStrategy.REVERSE_SSH ? REVERSE_SSH_ACCOUNT + ".ca.pem"
                    : "nms_ca.pem");
            Files.copy(x509Ca(NMS_CA).certificateFile(), nmsKeyFile, StandardCopyOption.REPLACE_EXISTING);
            account = strategy == CallHomeStrategy.REVERSE_SSH ? REVERSE_SSH_ACCOUNT : BIND_ACCOUNT;
        } else if (strategy == CallHomeStrategy.REVERSE_SSH) {
            nmsKeyFile = folder.resolve(REVERSE_SSH_ACCOUNT + ".authorized_keys");
            // the NMS CA may certify logins to this account only: the certificate must name it
            Files.writeString(nmsKeyFile, certified
                    ? "cert-authority,principals=\"" + REVERSE_SSH_ACCOUNT + "\" "
                            + SshKeys.toOpenSsh(openSshCa(NMS_CA).publicKey()) + " " + NMS_CA + "\n"
                    : SshKeys.toOpenSsh(keys.identity().getPublic()) + " nms\n");
            account = REVERSE_SSH_ACCOUNT;
        } else {
            account = BIND_ACCOUNT;
            if (certified) {
                nmsKeyFile = folder.resolve("nms_known_hosts");
                Files.writeString(nmsKeyFile, "@cert-authority " + nms.getHostString() + " "
                        + SshKeys.toOpenSsh(openSshCa(NMS_CA).publicKey()) + " " + NMS_CA + "\n");
            } else {
                nmsKeyFile = folder.resolve("nms_host_key.pub");
                Files.copy(keys.hostKeyPubFile(), nmsKeyFile, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Optional<Path> certificate = certified ? Optional.of(deviceCertificate(strategy, id).file()) : Optional.empty();
        return new DeviceSpec(strategy, id, nms.getHostString(), nms.getPort(), keyFile, nmsKeyFile, account, role,
                folder.resolve("datastore-" + ++datastores), certificate);
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
