package org.callhome.nms.bootstrap;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.callhome.nms.config.NmsSettings;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.ConnectionType;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.DeviceTlsCallHomeConfig;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.config.ReconnectStrategy;
import org.callhome.shared.config.TlsCallHomeJson;
import org.callhome.shared.ssh.PemBlock;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.x509.trust.X509ChainCheck;
import org.callhome.shared.ssh.x509.trust.X509Pins;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.text.PeerText;

/**
 * The call-home configuration the NMS conveys to a device in {@code onboarding-information}
 * (RFC 8572 §2.2), made from the NMS's own settings: the JSON a device's {@code --config} reads
 * (ietf-netconf-server call home with callhome-device-ssh for reverse-ssh, callhome-device-ssh-client
 * for device-ssh-client, ietf-netconf-server call home with tls endpoints and callhome-device-tls for
 * tls), plus {@code callhome-sztp:conveyed-files} with the text of the public files it names. Paths
 * are relative to the device's data folder:
 * <pre>
 * reverse-ssh        ssh_host_ed25519_key           the device's host key, made by the device
 *                    bootstrap/nms.authorized_keys  conveyed: what trusts the NMS's login for account
 *                                                   --username: its key, a cert-authority line of its
 *                                                   OpenSSH CA, or its X.509 anchor in PEM
 * device-ssh-client  idevid.key                     the device's IDevID key, which the device copies there
 *                    idevid-cert.pem                its IDevID certificate chain, copied there too: it logs
 *                                                   in with it (RFC 6187), login name = its serial number
 *                    bootstrap/nms_host_key.pub     conveyed: the NMS's SSH host key (host-key-file), or
 *                                                   (known-hosts-file) an @cert-authority line of its
 *                                                   OpenSSH CA for the address devices call, or its
 *                                                   X.509 anchor in PEM
 * tls                idevid.key                     the device's IDevID key, copied there: its TLS key
 *                    idevid-cert.pem                its IDevID certificate chain, copied there: the TLS
 *                                                   server certificate it presents to the NMS
 *                    bootstrap/nms-tls.pem          conveyed: what accepts the NMS's TLS client
 *                                                   certificate, the ca-certificates-file of the one
 *                                                   account: the CA certificate at the top of the NMS's
 *                                                   chain, or the NMS's own certificate, pinned, when its
 *                                                   chain holds no CA
 * </pre>
 * A device-ssh-client configuration also gives the device its account table: one account, the bind
 * account (the NMS's --username), with role admin, as the reverse-ssh configuration gives that
 * account to the NMS's login. A tls configuration has one account too, role admin, named as the
 * NMS's client certificate names it by the device's simple rule (its subject serialNumber, else its
 * common name), so that no cert-to-name mapping is conveyed; the device's TCP keepalives take the
 * NMS's keepalive settings. Which trust is conveyed follows what the NMS presents
 * ({@link ConveyedTrust}). No secret is conveyed. Immutable; any thread.
 */
public final class CallHomeConfiguration {

    /** The device's host key file, which the device creates; never conveyed. */
    public static final String DEVICE_HOST_KEY_FILE = "ssh_host_ed25519_key";
    /** The device's IDevID private key, where the device's bootstrap client keeps it. */
    public static final String DEVICE_IDEVID_KEY_FILE = "idevid.key";
    /** The device's IDevID certificate chain, where the device's bootstrap client keeps it. */
    public static final String DEVICE_IDEVID_CERT_FILE = "idevid-cert.pem";
    /** The NMS's login key, conveyed to reverse-ssh devices. */
    public static final String NMS_AUTHORIZED_KEYS_FILE = "bootstrap/nms.authorized_keys";
    /** The NMS's host key, conveyed to device-ssh-client devices. */
    public static final String NMS_HOST_KEY_FILE = "bootstrap/nms_host_key.pub";
    /** What accepts the NMS's TLS client certificate (its CA's certificate, or itself), conveyed to tls devices. */
    public static final String NMS_TLS_CERTIFICATE_FILE = "bootstrap/nms-tls.pem";

    private static final String DEVICE_SSH = "callhome-device-ssh:";
    private static final String NMS_NAME = "nms";

    /**
     * What the configurations say about the NMS.
     *
     * @param nmsAddress     the host devices call (never a wildcard address)
     * @param reverseSshPort where reverse-ssh devices call home, if the NMS serves reverse-ssh
     * @param login          how devices trust the NMS's login (reverse-ssh), if served
     * @param username       the account the NMS logs into reverse-ssh devices with, and the
     *                       device-ssh-client bind account
     * @param deviceSshPort  where device-ssh-client devices log in, if the NMS serves it
     * @param host           how devices trust the NMS's SSH host key (device-ssh-client), if served
     * @param subsystem      the subsystem device-ssh-client devices request
     * @param keepalives     the liveness test devices run: SSH keepalives, or TCP keepalives at that pace in tls
     * @param tls            where tls devices call and how they accept the NMS's client certificate, if served
     */
    public record Nms(String nmsAddress, Optional<Integer> reverseSshPort, Optional<ConveyedTrust> login,
                      String username, Optional<Integer> deviceSshPort, Optional<ConveyedTrust> host,
                      String subsystem, Keepalives keepalives, Optional<TlsClient> tls) {
        public Nms {
            Objects.requireNonNull(nmsAddress, "nmsAddress");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(subsystem, "subsystem");
            Objects.requireNonNull(keepalives, "keepalives");
            Objects.requireNonNull(tls, "tls");
            if (reverseSshPort.isPresent() != login.isPresent() || deviceSshPort.isPresent() != host.isPresent()) {
                throw new IllegalArgumentException("a served strategy needs its port and the trust to convey in the NMS");
            }
        }

        boolean serves(CallHomeStrategy strategy) {
            return switch (strategy) {
                case REVERSE_SSH -> reverseSshPort.isPresent();
                case DEVICE_SSH_CLIENT -> deviceSshPort.isPresent();
                case TLS -> tls.isPresent();
            };
        }
    }

    /**
     * What a tls configuration says about the NMS.
     *
     * @param port    where tls devices call
     * @param account the device account the NMS's client certificate names by the simple rule (its subject
     *                serialNumber, else its common name)
     * @param trust   what accepts that certificate: the CA at the top of its chain
     *                ({@link ConveyedTrust.X509Anchor}) or the certificate itself
     *                ({@link ConveyedTrust.PinnedCertificate})
     */
    public record TlsClient(int port, String account, ConveyedTrust trust) {
        public TlsClient {
            Objects.requireNonNull(account, "account");
            if (!(trust instanceof ConveyedTrust.X509Anchor) && !(trust instanceof ConveyedTrust.PinnedCertificate)) {
                throw new IllegalArgumentException("a tls device accepts the NMS by an X.509 certificate, not by "
                        + trust);
            }
        }

        /**
         * How tls devices are told to accept the NMS of {@code tls}, which they call on {@code port}.
         *
         * @throws IllegalArgumentException saying why the NMS's certificate cannot be conveyed: it names no
         *                                  account a device can have, or, alone in its chain, it cannot be
         *                                  pinned (a CA's or a version 1 certificate)
         */
        public static TlsClient of(NmsSettings.Tls tls, int port) {
            X509Certificate own = tls.chain().get(0);
            String name = X509ChainCheck.claimedIdentity(own).orElseThrow(() -> new IllegalArgumentException(
                    "the NMS's TLS certificate (" + own.getSubjectX500Principal().getName() + ") names no account"
                            + " on a device, which takes its one subject serialNumber, else its one common name, as"
                            + " the account's name (no blanks or control characters); give a certificate whose"
                            + " subject names one, such as CN=nms"));
            try {
                new Account(name, Role.ADMIN, Optional.empty());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the NMS's TLS certificate names the account " + PeerText.quote(name)
                        + " (its subject serialNumber, else its common name), which a device cannot have: "
                        + e.getMessage(), e);
            }
            ConveyedTrust trust = ConveyedTrust.ofTlsClient(tls);
            if (trust instanceof ConveyedTrust.PinnedCertificate pinned) {
                try {
                    X509Pins.of(List.of(pinned.certificate()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the NMS's TLS chain is its certificate alone, which devices"
                            + " would pin, but " + e.getMessage() + "; give an end entity's certificate, or the"
                            + " chain with the CA certificate that issued it, which devices are then told to trust",
                            e);
                }
            }
            return new TlsClient(port, name, trust);
        }
    }

    private final Nms nms;

    public CallHomeConfiguration(Nms nms) {
        this.nms = Objects.requireNonNull(nms, "nms");
    }

    /** Whether the NMS serves {@code strategy}, so that a configuration for it can be made. */
    public boolean serves(CallHomeStrategy strategy) {
        return nms.serves(strategy);
    }

    /**
     * The configuration of device {@code serial} for {@code strategy}, as UTF-8 JSON.
     *
     * @throws IllegalStateException if the NMS does not serve {@code strategy}
     */
    public byte[] forDevice(String serial, CallHomeStrategy strategy) {
        return json(serial, strategy).encodePrettily().getBytes(StandardCharsets.UTF_8);
    }

    JsonObject json(String serial, CallHomeStrategy strategy) {
        if (!serves(strategy)) {
            throw new IllegalStateException("the NMS does not serve " + strategy.wireName());
        }
        return switch (strategy) {
            case REVERSE_SSH -> reverseSsh();
            case DEVICE_SSH_CLIENT -> deviceSshClient(serial);
            case TLS -> tls();
        };
    }

    private JsonObject reverseSsh() {
        JsonObject user = new JsonObject().put("name", nms.username())
                .put("public-keys", new JsonObject().put(DEVICE_SSH + "authorized-keys-file", NMS_AUTHORIZED_KEYS_FILE))
                .put(DEVICE_SSH + "role", "admin");
        JsonObject sshServer = new JsonObject()
                .put("server-identity", new JsonObject().put("host-key", new JsonArray().add(new JsonObject()
                        .put("name", DEVICE_HOST_KEY_FILE)
                        .put("public-key", new JsonObject().put(DEVICE_SSH + "private-key-file",
                                DEVICE_HOST_KEY_FILE)))))
                .put("client-authentication", new JsonObject().put("users",
                        new JsonObject().put("user", new JsonArray().add(user))))
                .put("keepalives", keepalives());
        JsonObject endpoint = new JsonObject().put("name", NMS_NAME)
                .put("ssh", new JsonObject()
                        .put("tcp-client-parameters", tcp(nms.reverseSshPort().orElseThrow()))
                        .put("ssh-server-parameters", sshServer));
        JsonObject reconnect = reconnect().put(DEVICE_SSH + "jitter-fraction", jitter());
        JsonObject client = new JsonObject().put("name", NMS_NAME)
                .put("endpoints", new JsonObject().put("endpoint", new JsonArray().add(endpoint)))
                .put("connection-type", new JsonObject().put("persistent", new JsonObject()))
                .put("reconnect-strategy", reconnect);
        return new JsonObject()
                .put("ietf-netconf-server:netconf-server", new JsonObject().put("call-home",
                        new JsonObject().put("netconf-client", new JsonArray().add(client))))
                .put("callhome-sztp:conveyed-files", files(NMS_AUTHORIZED_KEYS_FILE,
                        authorizedKeys(nms.login().orElseThrow())));
    }

    private JsonObject deviceSshClient(String serial) {
        ConveyedTrust host = nms.host().orElseThrow();
        JsonObject sshClient = new JsonObject()
                .put("client-identity", new JsonObject().put("username", serial)
                        .put("public-key", new JsonObject().put("private-key-file", DEVICE_IDEVID_KEY_FILE)
                                .put("certificate-file", DEVICE_IDEVID_CERT_FILE)))
                .put("server-authentication", new JsonObject().put("ssh-host-keys",
                        new JsonObject().put(host instanceof ConveyedTrust.PinnedKey ? "host-key-file"
                                : "known-hosts-file", NMS_HOST_KEY_FILE)))
                .put("keepalives", keepalives());
        JsonObject endpoint = new JsonObject().put("name", NMS_NAME)
                .put("tcp-client-parameters", tcp(nms.deviceSshPort().orElseThrow()))
                .put("ssh-client-parameters", sshClient);
        JsonObject client = new JsonObject().put("name", NMS_NAME)
                .put("endpoints", new JsonObject().put("endpoint", new JsonArray().add(endpoint)))
                .put("subsystem", nms.subsystem())
                .put("bind-account", nms.username())
                .put("connection-type", new JsonObject().put("persistent", new JsonObject()))
                .put("reconnect-strategy", reconnect().put("jitter-fraction", jitter()));
        return new JsonObject()
                .put("callhome-device-ssh-client:device-ssh-client", new JsonObject()
                        .put("accounts", new JsonObject().put("account", new JsonArray().add(new JsonObject()
                                .put("name", nms.username()).put("role", "admin"))))
                        .put("netconf-clients", new JsonObject().put("netconf-client", new JsonArray().add(client))))
                .put("callhome-sztp:conveyed-files", files(NMS_HOST_KEY_FILE, knownHosts(host)));
    }

    /**
     * The tls tree as the device's {@code --config} reads it, written by the device's own writer: the
     * IDevID as the device's TLS identity, one account for the NMS's client certificate.
     */
    private JsonObject tls() {
        TlsClient tls = nms.tls().orElseThrow();
        CallHomeSettings client = new CallHomeSettings(NMS_NAME, List.of(new Endpoint(NMS_NAME, nms.nmsAddress(),
                tls.port())), new ConnectionType.Persistent(), ReconnectStrategy.DEFAULT, nms.keepalives(),
                CallHomeSettings.DEFAULT_JITTER_FRACTION);
        DeviceSshSettings device = new DeviceSshSettings(Path.of(DEVICE_IDEVID_KEY_FILE), List.of(new Account(
                tls.account(), Role.ADMIN, Optional.of(Path.of(NMS_TLS_CERTIFICATE_FILE)))),
                Optional.of(Path.of(DEVICE_IDEVID_CERT_FILE)), Optional.empty());
        X509Certificate accepted = tls.trust() instanceof ConveyedTrust.PinnedCertificate pinned
                ? pinned.certificate() : ((ConveyedTrust.X509Anchor) tls.trust()).anchor();
        return new JsonObject(TlsCallHomeJson.write(new DeviceTlsCallHomeConfig(List.of(client), device)))
                .put("callhome-sztp:conveyed-files", files(NMS_TLS_CERTIFICATE_FILE, pem(accepted)));
    }

    /** The authorized_keys file that lets the NMS's login in: its key, its OpenSSH CA, or its X.509 anchor. */
    private String authorizedKeys(ConveyedTrust login) {
        if (login instanceof ConveyedTrust.OpenSshCa ca) {
            // as sshd reads it: the certificate must name the account it logs into (nms.username())
            return "cert-authority " + SshKeys.toOpenSsh(ca.ca()) + " " + NMS_NAME + "-user-ca\n";
        }
        return keyOrAnchor(login);
    }

    /**
     * The file that names the NMS's host key: the key itself, a known_hosts {@code @cert-authority}
     * line for the address devices call, or the X.509 anchor in PEM.
     */
    private String knownHosts(ConveyedTrust host) {
        if (host instanceof ConveyedTrust.OpenSshCa ca) {
            return "@cert-authority " + nms.nmsAddress() + " " + SshKeys.toOpenSsh(ca.ca()) + " " + NMS_NAME
                    + "-host-ca\n";
        }
        return keyOrAnchor(host);
    }

    /** A pinned key as an OpenSSH public key line, an X.509 anchor as a PEM block. */
    private static String keyOrAnchor(ConveyedTrust trust) {
        if (trust instanceof ConveyedTrust.PinnedKey pinned) {
            return SshKeys.toOpenSsh(pinned.key()) + " " + NMS_NAME + "\n";
        }
        return pem(((ConveyedTrust.X509Anchor) trust).anchor());
    }

    private static String pem(X509Certificate certificate) {
        try {
            return PemBlock.encode("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("the NMS's own certificate cannot be encoded", e);
        }
    }

    private JsonObject tcp(int port) {
        return new JsonObject().put("remote-address", nms.nmsAddress()).put("remote-port", port);
    }

    private JsonObject keepalives() {
        return new JsonObject().put("max-wait", Math.toIntExact(nms.keepalives().maxWait().toSeconds()))
                .put("max-attempts", nms.keepalives().maxAttempts());
    }

    private static JsonObject reconnect() {
        ReconnectStrategy defaults = ReconnectStrategy.DEFAULT;
        return new JsonObject().put("start-with", defaults.startWith().wireName())
                .put("max-wait", ReconnectStrategy.DEFAULT_MAX_WAIT_SECONDS)
                .put("max-attempts", defaults.maxAttempts());
    }

    private static String jitter() {
        return Double.toString(CallHomeSettings.DEFAULT_JITTER_FRACTION);
    }

    private static JsonObject files(String path, String content) {
        return new JsonObject().put("file", new JsonArray().add(new JsonObject().put("path", path)
                .put("content", content)));
    }
}
