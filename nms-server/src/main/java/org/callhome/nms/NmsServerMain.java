package org.callhome.nms;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of the NMS. */
@Command(name = "nms-server", mixinStandardHelpOptions = true, version = "callhome nms-server 0.1.0",
        sortOptions = false,
        description = {
            "The network management system side of NETCONF Call Home.",
            "",
            "--mode reverse-ssh (RFC 8071): listens for devices calling home (TCP 4334), runs an SSH",
            "client on each connection, identifies the device by its host key (--known-devices),",
            "logs in with --identity/--username only after the key matched, opens the 'netconf'",
            "subsystem and serves the devices over HTTP:",
            "  GET  /api/devices              every known or seen device, as JSON",
            "  POST /api/devices/{id}/rpc     one NETCONF operation as XML; answers the rpc-reply",
            "",
            "Not built yet: --mode device-ssh-client and both, the dashboard, metrics, approving",
            "devices through the API."
        })
public final class NmsServerMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(NmsServerMain.class);

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "reverse-ssh",
            description = "Call-home strategy to serve: reverse-ssh (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:4334",
            description = "Where devices call home (default: ${DEFAULT-VALUE}, IANA netconf-ch-ssh).")
    String listen;

    @Option(names = "--known-devices", paramLabel = "FILE", required = true,
            description = "Trusted devices in known_hosts format, the device id in the host field: "
                    + "'dev-17 ssh-ed25519 AAAA...'.")
    Path knownDevices;

    @Option(names = "--identity", paramLabel = "FILE", required = true,
            description = "The NMS's private key (OpenSSH or PEM) used to log into devices.")
    Path identity;

    @Option(names = "--username", paramLabel = "NAME", defaultValue = "nms",
            description = "SSH and NETCONF username on the devices (default: ${DEFAULT-VALUE}).")
    String username;

    @Option(names = "--http", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "Where the HTTP API listens (default: ${DEFAULT-VALUE}).")
    String http;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "nms-state",
            description = "Folder for what the NMS keeps (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--rpc-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long an RPC through the API may take (default: ${DEFAULT-VALUE}).")
    long rpcTimeoutSeconds;

    @Option(names = "--auth-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long SSH key exchange and login with a device may take (default: ${DEFAULT-VALUE}).")
    long authTimeoutSeconds;

    @Option(names = "--keepalive-max-wait", paramLabel = "SECONDS",
            defaultValue = "" + Keepalives.DEFAULT_MAX_WAIT_SECONDS,
            description = "Send an SSH keepalive (keepalive@ietf.org) to each device this often (default: "
                    + "${DEFAULT-VALUE}).")
    long keepaliveMaxWaitSeconds;

    @Option(names = "--keepalive-max-attempts", paramLabel = "N", defaultValue = "" + Keepalives.DEFAULT_MAX_ATTEMPTS,
            description = "Drop a device after this many keepalives in a row go unanswered (default: ${DEFAULT-VALUE}).")
    int keepaliveMaxAttempts;

    @Option(names = "--trust-unknown-devices",
            description = "LAB ONLY: accept any device host key. Logged loudly at every connection.")
    boolean trustUnknownDevices;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new NmsServerMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!"reverse-ssh".equals(mode)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--mode " + mode + " is not built yet; only reverse-ssh is");
        }
        Files.createDirectories(stateDir);
        NmsSettings settings = new NmsSettings(address(listen, "--listen"), address(http, "--http"),
                KnownDevices.load(knownDevices), SshKeys.loadPrivateKey(identity), username, trustUnknownDevices,
                Duration.ofSeconds(authTimeoutSeconds),
                new Keepalives(Duration.ofSeconds(keepaliveMaxWaitSeconds), keepaliveMaxAttempts),
                Duration.ofSeconds(rpcTimeoutSeconds), NetconfLimits.DEFAULT,
                stateDir);
        if (trustUnknownDevices) {
            LOG.warn("--trust-unknown-devices is set: ANY device key is accepted. Lab use only.");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (NmsServer server = NmsServer.start(settings)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "nms-shutdown"));
            LOG.info("nms-server ready: call home on {}:{}, API on http://{}:{}/api/devices",
                    settings.listen().getHostString(), server.callHomeAddress().getPort(),
                    settings.http().getHostString(), server.httpPort());
            stopped.await();
        }
        return 0;
    }

    private InetSocketAddress address(String text, String option) {
        try {
            Endpoint endpoint = Endpoint.parse(text);
            return new InetSocketAddress(endpoint.host(), endpoint.port());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }
}
