package org.callhome.device;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.callhome.device.accounts.AccountTable;
import org.callhome.device.bootstrap.BootstrapFailedException;
import org.callhome.device.bootstrap.BootstrapStore;
import org.callhome.device.callhome.CallHomeFormat;
import org.callhome.device.callhome.CallHomeOptions;
import org.callhome.device.callhome.DialerListener;
import org.callhome.device.devicessh.DeviceSshClientDevice;
import org.callhome.device.devicessh.DeviceSshStrategy;
import org.callhome.device.devicessh.NmsHostKeys;
import org.callhome.device.reversessh.ReverseSshStrategy;
import org.callhome.device.tls.TlsStrategy;
import org.callhome.device.yang.DeviceSchema;
import org.callhome.device.yang.SchemaException;
import org.callhome.shared.cli.BuildInfo;
import org.callhome.shared.cli.CommandLines;
import org.callhome.shared.cli.OptionChecks;
import org.callhome.shared.config.CallHomeJson;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.DeviceCallHomeConfig;
import org.callhome.shared.config.DeviceSshClientConfig;
import org.callhome.shared.config.DeviceSshClientSettings;
import org.callhome.shared.config.DeviceSshClientSettings.HostKeyFormat;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceTlsCallHomeConfig;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.TlsCallHomeJson;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.RevokedKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.text.PeerText;
import org.callhome.shared.x509.CertToName;
import org.callhome.shared.x509.CertToNameEntry;
import org.callhome.shared.x509.MapType;
import org.callhome.shared.x509.TlsFingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Entry point of the device agent. */
@Command(name = "device-client", mixinStandardHelpOptions = true, versionProvider = BuildInfo.VersionProvider.class,
        sortOptions = false, subcommands = {StdioCommand.class, CommandLine.HelpCommand.class},
        description = {
            "The device side of NETCONF Call Home: a NETCONF server (RFC 6241/6242) with a persistent running "
                    + "datastore, that calls home to an NMS.",
            "",
            "--mode reverse-ssh (RFC 8071): dials the NMS (--nms, port 4334) and is then the SSH server; the NMS logs "
                    + "in with a key, or a user certificate of a CA, that an --account trusts and opens the 'netconf' "
                    + "subsystem. The device never listens on a port. With --ssh-server openssh the dialed "
                    + "connection is handed to stock OpenSSH 'sshd -i' instead of the built-in SSH server.",
            "",
            "--mode device-ssh-client (the alternative): dials the NMS's SSH server (--nms), accepts only the pinned "
                    + "--nms-host-key or a host certificate of a pinned CA (checked before any credential is sent), "
                    + "logs in as --login with the --identity key or its --identity-cert, opens a channel and "
                    + "requests --subsystem; inside it the device is still the NETCONF server, its sessions running "
                    + "as --bind-account.",
            "",
            "--mode tls (RFC 8071 over TLS, RFC 7589): dials the NMS (--nms, port 4335) and is then the TLS server, "
                    + "presenting --host-cert for --host-key; the NMS is the TLS client and must present a client "
                    + "certificate of a CA an --account's file holds. Its account (the cert-to-name mapping of "
                    + "--config, else its subject serialNumber or CN) is the NETCONF username; none: the connection "
                    + "is closed. TLS 1.3 and 1.2 only. RFC 8071 asks for TLS heartbeats, which Java's TLS cannot "
                    + "send: the device runs TCP keepalive instead (--keepalive-*).",
            "",
            "Zero touch (RFC 8572, --bootstrap or --dhcp-lease): a factory-fresh device presents its IDevID to "
                    + "bootstrap servers, accepts only onboarding information signed by the owner its manufacturer's "
                    + "voucher names (or unsigned from a server --bootstrap-ca authenticates), stores it in "
                    + "<datastore>/bootstrap/ and calls home with it, in the strategy it conveys (reverse-ssh, "
                    + "device-ssh-client or tls; in the last two the IDevID is the device's key and certificate); "
                    + "if no server's data is accepted it exits with status 1 and calls nobody.",
            "",
            "'stdio' runs one NETCONF session on stdin/stdout (an OpenSSH subsystem program).",
            "",
            "Not built yet: password authentication; TLS heartbeats "
                    + "(RFC 6520): in tls, --config refuses tls-server-parameters/keepalives and takes TCP keepalives "
                    + "(tcp-client-parameters/keepalives) instead."
        })
public final class DeviceClientMain implements Callable<Integer> {

    /** A larger --nms-host-key file is named known-hosts-file in the tree without being looked at. */
    private static final long MAX_HOST_KEY_FILE_BYTES = 1024 * 1024;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "Call-home strategy: reverse-ssh, device-ssh-client or tls.")
    String mode;

    @Option(names = "--datastore", paramLabel = "DIR", defaultValue = "device-data",
            description = "Data folder of the running datastore (default: ${DEFAULT-VALUE}).")
    Path datastore;

    @Option(names = "--host-key", paramLabel = "FILE",
            description = "The device's SSH host key (OpenSSH or PEM, PKCS#8 too); created as Ed25519, mode 0600, "
                    + "if missing. For an X.509 --host-cert: EC P-256, P-384, P-521 or RSA of at least 2048 bits. "
                    + "Replaces the one of --config. Default: device-data/ssh_host_ed25519_key. "
                    + "tls (required): the device's TLS key, EC P-256, P-384, P-521 or RSA of at least 2048 bits "
                    + "(PEM, PKCS#8 too); never created.")
    Path hostKey;

    @Option(names = "--host-cert", paramLabel = "FILE",
            description = "reverse-ssh: an OpenSSH host certificate of --host-key (ssh-keygen -s CA -h), presented "
                    + "to an NMS that asks for certificates, with either --ssh-server; or, with the built-in server "
                    + "only, an X.509 certificate chain in PEM (RFC 6187): the certificate of --host-key first, then "
                    + "its CAs' up to the root, presented as x509v3-ecdsa-sha2-* or x509v3-rsa2048-sha256. The file's "
                    + "content tells which. The host key must exist and be the one certified. Replaces the one of "
                    + "--config. tls (required): the device's X.509 chain in PEM, its certificate (for a TLS "
                    + "server: extendedKeyUsage serverAuth, if it has one) first, then its CAs'; it must certify "
                    + "--host-key.")
    Path hostCert;

    @Option(names = "--cert-to-name", paramLabel = "[FINGERPRINT=]MAP-TYPE[:NAME]",
            description = "A cert-to-name entry (RFC 7407, repeatable, tried in the order given) naming the account "
                    + "of the NMS's X.509 certificate: its TLS client certificate in tls, an X.509 login in "
                    + "reverse-ssh. MAP-TYPE: specified (with :NAME, the account), san-rfc822-name, san-dns-name, "
                    + "san-ip-address, san-any or common-name. FINGERPRINT (the certificate's hash algorithm octet "
                    + "and hash, colon-separated hex as ietf-x509-cert-to-name writes it, e.g. 04:9A:...) limits the "
                    + "entry to chains holding that certificate, the NMS's own or a CA's; without it the entry "
                    + "applies to any chain an account's file trusts. With entries, a certificate no entry maps "
                    + "gets no session (RFC 7589); without, its identity (subject serialNumber, else CN) must be the "
                    + "account's name. The simple case: --cert-to-name specified:nms. Not with the mappings of "
                    + "--config.")
    List<String> certToName = new ArrayList<>();

    @Option(names = "--account", paramLabel = "NAME:ROLE[:AUTHORIZED_KEYS_FILE]",
            description = "An account the NMS may log in as (repeatable); ROLE is admin or read-only. "
                    + "Public-key authentication only. The file lists the NMS's keys and may trust an NMS CA as "
                    + "sshd does: a line 'cert-authority,principals=\"nms\" CA_KEY' lets in a user certificate of "
                    + "that CA naming one of the principals (without principals=, the account's name). "
                    + "Or the file holds X.509 CA certificates in PEM (RFC 6187, built-in server only): an X.509 "
                    + "user certificate chaining to one, whose subject serialNumber, else CN, is the account's "
                    + "name, logs in. Replaces the accounts of --config. tls: the file must hold X.509 "
                    + "certificates in PEM: CA certificates, and may pin the NMS's own certificate (self-signed or "
                    + "not, CA:FALSE; ietf-tls-server ee-certs). An NMS client certificate chaining to a CA of the "
                    + "file, or byte-identical to a certificate it pins (extendedKeyUsage clientAuth, if it has "
                    + "one), gets a NETCONF session as the account its subject serialNumber, else CN, names, or "
                    + "the one a cert-to-name mapping of --config names, if that account's file trusts it.")
    List<String> accounts = new ArrayList<>();

    @Option(names = "--auth-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Close a connection on which the NMS has not authenticated within this time "
                    + "(RFC 8071; in tls, the whole TLS handshake; default: ${DEFAULT-VALUE}).")
    long authTimeoutSeconds;

    @Option(names = "--ssh-server", paramLabel = "KIND", defaultValue = "mina",
            description = "SSH server on the dialed connection: mina (built in) or openssh (stock sshd -i). "
                    + "Default: ${DEFAULT-VALUE}.")
    String sshServer;

    @Option(names = "--nms-host-key", paramLabel = "FILE",
            description = "device-ssh-client (required): the pinned NMS host key, an OpenSSH public key file "
                    + "(applies to every --nms) or a known_hosts file (a line applies to the --nms hosts its host "
                    + "field matches, an OpenSSH pattern list: host on any port or [host]:port, '*' and '?' "
                    + "wildcards, '!' negation, hashed names). A known_hosts line "
                    + "'@cert-authority HOSTS CA_KEY' trusts a CA instead: the NMS must present a host "
                    + "certificate of it, valid now, that names the --nms host as given among its principals. "
                    + "Or X.509 CA certificates in PEM (RFC 6187): the NMS must present an X.509 host certificate "
                    + "chaining to one, valid now, for an SSH server (extendedKeyUsage secureShellServer if it has "
                    + "one), that names the --nms host as given in its subjectAltName (IP address or DNS name; "
                    + "the common name only without either).")
    Path nmsHostKey;

    @Option(names = "--device-id", paramLabel = "NAME",
            description = "device-ssh-client: this device's name, the default --login. Default: the host name.")
    String deviceId;

    @Option(names = "--login", paramLabel = "NAME",
            description = "device-ssh-client: the device's account on the NMS's SSH server. Default: --device-id.")
    String login;

    @Option(names = "--identity", paramLabel = "FILE",
            description = "device-ssh-client: the device's login key (OpenSSH or PEM); created as Ed25519, mode "
                    + "0600, if missing. Default: <datastore>/ssh_login_ed25519_key.")
    Path identity;

    @Option(names = "--identity-cert", paramLabel = "FILE",
            description = "device-ssh-client: a certificate of --identity: an OpenSSH user certificate (ssh-keygen "
                    + "-s CA without -h), or an X.509 chain in PEM (RFC 6187: the device's certificate first, then "
                    + "its issuers', up to but not including the root; the key then PKCS#8 PEM, EC P-256/384/521 "
                    + "or RSA 2048+). The device then logs in with the certificate only, never with the key alone; "
                    + "the key must exist and be the one certified.")
    Path identityCert;

    @Option(names = "--revoked-keys", paramLabel = "FILE",
            description = "NMS keys and certificates never to accept, whatever else trusts them: an OpenSSH KRL "
                    + "(ssh-keygen -k) or a list of public keys, as sshd's RevokedKeys. device-ssh-client: NMS "
                    + "host keys; reverse-ssh: NMS login keys; tls: the NMS's client certificates (their keys, and "
                    + "CRLs of the accounts' CAs, as for X.509 logins). Read again, if changed, every 3 s and before "
                    + "each call; a new list ends a live session it revokes. Replaces the one of --config.")
    Path revokedKeys;

    @Option(names = "--subsystem", paramLabel = "NAME", defaultValue = DeviceSshClientDevice.DEFAULT_SUBSYSTEM,
            description = "device-ssh-client: the subsystem requested on the channel, a local SSH name NAME@DOMAIN "
                    + "(RFC 4250 section 4.6.1). Default: ${DEFAULT-VALUE}.")
    String subsystem;

    @Option(names = "--bind-account", paramLabel = "NAME",
            description = "device-ssh-client (required): the --account whose role the NETCONF sessions get.")
    String bindAccount;

    @Option(names = "--yang", paramLabel = "DIR",
            description = "A folder of YANG modules (*.yang, up to 4 levels deep) the device loads besides the "
                    + "shipped ones (repeatable). Edits in the namespaces of its modules follow the schema: "
                    + "identity by keys, types, choices, insert, mandatory nodes. E.g. --yang examples/yang.")
    List<Path> yang = new ArrayList<>();

    @Option(names = "--print-config",
            description = "Print the effective configuration as RFC 7951 JSON (ietf-netconf-server "
                    + "call-home: ssh endpoints for reverse-ssh, tls endpoints for tls; "
                    + "callhome-device-ssh-client:device-ssh-client for device-ssh-client), the tree the device "
                    + "seeds running with, and exit.")
    boolean printConfig;

    @Mixin
    CallHomeOptions callHome;

    @Mixin
    ZeroTouchOptions zeroTouch;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length > 0 && "stdio".equals(args[0])) {
            // stdout carries NETCONF bytes: nothing else may ever write there, not even logging's
            // own start-up messages, which come before any command runs
            System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        }
        System.exit(CommandLines.of(new DeviceClientMain()).execute(args));
    }

    private static Logger log() {
        return LoggerFactory.getLogger(DeviceClientMain.class);
    }

    @Override
    public Integer call() throws Exception {
        // about 2 s in a fresh JVM, in parallel with reading keys and files, so the first hello is not late
        DeviceSchema.prefetch(yang);
        zeroTouch.checkCombinations();
        Optional<ZeroTouchOptions.Bootstrapped> bootstrapped = zeroTouch.requested() ? Optional.of(bootstrap())
                : Optional.empty();
        if (mode == null) {
            throw usage("choose --mode reverse-ssh, device-ssh-client or tls, or the 'stdio' command");
        }
        CallHomeStrategy strategy;
        try {
            strategy = CallHomeStrategy.fromWireName(mode);
        } catch (IllegalArgumentException e) {
            throw usage("--mode: " + e.getMessage());
        }
        checkOptionsOf(strategy);
        Optional<DeviceSshClientConfig> clientFile = strategy == CallHomeStrategy.DEVICE_SSH_CLIENT
                ? callHome.deviceSshClientConfig() : Optional.empty();
        if (strategy == CallHomeStrategy.TLS) {
            callHome.tlsConfig();
        }
        CallHomeSettings settings = callHome.settings(strategy == CallHomeStrategy.TLS ? Endpoint.DEFAULT_TLS_PORT
                : Endpoint.DEFAULT_PORT);
        DeviceSshSettings ssh = sshSettings(clientFile.map(DeviceSshClientConfig::accounts));
        if (printConfig && strategy == CallHomeStrategy.DEVICE_SSH_CLIENT) {
            DeviceAgent.Settings client = deviceSshClientSettings(settings, ssh, clientFile.map(file -> file.clients()
                    .get(0)));
            System.out.print(CallHomeFormat.DEVICE_SSH_CLIENT.write(client.callHomeConfig()));
            return 0;
        }
        if (printConfig) {
            System.out.println(strategy == CallHomeStrategy.TLS
                    ? TlsCallHomeJson.write(new DeviceTlsCallHomeConfig(List.of(settings), tlsDevice(ssh)))
                    : CallHomeJson.write(new DeviceCallHomeConfig(List.of(settings), ssh)));
            return 0;
        }
        DeviceAgent.Settings agentSettings = switch (strategy) {
            case DEVICE_SSH_CLIENT -> deviceSshClientSettings(settings, ssh, clientFile.map(file -> file.clients()
                    .get(0)));
            case TLS -> tlsSettings(settings, ssh);
            case REVERSE_SSH -> reverseSshSettings(settings, ssh);
        };
        agentSettings = agentSettings.withYang(yang);
        checkFiles(agentSettings);
        if (strategy != CallHomeStrategy.DEVICE_SSH_CLIENT) {
            warnOfAccountsWithoutKeys(ssh, strategy);
        }
        if (bootstrapped.isPresent() && bootstrapped.get().fresh().isPresent()) {
            if (strategy == CallHomeStrategy.REVERSE_SSH) {
                // the NMS learns the host key before the first call, so that it is trusted when it comes
                bootstrapped.get().fresh().get().complete(SshKeys.loadOrCreateHostKey(ssh.hostKeyFile()).getPublic());
            } else {
                bootstrapped.get().fresh().get().complete();
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (DeviceAgent agent = DeviceAgent.start(agentSettings, new LoggingListener())) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "device-shutdown"));
            log().info("calling home to {} as {} ({} {})",
                    settings.endpoints().stream().map(Endpoint::hostPort).toList(), mode,
                    switch (strategy) {
                        case DEVICE_SSH_CLIENT -> "login key";
                        case TLS -> "TLS key";
                        case REVERSE_SSH -> "host key";
                    },
                    agent.hostKeyFingerprint());
            stopped.await();
        }
        return 0;
    }

    /**
     * Zero touch: the stored or a new bootstrap, whose configuration then stands for --mode and
     * --config. When no bootstrap server gave data the device accepts, the device exits (status 1)
     * and calls nobody; a supervisor restarting it is the retry.
     */
    private ZeroTouchOptions.Bootstrapped bootstrap() throws IOException {
        BootstrapStore store = new BootstrapStore(datastore);
        ZeroTouchOptions.Bootstrapped bootstrapped;
        try {
            bootstrapped = zeroTouch.obtain(store);
        } catch (BootstrapFailedException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        mode = bootstrapped.strategy().wireName();
        switch (bootstrapped.strategy()) {
            case DEVICE_SSH_CLIENT -> callHome.useConfiguration(OptionChecks.read("--datastore", datastore,
                    store::loadDeviceSshClient), store.callHomeFile());
            case TLS -> callHome.useConfiguration(OptionChecks.read("--datastore", datastore, store::loadTls),
                    store.callHomeFile());
            case REVERSE_SSH -> callHome.useConfiguration(OptionChecks.read("--datastore", datastore, store::load),
                    store.callHomeFile());
        }
        return bootstrapped;
    }

    private DeviceAgent.Settings reverseSshSettings(CallHomeSettings settings, DeviceSshSettings ssh) {
        DeviceAgent.SshServerKind kind = switch (sshServer) {
            case "mina" -> DeviceAgent.SshServerKind.MINA;
            case "openssh" -> DeviceAgent.SshServerKind.OPENSSH;
            default -> throw usage("--ssh-server must be mina or openssh, not '" + sshServer + "'");
        };
        return new DeviceAgent.Settings(datastore, settings, ssh, Duration.ofSeconds(authTimeoutSeconds), kind,
                NetconfLimits.DEFAULT);
    }

    private DeviceAgent.Settings tlsSettings(CallHomeSettings settings, DeviceSshSettings ssh) throws IOException {
        return DeviceAgent.Settings.tls(datastore, settings, tlsDevice(ssh), Duration.ofSeconds(authTimeoutSeconds),
                NetconfLimits.DEFAULT);
    }

    /**
     * tls: the key and chain of the flags, else of the tls {@code --config} file; the device has no
     * default key, as a key it made would match no certificate.
     */
    private DeviceSshSettings tlsDevice(DeviceSshSettings ssh) throws IOException {
        boolean fromFile = callHome.tlsConfig().isPresent();
        if (hostKey == null && !fromFile) {
            throw usage("--mode tls needs --host-key FILE (or a --config file naming private-key-file): the device's"
                    + " TLS key (EC P-256, P-384, P-521 or RSA of at least 2048 bits), which --host-cert certifies");
        }
        if (ssh.hostCertificateFile().isEmpty()) {
            throw usage("--mode tls needs --host-cert FILE (or a --config file naming certificate-chain-file): the"
                    + " device's X.509 certificate chain in PEM, its own certificate first");
        }
        return ssh;
    }

    /** The login from the flags, each one not given taken from the device-ssh-client {@code --config} file. */
    private DeviceAgent.Settings deviceSshClientSettings(CallHomeSettings settings, DeviceSshSettings ssh,
                                                         Optional<DeviceSshClientSettings> file) {
        Path hostKeys = nmsHostKey != null ? nmsHostKey : file.map(DeviceSshClientSettings::nmsHostKeyFile)
                .orElseThrow(() -> usage("--mode device-ssh-client needs --nms-host-key FILE (the NMS's public key "
                        + "or known_hosts)"));
        HostKeyFormat hostKeyFormat = nmsHostKey != null ? hostKeyFormatOf(nmsHostKey)
                : file.get().nmsHostKeyFormat();
        String bind = bindAccount != null ? bindAccount : file.map(DeviceSshClientSettings::bindAccount)
                .orElseThrow(() -> usage("--mode device-ssh-client needs --bind-account NAME (one of the --account "
                        + "names)"));
        String name = login != null ? login : file.flatMap(DeviceSshClientSettings::username)
                .orElseGet(() -> deviceId != null ? deviceId : hostName());
        if (name.isBlank() || name.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw usage("--login must be a name without whitespace or control characters, got " + PeerText.quote(name));
        }
        Path key = identity != null ? identity : file.map(DeviceSshClientSettings::identityFile)
                .orElseGet(() -> datastore.resolve("ssh_login_ed25519_key"));
        Optional<Path> certificate = identityCert != null ? Optional.of(identityCert)
                : file.flatMap(DeviceSshClientSettings::identityCertificateFile);
        String channel = given("--subsystem") || file.isEmpty() ? subsystem : file.get().subsystem();
        try {
            DeviceAgent.ClientLogin clientLogin = new DeviceAgent.ClientLogin(name, key, hostKeys, channel, bind)
                    .withNmsHostKeyFormat(hostKeyFormat);
            return DeviceAgent.Settings.deviceSshClient(datastore, settings, ssh,
                    Duration.ofSeconds(authTimeoutSeconds), NetconfLimits.DEFAULT,
                    certificate.map(clientLogin::withIdentityCertificate).orElse(clientLogin));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /**
     * How the call-home tree names an {@code --nms-host-key} file: host-key-file when it holds one
     * OpenSSH public key line and nothing else but comments, known-hosts-file otherwise (the device
     * reads either kind of line in either). An unreadable file is reported when the files are checked.
     */
    static HostKeyFormat hostKeyFormatOf(Path file) {
        List<String> lines;
        try {
            if (Files.size(file) > MAX_HOST_KEY_FILE_BYTES) {
                return HostKeyFormat.KNOWN_HOSTS;
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return HostKeyFormat.KNOWN_HOSTS;
        }
        List<String> keys = lines.stream().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
        if (keys.size() != 1) {
            return HostKeyFormat.KNOWN_HOSTS;
        }
        String[] fields = keys.get(0).split("\\s+");
        return fields.length >= 2 && fields[1].startsWith("AAAA") ? HostKeyFormat.HOST_KEY : HostKeyFormat.KNOWN_HOSTS;
    }

    /**
     * Reads every file the settings name, as the agent will, but with errors that name the option
     * which gave the file; creates nothing. The agent reads them again when it starts.
     */
    private void checkFiles(DeviceAgent.Settings settings) throws IOException {
        try {
            DeviceSchema.load(settings.yangFolders());
        } catch (SchemaException e) {
            throw usage("--yang: " + e.getMessage());
        }
        if (Files.exists(datastore) && !Files.isDirectory(datastore)) {
            throw new IOException("--datastore " + datastore + ": is a file, not a folder; give a folder (created if "
                    + "missing)");
        }
        Optional<Path> revoked = settings.ssh().revokedKeysFile();
        if (revoked.isPresent()) {
            originOf("--revoked-keys", revokedKeys).read(() -> RevokedKeys.load(revoked.get()));
        }
        for (Account account : settings.ssh().accounts()) {
            if (account.authorizedKeysFile().isPresent()) {
                Path file = account.authorizedKeysFile().get();
                // either kind of account file, authorized_keys or X.509 CA certificates, as the agent reads it
                originOf(account).read(() -> AccountTable.load(List.of(account)));
                if (settings.strategy() == CallHomeStrategy.TLS && !AccountTable.holdsX509Cas(file)) {
                    originOf(account).read(() -> {
                        throw new IOException(file + ": holds authorized_keys lines; in tls mode an account's file"
                                + " holds X.509 certificates in PEM: those of the CAs whose client certificates"
                                + " the NMS presents, or the NMS's own client certificate, pinned");
                    });
                }
                if (settings.stockOpenSsh() && AccountTable.holdsX509Cas(file)) {
                    originOf(account).read(() -> {
                        throw new IOException(file + ": holds X.509 certificates (RFC 6187), which OpenSSH's sshd"
                                + " cannot use (it has no X.509 user certificates); run the built-in server"
                                + " (--ssh-server mina), or give an authorized_keys file (cert-authority lines for"
                                + " OpenSSH certificates)");
                    });
                }
            }
        }
        if (settings.strategy() == CallHomeStrategy.DEVICE_SSH_CLIENT) {
            DeviceAgent.ClientLogin clientLogin = settings.clientLogin();
            originOf("--nms-host-key", nmsHostKey).read(() -> NmsHostKeys.load(clientLogin.nmsHostKeyFile()));
            Path key = clientLogin.identityFile();
            existingKey(identity != null ? new Origin("--identity", identity) : callHome.configPath()
                    .map(file -> new Origin("--config", file)).orElse(new Origin("--datastore", datastore)), key);
            Optional<Path> certificate = clientLogin.identityCertificateFile();
            if (certificate.isPresent()) {
                originOf("--identity-cert", identityCert).read(() -> DeviceSshStrategy.loginCertificate(
                        certificate.get(), key));
            }
        } else if (settings.strategy() == CallHomeStrategy.TLS) {
            Path key = settings.ssh().hostKeyFile();
            originOf("--host-key", hostKey).read(() -> TlsStrategy.deviceKey(key));
            originOf("--host-cert", hostCert).read(() -> TlsStrategy.deviceChain(settings.ssh().hostCertificateFile()
                    .orElseThrow(), key));
        } else {
            Path key = settings.ssh().hostKeyFile();
            existingKey(hostKey != null ? new Origin("--host-key", hostKey) : callHome.configPath()
                    .map(file -> new Origin("--config", file)).orElse(new Origin("--datastore", datastore)), key);
            Optional<Path> certificate = settings.ssh().hostCertificateFile();
            if (certificate.isPresent()) {
                originOf("--host-cert", hostCert).read(() -> ReverseSshStrategy.hostCertificate(certificate.get(),
                        key, settings.stockOpenSsh()));
            }
        }
    }

    /** A key file that exists must hold a usable private key; a missing one is created at start. */
    private static void existingKey(Origin origin, Path file) throws IOException {
        if (Files.exists(file)) {
            origin.read(() -> SshKeys.loadPrivateKey(file));
        }
    }

    /** An account the NMS cannot log in as is allowed (it may get keys later) but almost always a mistake. */
    private void warnOfAccountsWithoutKeys(DeviceSshSettings ssh, CallHomeStrategy strategy) {
        String kind = strategy == CallHomeStrategy.TLS ? "file of X.509 CA certificates" : "authorized_keys file";
        for (Account account : ssh.accounts()) {
            if (account.authorizedKeysFile().isEmpty()) {
                Origin origin = originOf(account);
                String fix = origin.option().equals("--account")
                        ? "give one: --account " + account.name() + ":" + account.role().wireName() + ":FILE"
                        : strategy == CallHomeStrategy.TLS ? "give the account a ca-certificates-file"
                        : "give the user public-keys with an authorized-keys-file";
                log().warn("{} {}: account '{}' has no {}: no NMS can log in as '{}'; {}",
                        origin.option(), origin.value(), account.name(), kind, account.name(), fix);
            }
        }
    }

    /** Where an account's authorized_keys file was named: an --account flag or the --config file. */
    private Origin originOf(Account account) {
        if (accounts.isEmpty()) {
            return new Origin("--config", callHome.configPath().orElseThrow());
        }
        return accounts.stream().filter(text -> text.split(":", 2)[0].equals(account.name())).findFirst()
                .map(text -> new Origin("--account", text)).orElseThrow();
    }

    /** Where a file came from: the option that names it, else the --config file. */
    private Origin originOf(String option, Path value) {
        return value != null ? new Origin(option, value) : new Origin("--config", callHome.configPath().orElseThrow());
    }

    /** An option and its value, which lead the error about the file it names. */
    private record Origin(String option, Object value) {
        <T> T read(OptionChecks.FileReader<T> reader) throws IOException {
            return OptionChecks.read(option, value, reader);
        }
    }

    /** Refuses the options of the other strategies, so that a mistyped --mode does not go unnoticed. */
    private void checkOptionsOf(CallHomeStrategy strategy) {
        List<String> deviceSshClient = List.of("--nms-host-key", "--device-id", "--login", "--identity",
                "--identity-cert", "--subsystem", "--bind-account");
        List<String> others = switch (strategy) {
            case DEVICE_SSH_CLIENT -> List.of("--host-key", "--host-cert", "--ssh-server", "--cert-to-name");
            case REVERSE_SSH -> deviceSshClient;
            case TLS -> concat(List.of("--ssh-server"), deviceSshClient);
        };
        for (String option : others) {
            if (given(option)) {
                throw usage(option + " does not apply to --mode " + strategy.wireName() + (strategy
                        == CallHomeStrategy.TLS ? ": it is an SSH option; in tls the NMS proves itself with a TLS"
                        + " client certificate that an --account's X.509 file accepts (a CA of it, or pinned in it)"
                        : ""));
            }
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                return fromEnvironment;
            }
            throw new IllegalStateException("cannot find the host name: give --device-id or --login", e);
        }
    }

    /** @param fileAccounts the accounts of a device-ssh-client {@code --config}, if one was read */
    private DeviceSshSettings sshSettings(Optional<List<Account>> fileAccounts) throws IOException {
        DeviceSshSettings fromFile = callHome.sshSettings().orElse(null);
        Path key = hostKey != null ? hostKey
                : fromFile != null ? fromFile.hostKeyFile() : datastore.resolve("ssh_host_ed25519_key");
        Optional<Path> certificate = hostCert != null ? Optional.of(hostCert)
                : fromFile != null ? fromFile.hostCertificateFile() : Optional.empty();
        Optional<Path> revoked = revokedKeys != null ? Optional.of(revokedKeys)
                : fromFile != null ? fromFile.revokedKeysFile() : Optional.empty();
        List<Account> parsed = new ArrayList<>();
        try {
            for (String account : accounts) {
                parsed.add(Account.parse(account));
            }
            List<Account> fromConfig = fromFile != null ? fromFile.accounts() : fileAccounts.orElse(List.of());
            return new DeviceSshSettings(key, !parsed.isEmpty() ? parsed : fromConfig, certificate, revoked,
                    mappings(fromFile != null ? fromFile.clientIdentityMappings() : CertToName.NONE));
        } catch (IllegalArgumentException e) {
            throw usage("--account: " + e.getMessage());
        }
    }

    /** The cert-to-name mappings: those of --cert-to-name, else {@code fromConfig}'s; never both. */
    private CertToName mappings(CertToName fromConfig) {
        if (certToName.isEmpty()) {
            return fromConfig;
        }
        if (fromConfig.isConfigured()) {
            throw usage("--cert-to-name: the --config file has cert-to-name mappings already; give them in one place");
        }
        List<CertToNameEntry> entries = new ArrayList<>();
        for (String entry : certToName) {
            try {
                entries.add(parseCertToName(entries.size() + 1, entry));
            } catch (IllegalArgumentException e) {
                throw usage("--cert-to-name " + entry + ": " + e.getMessage());
            }
        }
        try {
            return new CertToName(entries, false);
        } catch (IllegalArgumentException e) {
            throw usage("--cert-to-name: " + e.getMessage());
        }
    }

    /** {@code [FINGERPRINT=]MAP-TYPE[:NAME]} as entry {@code id}. */
    static CertToNameEntry parseCertToName(long id, String text) {
        int equals = text.indexOf('=');
        Optional<TlsFingerprint> fingerprint = equals < 0 ? Optional.empty()
                : Optional.of(TlsFingerprint.parse(text.substring(0, equals).strip()));
        String rule = text.substring(equals + 1).strip();
        int colon = rule.indexOf(':');
        String type = colon < 0 ? rule : rule.substring(0, colon);
        MapType mapType;
        try {
            mapType = MapType.fromWireName(type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("map type '" + type + "' is not one of specified, san-rfc822-name, "
                    + "san-dns-name, san-ip-address, san-any, common-name");
        }
        if (mapType == MapType.SPECIFIED && colon < 0) {
            throw new IllegalArgumentException("specified needs the account's name: specified:NAME");
        }
        if (mapType != MapType.SPECIFIED && colon >= 0) {
            throw new IllegalArgumentException("only specified takes a name; " + type + " derives it from the "
                    + "certificate");
        }
        return mapType == MapType.SPECIFIED ? CertToNameEntry.specified(id, fingerprint, rule.substring(colon + 1))
                : CertToNameEntry.derived(id, fingerprint, mapType);
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** Details of what the dialer does; the dialer itself logs attempts and outcomes at INFO. */
    private static final class LoggingListener implements DialerListener {
        @Override
        public void attempt(Endpoint endpoint, int attemptOnEndpoint) {
            log().debug("calling {} (attempt {})", endpoint.hostPort(), attemptOnEndpoint);
        }

        @Override
        public void connected(Endpoint endpoint) {
            log().debug("connected to {}", endpoint.hostPort());
        }

        @Override
        public void failed(Endpoint endpoint, Throwable why) {
            log().debug("call to {} failed: {}", endpoint.hostPort(), why.getMessage());
        }

        @Override
        public void disconnected(Endpoint endpoint, String reason) {
            log().debug("disconnected from {}: {}", endpoint.hostPort(), reason);
        }
    }
}
