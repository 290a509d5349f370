package org.callhome.nms;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.nms.bootstrap.BootstrapSettings;
import org.callhome.nms.bootstrap.CallHomeConfiguration;
import org.callhome.nms.bootstrap.OwnerSigner;
import org.callhome.nms.cluster.ClusterSettings;
import org.callhome.nms.config.DeviceCaFile;
import org.callhome.nms.config.DeviceIdsFile;
import org.callhome.nms.config.HttpLimits;
import org.callhome.nms.config.ListenFailedException;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.config.StartupLimits;
import org.callhome.nms.devicessh.DeviceSshServer;
import org.callhome.nms.trust.TrustStore;
import org.callhome.shared.cli.BuildInfo;
import org.callhome.shared.cli.CommandLines;
import org.callhome.shared.cli.OptionChecks;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.io.TextFiles;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.KeyFile;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.CertificateAuthorities;
import org.callhome.shared.ssh.cert.CertifiedKey;
import org.callhome.shared.ssh.cert.RevokedKeysFile;
import org.callhome.shared.ssh.x509.X509ChainFile;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of the NMS. */
@Command(name = "nms-server", mixinStandardHelpOptions = true, versionProvider = BuildInfo.VersionProvider.class,
        sortOptions = false,
        description = {
            "The network management system side of NETCONF Call Home.",
            "",
            "--mode reverse-ssh (RFC 8071): listens for devices calling home (TCP 4334), runs an SSH client on each "
                    + "connection, identifies the device by its host key, logs in with --identity/--username only "
                    + "after the key matched and opens the 'netconf' subsystem.",
            "",
            "--mode device-ssh-client: an SSH server (--ssh-listen) where devices log in with their own key as their "
                    + "device id and may only open the NETCONF subsystem (--subsystem); inside it the device is the "
                    + "NETCONF server.",
            "",
            "--mode tls (RFC 8071 over TLS, NETCONF over TLS per RFC 7589): listens for devices calling home "
                    + "(--tls-listen, TCP 4335) and is the TLS client on each connection: it presents "
                    + "--identity-cert (an X.509 chain of --identity, for a TLS client) and takes the device's "
                    + "certificate of a PEM --device-ca CA for a TLS server, the device id being its subject's "
                    + "serialNumber, else its CN, or a certificate whose key was approved for the device through "
                    + "the API or the dashboard. The device maps the NMS's certificate to its NETCONF user "
                    + "(cert-to-name). RFC 8071's TLS heartbeats cannot be sent from Java: TCP keepalives are used.",
            "",
            "--mode both runs reverse-ssh and device-ssh-client; a comma-separated list (reverse-ssh,tls) runs "
                    + "those, and all runs the three.",
            "",
            "Trusted devices live in <state-dir>/trusted-devices.json: seeded at start from --known-devices "
                    + "(reverse-ssh) and --device-accounts (device-ssh-client), changed through the API or the "
                    + "dashboard, and kept across restarts. Revocations are kept too.",
            "",
            "Certificates: with --device-ca, a device may instead prove its id with an OpenSSH certificate of "
                    + "one of those CAs (a host certificate in reverse-ssh, a user certificate in "
                    + "device-ssh-client), the id being its one principal, or, in reverse-ssh, with an X.509 host "
                    + "certificate (RFC 6187) of a PEM CA, the id being its subject's serialNumber, else its CN; "
                    + "nothing per device is configured here, "
                    + "and its address is never looked at. --device-ids limits the ids taken, --revoked-keys "
                    + "refuses keys and certificates of both kinds of device. The NMS proves itself with "
                    + "--identity-cert and --host-cert to devices that trust its CA.",
            "",
            "HTTP (--http, loopback unless --api-token-file is given). Requests must name an allowed host "
                    + "(--http-allowed-hosts); the API refuses requests from pages of other origins (403), and "
                    + "POST and PUT take only their own Content-Type (415): application/json, or application/xml "
                    + "for an RPC:",
            "  GET    /                         the web dashboard",
            "  GET    /api/devices              every trusted or seen device, as JSON",
            "  POST   /api/devices              trust a device: {\"id\",\"approveFingerprint\"}",
            "                                   or {\"id\",\"strategy\",\"publicKey\"}",
            "  GET    /api/devices/{id}         one device",
            "  DELETE /api/devices/{id}         revoke it; a live session drops at once",
            "                                   (a certificate's id: refused until approved)",
            "  POST   /api/devices/{id}/rpc     one NETCONF operation as XML: its rpc-reply",
            "  GET    /api/devices/{id}/config  the running configuration",
            "  GET    /api/events               Server-Sent Events of every change",
            "  GET    /api/events/recent        the last 100 events, as JSON",
            "  GET    /api/strategies           both strategies side by side",
            "  GET    /api/trust                the trust store and its revocations",
            "  GET    /api/cluster              with --cluster: this node and the cluster's live members",
            "  GET    /api/bootstrap            zero-touch: the devices that asked, what they reported",
            "  PUT    /api/bootstrap/{serial}   {\"strategy\"}: the strategy that device is bootstrapped for",
            "  GET    /metrics                  Prometheus text format",
            "",
            "With --cluster every node's API serves the whole fleet: device entries and events name the \"node\" "
                    + "holding the session, an RPC goes to that node over the cluster's event bus, and /metrics "
                    + "labels every figure with node=\"<--node-name>\".",
            "",
            "Zero-touch bootstrap (RFC 8572, with --bootstrap-listen): HTTPS, the device authenticated by its "
                    + "IDevID (--idevid-ca):",
            "  POST   /restconf/operations/ietf-sztp-bootstrap-server:get-bootstrapping-data",
            "  POST   /restconf/operations/ietf-sztp-bootstrap-server:report-progress",
        })
public final class NmsServerMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(NmsServerMain.class);
    private static final int MAX_UINT8 = 255;
    private static final int MAX_UINT16 = 65535;
    /** A token is a line of text; anything much longer is the wrong file. */
    private static final int MAX_TOKEN_FILE_BYTES = 4096;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "reverse-ssh",
            description = "Strategies to serve: reverse-ssh, device-ssh-client, tls, a comma-separated list of them, "
                    + "both (reverse-ssh and device-ssh-client) or all (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--tls-listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:4335",
            description = "tls: where devices call home over TLS (default: ${DEFAULT-VALUE}, IANA netconf-ch-tls).")
    String tlsListen;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:4334",
            description = "Where devices call home (default: ${DEFAULT-VALUE}, IANA netconf-ch-ssh).")
    String listen;

    @Option(names = "--known-devices", paramLabel = "FILE",
            description = "reverse-ssh: trusted device host keys in known_hosts format, the device id in the "
                    + "host field: 'dev-17 ssh-ed25519 AAAA...'. Seeds the trust store; without it, devices are "
                    + "approved through the API or the dashboard.")
    Path knownDevices;

    @Option(names = "--identity", paramLabel = "FILE",
            description = "reverse-ssh: the NMS's private key (OpenSSH or PEM) used to log into devices. "
                    + "Required for reverse-ssh.")
    Path identity;

    @Option(names = "--username", paramLabel = "NAME", defaultValue = "nms",
            description = "SSH and NETCONF username on the devices (default: ${DEFAULT-VALUE}).")
    String username;

    @Option(names = "--ssh-listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:8322",
            description = "device-ssh-client: where the NMS's SSH server takes device logins (default: "
                    + "${DEFAULT-VALUE}; no port is assigned to this strategy).")
    String sshListen;

    @Option(names = "--host-key", paramLabel = "FILE",
            description = "device-ssh-client: the NMS's SSH host key, created as Ed25519 (0600) if missing "
                    + "(default: <state-dir>/ssh_host_ed25519_key). Devices pin its public key.")
    Path hostKey;

    @Option(names = "--device-accounts", paramLabel = "FILE",
            description = "device-ssh-client: one line per device, '<device-id> <key-type> <base64-key> [comment]'; "
                    + "the device logs in with that id as user name and that key. Seeds the trust store; without it, "
                    + "devices are approved through the API or the dashboard.")
    Path deviceAccounts;

    @Option(names = "--subsystem", paramLabel = "NAME", defaultValue = DeviceSshServer.DEFAULT_SUBSYSTEM,
            description = "device-ssh-client: the subsystem devices request, the only thing their accounts "
                    + "can do (default: ${DEFAULT-VALUE}, a local name as RFC 4250 §4.6.1 requires).")
    String subsystem;

    @Option(names = "--device-ca", paramLabel = "FILE",
            description = "CAs whose certificates identify devices, told by the file's content: OpenSSH CA public "
                    + "keys, one a line as in the .pub file of the key given to ssh-keygen -s (host certificates "
                    + "in reverse-ssh, user certificates in device-ssh-client, whose principal must be the login "
                    + "name; the device id is the certificate's one principal), or X.509 CA certificates in PEM "
                    + "(reverse-ssh devices presenting an X.509 host certificate, RFC 6187; the device id is the "
                    + "subject's serialNumber, else its CN). A file holds one kind; such a device connects with "
                    + "nothing configured for it here. May be given several times.")
    List<Path> deviceCas = new ArrayList<>();

    @Option(names = "--device-ids", paramLabel = "FILE",
            description = "With --device-ca: the device ids a certificate may name, one a line (the identities "
                    + "expected, RFC 8071 C6); a certificate naming another id is refused (unexpected-identity). "
                    + "Without it any id a trusted CA vouches for is taken, and the API shows such a device as "
                    + "caVouched.")
    Path deviceIds;

    @Option(names = "--revoked-keys", paramLabel = "FILE",
            description = "Keys and certificates to refuse, of devices pinned or certified, in either strategy: an "
                    + "OpenSSH KRL (ssh-keygen -k), a list of public keys, one a line, or X.509 CRLs in PEM. Read again within seconds "
                    + "of a change: a device it revokes is refused (revoked) and its live session dropped. A file "
                    + "that does not load stops the start; a later version that does not load is logged and the "
                    + "list in force kept.")
    Path revokedKeys;

    @Option(names = "--identity-cert", paramLabel = "FILE",
            description = "reverse-ssh: a user certificate of --identity (the -cert.pub file ssh-keygen -s "
                    + "writes), or its X.509 user certificate chain in PEM (end entity first, RFC 6187), offered to "
                    + "devices before the plain key, for devices that trust the NMS's CA.")
    Path identityCert;

    @Option(names = "--host-cert", paramLabel = "FILE",
            description = "device-ssh-client: a host certificate of the NMS's host key (see --host-key, which must "
                    + "exist), presented besides the plain key, for devices that trust the NMS's CA: an OpenSSH host "
                    + "certificate (ssh-keygen -s CA -h), or an X.509 chain in PEM (RFC 6187), the NMS's certificate "
                    + "first, then its CAs', for an EC P-256/384/521 or RSA (2048+) --host-key.")
    Path hostCert;

    @Option(names = "--http", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "Where the HTTP API listens (default: ${DEFAULT-VALUE}).")
    String http;

    @Option(names = "--http-allowed-hosts", paramLabel = "HOST[:PORT],...", split = ",",
            description = "The names a request's Host header may give, each with a port or for any port; others are "
                    + "refused (421), so that a web page whose name was made to resolve to the NMS (DNS rebinding) "
                    + "reaches nothing (default: localhost, 127.0.0.1, [::1] and the --http host; any IP address "
                    + "when --http is a wildcard address such as 0.0.0.0).")
    List<String> httpAllowedHosts = new ArrayList<>();

    @Option(names = "--http-max-header-bytes", paramLabel = "BYTES",
            defaultValue = "" + HttpLimits.DEFAULT_MAX_HEADER_BYTES,
            description = "The most a request's headers may take (431 past it; default: ${DEFAULT-VALUE}).")
    int httpMaxHeaderBytes;

    @Option(names = "--http-idle-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "An HTTP connection on which nothing is read or written this long is closed (default: "
                    + "${DEFAULT-VALUE}; more than the event stream's 15-second heartbeat).")
    long httpIdleTimeoutSeconds;

    @Option(names = "--http-request-timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "A whole request (headers and body) must arrive within this long of the connection "
                    + "opening or the previous answer ending; otherwise the connection is closed (default: "
                    + "${DEFAULT-VALUE}).")
    long httpRequestTimeoutSeconds;

    @Option(names = "--http-max-connections-per-source", paramLabel = "N",
            defaultValue = "" + HttpLimits.DEFAULT_MAX_CONNECTIONS_PER_SOURCE,
            description = "HTTP connections open at once from one IP address; more are closed on accept (default: "
                    + "${DEFAULT-VALUE}).")
    int httpMaxConnectionsPerSource;

    @Option(names = "--http-max-streams-per-source", paramLabel = "N",
            defaultValue = "" + HttpLimits.DEFAULT_MAX_STREAMS_PER_SOURCE,
            description = "Event streams (/api/events) open at once from one IP address, 503 past it; the dashboard "
                    + "then polls the API (default: ${DEFAULT-VALUE}; 64 in all).")
    int httpMaxStreamsPerSource;

    @Option(names = "--http-stream-write-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "An event stream whose client does not read, its write queue staying full this long, is "
                    + "closed (default: ${DEFAULT-VALUE}).")
    long httpStreamWriteTimeoutSeconds;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "nms-state",
            description = "Folder for what the NMS keeps: the trust store (trusted-devices.json) and its SSH "
                    + "host key (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--api-token-file", paramLabel = "FILE",
            description = "A file holding the bearer token (at least " + NmsSettings.MIN_TOKEN_LENGTH
                    + " characters) that the API and /metrics then require: 'Authorization: Bearer <token>'. "
                    + "Required to listen on a non-loopback --http address. Create one with: "
                    + "head -c 32 /dev/urandom | base64 > token; chmod 600 token")
    Path apiTokenFile;

    @Option(names = "--rpc-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long an RPC through the API may take (default: ${DEFAULT-VALUE}).")
    long rpcTimeoutSeconds;

    @Option(names = "--auth-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long SSH key exchange and login with a device may take (default: ${DEFAULT-VALUE}).")
    long authTimeoutSeconds;

    @Option(names = "--max-startups", paramLabel = "N|START:RATE:FULL",
            defaultValue = StartupLimits.DEFAULT_MAX_STARTUPS,
            description = "Connections between TCP accept and authentication per strategy, as OpenSSH's MaxStartups: "
                    + "N refuses every connection past N; START:RATE:FULL refuses a new one with probability RATE%% "
                    + "once START are in progress, rising linearly to all at FULL. A refused connection is closed "
                    + "before key exchange and its device calls again after its backoff, so that a crowd calling at "
                    + "once gets in at full speed and a flood cannot hold every place (default: ${DEFAULT-VALUE}).")
    String maxStartups;

    @Option(names = "--per-source-max-startups", paramLabel = "N",
            defaultValue = "" + StartupLimits.DEFAULT_PER_SOURCE,
            description = "Connections between TCP accept and authentication per source (an IPv4 address, an IPv6 "
                    + "/64) per strategy, as OpenSSH's PerSourceMaxStartups; the next one from that source is closed "
                    + "before key exchange, so one host cannot keep devices out (default: ${DEFAULT-VALUE}).")
    int perSourceMaxStartups;

    @Option(names = "--kex-timeout", paramLabel = "SECONDS",
            defaultValue = "" + StartupLimits.DEFAULT_KEX_TIMEOUT_SECONDS,
            description = "How long a device connection may take from TCP accept to the end of its first key "
                    + "exchange (identification and keys) before it is closed; --auth-timeout bounds the login "
                    + "(default: ${DEFAULT-VALUE}).")
    long kexTimeoutSeconds;

    @Option(names = "--keepalive-max-wait", paramLabel = "SECONDS",
            defaultValue = "" + Keepalives.DEFAULT_MAX_WAIT_SECONDS,
            description = "Send an SSH keepalive (keepalive@ietf.org) to each device this often (default: "
                    + "${DEFAULT-VALUE}).")
    long keepaliveMaxWaitSeconds;

    @Option(names = "--keepalive-max-attempts", paramLabel = "N", defaultValue = "" + Keepalives.DEFAULT_MAX_ATTEMPTS,
            description = "Drop a device after this many keepalives in a row go unanswered (default: ${DEFAULT-VALUE}).")
    int keepaliveMaxAttempts;

    @Option(names = "--bootstrap-listen", paramLabel = "HOST:PORT",
            description = "Runs the zero-touch bootstrap server (RFC 8572 SZTP, RESTCONF over HTTPS) here; "
                    + "without it none runs. Needs --bootstrap-tls-cert, --bootstrap-tls-key, --idevid-ca, "
                    + "--owner-cert, --owner-key and --vouchers.")
    String bootstrapListen;

    @Option(names = "--bootstrap-tls-cert", paramLabel = "FILE",
            description = "The bootstrap server's TLS certificate chain in PEM, its own certificate first.")
    Path bootstrapTlsCert;

    @Option(names = "--bootstrap-tls-key", paramLabel = "FILE",
            description = "The bootstrap server's TLS private key (PEM).")
    Path bootstrapTlsKey;

    @Option(names = "--idevid-ca", paramLabel = "FILE",
            description = "CA certificates in PEM whose IDevID certificates authenticate devices to the bootstrap "
                    + "server (TLS client certificates; the serial number is the subject's serialNumber). They "
                    + "also identify device-ssh-client devices logging in with their IDevID as an X.509 user "
                    + "certificate, as a PEM --device-ca would. A tls device bootstrapped here presents its IDevID "
                    + "when it calls and is trusted by its key once it reports bootstrap-complete.")
    Path idevidCa;

    @Option(names = "--owner-cert", paramLabel = "FILE",
            description = "The owner certificate chain in PEM, the owner's certificate first: it signs the "
                    + "conveyed information and is served as owner-certificate; it must chain to the vouchers' "
                    + "pinned-domain-cert.")
    Path ownerCert;

    @Option(names = "--owner-key", paramLabel = "FILE",
            description = "The private key of --owner-cert (PEM).")
    Path ownerKey;

    @Option(names = "--vouchers", paramLabel = "DIR",
            description = "Ownership vouchers from the manufacturer, one <serial>.vcj file (CMS) per device, "
                    + "served as they are; a device without one gets 404.")
    Path vouchers;

    @Option(names = "--bootstrap-strategy", paramLabel = "STRATEGY", defaultValue = "reverse-ssh",
            description = "The strategy devices are bootstrapped for, reverse-ssh, device-ssh-client or tls "
                    + "(default: ${DEFAULT-VALUE}); per device through PUT /api/bootstrap/{serial}. The NMS "
                    + "must serve it (--mode). tls devices get their IDevID as TLS identity and one account, "
                    + "named as --identity-cert names the NMS, that trusts the CA certificate at the end of "
                    + "that chain, or pins the NMS's certificate when the chain is that certificate alone.")
    String bootstrapStrategy;

    @Option(names = "--bootstrap-nms-address", paramLabel = "HOST",
            description = "The host bootstrapped devices are told to call (default: the --bootstrap-listen host, "
                    + "which must then not be a wildcard address such as 0.0.0.0).")
    String bootstrapNmsAddress;

    @Option(names = "--cluster",
            description = "Run as one node of a cluster of NMS nodes (Vert.x over Hazelcast): every node's API serves "
                    + "every device, wherever its session is; approvals and revocations apply on every node; a "
                    + "device lists several nodes as its endpoints and calls another when its node is gone. Each "
                    + "node keeps its own --state-dir and listeners. The cluster port must be reachable only by "
                    + "the other nodes: Hazelcast does not authenticate members. See docs/cluster.md.")
    boolean cluster;

    @Option(names = "--cluster-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "The address this node's cluster member and event bus bind and announce, an IP address "
                    + "the other nodes reach (default: ${DEFAULT-VALUE}).")
    String clusterHost;

    @Option(names = "--cluster-port", paramLabel = "PORT", defaultValue = "" + ClusterSettings.DEFAULT_PORT,
            description = "This node's cluster member port (default: ${DEFAULT-VALUE}).")
    int clusterPort;

    @Option(names = "--cluster-members", paramLabel = "HOST:PORT,...", split = ",",
            description = "Where the nodes of the cluster are (static discovery; this node may be listed too). "
                    + "Without it the node starts a cluster of its own that others join by listing it.")
    List<String> clusterMembers = new ArrayList<>();

    @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = ClusterSettings.DEFAULT_NAME,
            description = "The cluster's name: nodes of another name never join it (default: ${DEFAULT-VALUE}).")
    String clusterName;

    @Option(names = "--cluster-config", paramLabel = "FILE",
            description = "A Hazelcast configuration file (XML or YAML) for anything the options above do not "
                    + "cover (other discovery, TLS through Hazelcast Enterprise...): it replaces "
                    + "--cluster-port, --cluster-members and --cluster-name, which must not be given with it.")
    Path clusterConfig;

    @Option(names = "--node-name", paramLabel = "NAME",
            description = "This node's name in the API, the events and the metrics' node label (default: "
                    + "--cluster-host:--cluster-port; required with --cluster-config).")
    String nodeName;

    @Option(names = "--trust-unknown-devices",
            description = "LAB ONLY: accept any device host key. Logged loudly at every connection.")
    boolean trustUnknownDevices;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What the arguments name, read and checked; nothing is created yet. */
    private record Checked(Optional<NmsSettings.ReverseSsh> reverseSsh, Optional<DeviceSshChecked> deviceSsh,
                           InetSocketAddress http, Optional<String> apiToken,
                           NmsSettings.DeviceCertificates deviceCertificates, Optional<BootstrapSettings> bootstrap,
                           Optional<NmsSettings.Tls> tls, Optional<ClusterSettings> cluster) {
    }

    /** device-ssh-client's part, whose host key may still have to be written. */
    private record DeviceSshChecked(InetSocketAddress listen, KeyFile hostKey, KnownDevices accounts,
                                    Optional<OpenSshCertificate> hostCertificate,
                                    List<X509Certificate> hostX509Chain) {
        NmsSettings.DeviceSsh settings(KeyPair key, String subsystem) {
            return new NmsSettings.DeviceSsh(listen, key, accounts, subsystem, hostCertificate, hostX509Chain);
        }
    }

    public static void main(String[] args) {
        System.exit(CommandLines.of(new NmsServerMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Checked checked = check();
        NmsSettings settings = settings(checked,
                checked.deviceSsh().map(device -> device.settings(device.hostKey().keyPair(), subsystem)));
        if (trustUnknownDevices) {
            LOG.warn("--trust-unknown-devices is set: ANY device key is accepted. Lab use only.");
        }
        // every argument is checked: from here on files and folders are created, the trust store first
        TrustStore trust = trustStore(settings);
        if (checked.deviceSsh().isPresent() && checked.deviceSsh().get().hostKey().isNew()) {
            DeviceSshChecked device = checked.deviceSsh().get();
            // the same key, unless another process created the file in the meantime
            settings = settings(checked, Optional.of(device.settings(device.hostKey().save(), subsystem)));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (NmsServer server = start(settings, trust, checked.bootstrap(), checked.cluster())) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "nms-shutdown"));
            if (settings.reverseSsh().isPresent()) {
                LOG.info("reverse-ssh: devices call home on {}:{}", settings.reverseSsh().get().listen().getHostString(),
                        server.callHomeAddress().getPort());
            }
            if (settings.deviceSsh().isPresent()) {
                LOG.info("device-ssh-client: devices log in on {}:{}, subsystem {}, NMS host key {}",
                        settings.deviceSsh().get().listen().getHostString(), server.deviceSshAddress().getPort(),
                        subsystem, SshKeys.fingerprint(settings.deviceSsh().get().hostKey().getPublic()));
            }
            server.bootstrapPort().ifPresent(port -> LOG.info("zero-touch bootstrap server on https://{}:{}/restconf",
                    checked.bootstrap().orElseThrow().listen().getHostString(), port));
            LOG.info("nms-server ready: dashboard on http://{}:{}/", settings.http().getHostString(),
                    server.httpPort());
            stopped.await();
        }
        return 0;
    }

    /** Reads and checks every argument and every file they name; creates nothing. */
    private Checked check() throws IOException {
        Set<CallHomeStrategy> modes = modes();
        boolean reverse = modes.contains(CallHomeStrategy.REVERSE_SSH);
        boolean deviceSsh = modes.contains(CallHomeStrategy.DEVICE_SSH_CLIENT);
        if (Files.exists(stateDir) && !Files.isDirectory(stateDir)) {
            throw new IOException("--state-dir " + stateDir + ": is a file, not a folder; give a folder (created if "
                    + "missing)");
        }
        OptionChecks.inRange(spec.commandLine(), "--rpc-timeout", rpcTimeoutSeconds, 1, MAX_UINT16);
        OptionChecks.inRange(spec.commandLine(), "--auth-timeout", authTimeoutSeconds, 1, MAX_UINT16);
        if (maxStartups.chars().allMatch(c -> c >= '0' && c <= '9') && !maxStartups.isEmpty()
                && maxStartups.length() <= 6) {
            OptionChecks.inRange(spec.commandLine(), "--max-startups", Long.parseLong(maxStartups), 1, MAX_UINT16);
        }
        OptionChecks.inRange(spec.commandLine(), "--per-source-max-startups", perSourceMaxStartups, 1, MAX_UINT16);
        OptionChecks.inRange(spec.commandLine(), "--kex-timeout", kexTimeoutSeconds, 1, MAX_UINT16);
        startupLimits();
        OptionChecks.inRange(spec.commandLine(), "--keepalive-max-wait", keepaliveMaxWaitSeconds, 1, MAX_UINT16);
        OptionChecks.inRange(spec.commandLine(), "--keepalive-max-attempts", keepaliveMaxAttempts, 1, MAX_UINT8);
        Optional<NmsSettings.ReverseSsh> reverseSsh = Optional.empty();
        if (reverse) {
            InetSocketAddress callHome = address(listen, "--listen");
            Path identityFile = required(identity, "--identity", "reverse-ssh",
                    "the private key the NMS logs in to devices with ('ssh-keygen -t ed25519 -f FILE' makes one)");
            KeyPair identityKey = OptionChecks.read("--identity", identityFile,
                    () -> SshKeys.loadPrivateKey(identityFile));
            boolean x509Identity = identityCert != null && OptionChecks.read("--identity-cert", identityCert,
                    () -> X509ChainFile.isPem(identityCert));
            Optional<CertifiedKey> identityCertificate = identityCert == null || x509Identity ? Optional.empty()
                    : Optional.of(OptionChecks.read("--identity-cert", identityCert,
                            () -> CertifiedKey.load(identityCert, identityFile, OpenSshCertificate.Type.USER)));
            Optional<KeyPair> x509Chain = !x509Identity ? Optional.empty()
                    : Optional.of(OptionChecks.read("--identity-cert", identityCert,
                            () -> X509PublicKey.keyPair(identityKey,
                                    X509ChainFile.load(identityCert, identityKey, identityFile, "--identity"))));
            reverseSsh = Optional.of(new NmsSettings.ReverseSsh(callHome, trustFile(knownDevices, "--known-devices"),
                    identityKey, username, trustUnknownDevices, identityCertificate, x509Chain));
        }
        Optional<DeviceSshChecked> deviceSshChecked = Optional.empty();
        if (deviceSsh) {
            InetSocketAddress logins = address(sshListen, "--ssh-listen");
            Path key = hostKey != null ? hostKey : stateDir.resolve("ssh_host_ed25519_key");
            KeyFile keyFile = OptionChecks.read(hostKey != null ? "--host-key" : "--state-dir", key,
                    () -> KeyFile.open(key));
            boolean x509Host = hostCert != null && OptionChecks.read("--host-cert", hostCert,
                    () -> X509ChainFile.isPem(hostCert));
            deviceSshChecked = Optional.of(new DeviceSshChecked(logins, keyFile,
                    trustFile(deviceAccounts, "--device-accounts"), x509Host ? Optional.empty()
                    : hostCertificate(keyFile), x509Host ? hostX509Chain(keyFile) : List.of()));
        }
        Optional<NmsSettings.Tls> tls = Optional.empty();
        if (modes.contains(CallHomeStrategy.TLS)) {
            InetSocketAddress calls = address(tlsListen, "--tls-listen");
            Path identityFile = required(identity, "--identity", "tls",
                    "the NMS's TLS key, EC P-256/384/521 or RSA of 2048 bits or more, PEM ('openssl ecparam -name "
                            + "prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out FILE' makes one)");
            Path chainFile = required(identityCert, "--identity-cert", "tls",
                    "the NMS's X.509 certificate chain of --identity in PEM, its own certificate first");
            KeyPair tlsKey = OptionChecks.read("--identity", identityFile, () -> SshKeys.loadPrivateKey(identityFile));
            if (!OptionChecks.read("--identity-cert", chainFile, () -> X509ChainFile.isPem(chainFile))) {
                throw usage("--identity-cert " + chainFile + ": tls needs an X.509 certificate chain in PEM, not an "
                        + "OpenSSH certificate");
            }
            List<X509Certificate> chain = OptionChecks.read("--identity-cert", chainFile,
                    () -> X509ChainFile.load(chainFile, tlsKey, identityFile, "--identity"));
            tls = Optional.of(new NmsSettings.Tls(calls, tlsKey, chain));
        }
        Optional<BootstrapSettings> bootstrap = bootstrap(reverse, deviceSsh, tls);
        NmsSettings.DeviceCertificates certificates = deviceCertificates(
                bootstrap.map(BootstrapSettings::idevidCas).orElse(List.of()));
        InetSocketAddress api = address(http, "--http");
        Optional<String> token = apiToken();
        if (token.isEmpty() && !api.getAddress().isLoopbackAddress()) {
            throw usage("--http " + http + ": not a loopback address, so anyone who reaches it could use the API: "
                    + "give it a bearer token with --api-token-file FILE first");
        }
        return new Checked(reverseSsh, deviceSshChecked, api, token, certificates, bootstrap, tls, clusterSettings());
    }

    /** The cluster this node joins, with --cluster; its options without it are a mistake. */
    private Optional<ClusterSettings> clusterSettings() throws IOException {
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        List<String> clusterOptions = List.of("--cluster-host", "--cluster-port", "--cluster-members",
                "--cluster-name", "--cluster-config", "--node-name");
        if (!cluster) {
            for (String option : clusterOptions) {
                if (given.hasMatchedOption(option)) {
                    throw usage(option + " needs --cluster");
                }
            }
            return Optional.empty();
        }
        InetAddress host;
        try {
            host = InetAddress.getByName(clusterHost);
        } catch (UnknownHostException e) {
            throw usage("--cluster-host " + clusterHost + ": unknown host; give an IP address of this host");
        }
        OptionChecks.inRange(spec.commandLine(), "--cluster-port", clusterPort, 1, MAX_UINT16);
        for (String member : clusterMembers) {
            try {
                Endpoint.parse(member);
            } catch (IllegalArgumentException e) {
                throw usage("--cluster-members " + member + ": " + e.getMessage() + " (give HOST:PORT,...)");
            }
            if (member.lastIndexOf(':') <= member.lastIndexOf(']')) {
                throw usage("--cluster-members " + member + ": give the member's port too (HOST:PORT,...)");
            }
        }
        if (clusterConfig != null) {
            for (String option : List.of("--cluster-port", "--cluster-members", "--cluster-name")) {
                if (given.hasMatchedOption(option)) {
                    throw usage(option + " cannot be given with --cluster-config, whose file configures the "
                            + "cluster instead");
                }
            }
            if (!Files.isReadable(clusterConfig)) {
                throw new IOException("--cluster-config " + clusterConfig + ": no such file, or not readable");
            }
        }
        if (clusterConfig != null && nodeName == null) {
            throw usage("--cluster-config needs --node-name: the file, not --cluster-port, says where this node is");
        }
        String name = nodeName != null ? nodeName : host.getHostAddress() + ":" + clusterPort;
        if (name.isBlank() || name.length() > 128 || name.chars().anyMatch(Character::isISOControl)) {
            throw usage("--node-name: give a name of 1 to 128 printable characters");
        }
        return Optional.of(new ClusterSettings(clusterName, host.getHostAddress(), clusterPort, clusterMembers,
                Optional.ofNullable(clusterConfig), name));
    }

    /**
     * The zero-touch bootstrap server's options, all files read and checked; none without --bootstrap-listen.
     *
     * @param tls the NMS's tls settings, if it serves tls: its certificate must be one devices can be told
     *            to accept for tls to be the default strategy
     */
    private Optional<BootstrapSettings> bootstrap(boolean reverse, boolean deviceSsh, Optional<NmsSettings.Tls> tls)
            throws IOException {
        if (bootstrapListen == null) {
            for (Object given : new Object[] {bootstrapTlsCert, bootstrapTlsKey, idevidCa, ownerCert, ownerKey,
                    vouchers, bootstrapNmsAddress}) {
                if (given != null) {
                    throw usage("the zero-touch bootstrap options need --bootstrap-listen HOST:PORT");
                }
            }
            return Optional.empty();
        }
        InetSocketAddress listenAt = address(bootstrapListen, "--bootstrap-listen");
        CallHomeStrategy strategy;
        try {
            strategy = CallHomeStrategy.fromWireName(bootstrapStrategy);
        } catch (IllegalArgumentException e) {
            throw usage("--bootstrap-strategy must be reverse-ssh, device-ssh-client or tls, not '" + bootstrapStrategy
                    + "'");
        }
        boolean served = switch (strategy) {
            case REVERSE_SSH -> reverse;
            case DEVICE_SSH_CLIENT -> deviceSsh;
            case TLS -> tls.isPresent();
        };
        if (!served) {
            throw usage("--bootstrap-strategy " + bootstrapStrategy + ": the NMS does not serve it; add it to --mode");
        }
        if (strategy == CallHomeStrategy.TLS) {
            try {
                CallHomeConfiguration.TlsClient.of(tls.get(), tls.get().listen().getPort());
            } catch (IllegalArgumentException e) {
                throw usage("--bootstrap-strategy tls: --identity-cert " + identityCert + ": " + e.getMessage());
            }
        }
        String nmsAddress = bootstrapNmsAddress;
        if (nmsAddress == null) {
            if (listenAt.getAddress().isAnyLocalAddress()) {
                throw usage("--bootstrap-listen " + bootstrapListen + ": a wildcard address, which devices cannot "
                        + "call: give --bootstrap-nms-address HOST, the address devices reach the NMS at");
            }
            nmsAddress = listenAt.getHostString();
        }
        Path tlsCert = required(bootstrapTlsCert, "--bootstrap-tls-cert", "--bootstrap-listen",
                "the bootstrap server's TLS certificate chain (PEM)");
        Path tlsKeyFile = required(bootstrapTlsKey, "--bootstrap-tls-key", "--bootstrap-listen",
                "the bootstrap server's TLS private key (PEM)");
        Path idevids = required(idevidCa, "--idevid-ca", "--bootstrap-listen",
                "the CAs of the devices' IDevID certificates (PEM)");
        Path ownerCertFile = required(ownerCert, "--owner-cert", "--bootstrap-listen",
                "the owner certificate chain that signs conveyed information (PEM)");
        Path ownerKeyFile = required(ownerKey, "--owner-key", "--bootstrap-listen", "the owner's private key (PEM)");
        Path voucherDir = required(vouchers, "--vouchers", "--bootstrap-listen",
                "the folder of <serial>.vcj ownership vouchers");
        if (!Files.isDirectory(voucherDir)) {
            throw new IOException("--vouchers " + voucherDir + ": not a folder; give the folder of <serial>.vcj "
                    + "ownership vouchers");
        }
        KeyPair tlsKey = OptionChecks.read("--bootstrap-tls-key", tlsKeyFile, () -> SshKeys.loadPrivateKey(tlsKeyFile));
        List<X509Certificate> tlsChain = OptionChecks.read("--bootstrap-tls-cert", tlsCert,
                () -> X509ChainFile.load(tlsCert, tlsKey, tlsKeyFile, "--bootstrap-tls-key"));
        List<X509Certificate> cas = new ArrayList<>();
        OptionChecks.read("--idevid-ca", idevids, () -> X509Authorities.load(idevids)).all()
                .forEach(ca -> cas.add(ca.certificate()));
        KeyPair owner = OptionChecks.read("--owner-key", ownerKeyFile, () -> SshKeys.loadPrivateKey(ownerKeyFile));
        List<X509Certificate> ownerChain = OptionChecks.read("--owner-cert", ownerCertFile,
                () -> X509ChainFile.load(ownerCertFile, owner, ownerKeyFile, "--owner-key"));
        OwnerSigner signer;
        try {
            signer = new OwnerSigner(owner.getPrivate(), ownerChain);
        } catch (IllegalArgumentException e) {
            throw new IOException("--owner-cert " + ownerCertFile + ": " + e.getMessage(), e);
        }
        return Optional.of(new BootstrapSettings(listenAt, tlsKey, tlsChain, cas, signer, voucherDir, strategy,
                nmsAddress));
    }

    /** The device certificate options, each file read and checked. */
    /** @param idevidCas the --idevid-ca CAs, which identify device-ssh-client devices by their IDevID as well */
    private NmsSettings.DeviceCertificates deviceCertificates(List<X509Certificate> idevidCas) throws IOException {
        if (deviceIds != null && deviceCas.isEmpty()) {
            throw usage("--device-ids FILE lists the ids that device certificates may name: it needs --device-ca "
                    + "FILE, the CAs that sign those certificates");
        }
        List<PublicKey> keys = new ArrayList<>();
        List<X509Certificate> x509Cas = new ArrayList<>(idevidCas);
        for (Path file : deviceCas) {
            if (OptionChecks.read("--device-ca", file, () -> DeviceCaFile.of(file)) == DeviceCaFile.Kind.X509) {
                OptionChecks.read("--device-ca", file, () -> X509Authorities.load(file)).all()
                        .forEach(ca -> x509Cas.add(ca.certificate()));
            } else {
                OptionChecks.read("--device-ca", file, () -> CertificateAuthorities.load(file)).all()
                        .forEach(ca -> keys.add(ca.key()));
            }
        }
        Optional<CertificateAuthorities> authorities = keys.isEmpty() ? Optional.empty()
                : Optional.of(CertificateAuthorities.of(keys));
        Optional<X509Authorities> x509 = x509Cas.isEmpty() ? Optional.empty()
                : Optional.of(X509Authorities.of(x509Cas));
        Optional<Set<String>> ids = deviceIds == null ? Optional.empty()
                : Optional.of(OptionChecks.read("--device-ids", deviceIds, () -> DeviceIdsFile.read(deviceIds)));
        Optional<RevokedKeysFile> revoked = revokedKeys == null ? Optional.empty()
                : Optional.of(OptionChecks.read("--revoked-keys", revokedKeys, () -> RevokedKeysFile.open(revokedKeys)));
        x509.ifPresent(cas -> revoked.ifPresent(list -> cas.crlsSignedByNone(list.get()).forEach(LOG::warn)));
        return new NmsSettings.DeviceCertificates(authorities, ids, revoked,
                NmsSettings.DeviceCertificates.DEFAULT_REVOCATION_POLL, x509);
    }

    /** The --host-cert X.509 chain (PEM), which must certify the host key in force. */
    private List<X509Certificate> hostX509Chain(KeyFile keyFile) throws IOException {
        if (keyFile.isNew()) {
            throw new IOException("--host-cert " + hostCert + ": an X.509 chain, but the host key " + keyFile.file()
                    + " does not exist yet; give --host-key the key the certificate was made for");
        }
        return OptionChecks.read("--host-cert", hostCert,
                () -> X509ChainFile.load(hostCert, keyFile.keyPair(), keyFile.file(), "--host-key"));
    }

    /** The --host-cert certificate, which must be a host certificate of the host key in force. */
    private Optional<OpenSshCertificate> hostCertificate(KeyFile keyFile) throws IOException {
        if (hostCert == null) {
            return Optional.empty();
        }
        OpenSshCertificate certificate = OptionChecks.read("--host-cert", hostCert,
                () -> CertifiedKey.readCertificate(hostCert));
        String certified = SshKeys.fingerprint(certificate.getCertPubKey());
        if (certificate.getType() != OpenSshCertificate.Type.HOST) {
            throw new IOException("--host-cert " + hostCert + ": a user certificate, but the NMS's SSH server "
                    + "presents a host certificate (ssh-keygen -s with -h)");
        }
        if (keyFile.isNew()) {
            throw new IOException("--host-cert " + hostCert + ": certifies key " + certified + ", but the host key "
                    + keyFile.file() + " does not exist yet; give --host-key the key the certificate was made for");
        }
        String hostKeyFingerprint = SshKeys.fingerprint(keyFile.keyPair().getPublic());
        if (!certified.equals(hostKeyFingerprint)) {
            throw new IOException("--host-cert " + hostCert + ": certifies key " + certified + ", but the host key "
                    + keyFile.file() + " is " + hostKeyFingerprint + "; give the certificate made for that key");
        }
        return Optional.of(certificate);
    }

    private NmsSettings settings(Checked checked, Optional<NmsSettings.DeviceSsh> deviceSsh) {
        try {
            return new NmsSettings(checked.reverseSsh(), deviceSsh, checked.http(), checked.apiToken(),
                    Duration.ofSeconds(authTimeoutSeconds), startupLimits(),
                    new Keepalives(Duration.ofSeconds(keepaliveMaxWaitSeconds), keepaliveMaxAttempts),
                    Duration.ofSeconds(rpcTimeoutSeconds), NetconfLimits.DEFAULT, stateDir,
                    checked.deviceCertificates(), httpLimits(), checked.tls());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** --max-startups, --per-source-max-startups and --kex-timeout, as the limiter takes them. */
    private StartupLimits startupLimits() {
        try {
            return StartupLimits.withMaxStartups(maxStartups, perSourceMaxStartups,
                    Duration.ofSeconds(kexTimeoutSeconds));
        } catch (IllegalArgumentException e) {
            throw usage("--max-startups: " + e.getMessage());
        }
    }

    /** The --http-* options; checked by the caller, whose usage error reports what they refuse. */
    private HttpLimits httpLimits() {
        OptionChecks.inRange(spec.commandLine(), "--http-idle-timeout", httpIdleTimeoutSeconds, 1, 3600);
        OptionChecks.inRange(spec.commandLine(), "--http-request-timeout", httpRequestTimeoutSeconds, 1, 3600);
        OptionChecks.inRange(spec.commandLine(), "--http-stream-write-timeout", httpStreamWriteTimeoutSeconds, 1,
                3600);
        return new HttpLimits(httpAllowedHosts, httpMaxHeaderBytes, Duration.ofSeconds(httpIdleTimeoutSeconds),
                Duration.ofSeconds(httpRequestTimeoutSeconds), httpMaxConnectionsPerSource, httpMaxStreamsPerSource,
                Duration.ofSeconds(httpStreamWriteTimeoutSeconds));
    }

    /** The strategies --mode names: one, a comma-separated list, both (the two SSH ones) or all. */
    private Set<CallHomeStrategy> modes() {
        Set<CallHomeStrategy> modes = EnumSet.noneOf(CallHomeStrategy.class);
        for (String name : mode.split(",", -1)) {
            String word = name.strip();
            switch (word) {
                case "both" -> modes.addAll(List.of(CallHomeStrategy.REVERSE_SSH, CallHomeStrategy.DEVICE_SSH_CLIENT));
                case "all" -> modes.addAll(EnumSet.allOf(CallHomeStrategy.class));
                default -> {
                    try {
                        modes.add(CallHomeStrategy.fromWireName(word));
                    } catch (IllegalArgumentException e) {
                        throw usage("--mode must be reverse-ssh, device-ssh-client, tls, a comma-separated list of "
                                + "them, both or all, not '" + mode + "'");
                    }
                }
            }
        }
        return modes;
    }

    /** The trust store, damaged or contradicting a trust file, is reported under the folder holding it. */
    private TrustStore trustStore(NmsSettings settings) throws IOException {
        return OptionChecks.read("--state-dir", stateDir, () -> NmsServer.openTrustStore(settings));
    }

    /** Starts the NMS; a listener that cannot bind is reported with the option that gave its address. */
    private NmsServer start(NmsSettings settings, TrustStore trust, Optional<BootstrapSettings> bootstrap,
                            Optional<ClusterSettings> cluster) throws Exception {
        try {
            return NmsServer.start(settings, trust, bootstrap, cluster);
        } catch (ListenFailedException e) {
            String option = switch (e.listener()) {
                case CALL_HOME -> "--listen " + listen;
                case DEVICE_SSH -> "--ssh-listen " + sshListen;
                case TLS_CALL_HOME -> "--tls-listen " + tlsListen;
                case HTTP -> "--http " + http;
                case BOOTSTRAP -> "--bootstrap-listen " + bootstrapListen;
            };
            throw new IOException(option + ": " + e.reason(), e);
        }
    }

    private Optional<String> apiToken() throws IOException {
        if (apiTokenFile == null) {
            return Optional.empty();
        }
        String token = OptionChecks.read("--api-token-file", apiTokenFile,
                () -> TextFiles.read(apiTokenFile, MAX_TOKEN_FILE_BYTES)).strip();
        String problem = NmsSettings.problemWithToken(token);
        if (problem != null) {
            throw new IOException("--api-token-file " + apiTokenFile + ": " + problem
                    + "; make one with: head -c 32 /dev/urandom | base64 > " + apiTokenFile);
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(apiTokenFile);
            if (permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("--api-token-file {} can be read by other users: chmod 600 it", apiTokenFile);
            }
        } catch (UnsupportedOperationException notPosix) {
            // nothing to check
        }
        return Optional.of(token);
    }

    /** A trust file's devices; none when the option is not given (devices are then approved through the API). */
    private static KnownDevices trustFile(Path file, String option) throws IOException {
        return file == null ? KnownDevices.of(Map.of())
                : OptionChecks.read(option, file, () -> KnownDevices.load(file));
    }

    private Path required(Path value, String option, String strategy, String what) {
        if (value == null) {
            throw usage(option + " FILE is required for " + strategy + ": " + what);
        }
        return value;
    }

    /** A listening address; the host must resolve now, so that a typing error is found before anything starts. */
    private InetSocketAddress address(String text, String option) {
        Endpoint endpoint;
        try {
            endpoint = Endpoint.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
        InetSocketAddress address = new InetSocketAddress(endpoint.host(), endpoint.port());
        if (address.isUnresolved()) {
            throw usage(option + " " + text + ": unknown host '" + endpoint.host()
                    + "'; give an address of this host, or 0.0.0.0 for all of them");
        }
        return address;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
