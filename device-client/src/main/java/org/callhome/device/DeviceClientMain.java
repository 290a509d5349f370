package org.callhome.device;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.callhome.device.callhome.CallHomeOptions;
import org.callhome.device.callhome.DialerListener;
import org.callhome.shared.config.CallHomeJson;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.DeviceCallHomeConfig;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.netconf.NetconfLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Entry point of the device agent. */
@Command(name = "device-client", mixinStandardHelpOptions = true, version = "callhome device-client 0.1.0",
        sortOptions = false, subcommands = {StdioCommand.class, CommandLine.HelpCommand.class},
        description = {
            "The device side of NETCONF Call Home: a NETCONF server (RFC 6241/6242) with a",
            "persistent running datastore, that calls home to an NMS.",
            "",
            "--mode reverse-ssh (RFC 8071): dials the NMS (--nms, port 4334) and is then the SSH",
            "server; the NMS logs in with a key of an --account and opens the 'netconf' subsystem.",
            "The device never listens on a port. With --ssh-server openssh the dialed connection",
            "is handed to stock OpenSSH 'sshd -i' instead of the built-in SSH server.",
            "'stdio' runs one NETCONF session on stdin/stdout (an OpenSSH subsystem program).",
            "",
            "Not built yet: --mode device-ssh-client, password authentication."
        })
public final class DeviceClientMain implements Callable<Integer> {

    @Option(names = "--mode", paramLabel = "MODE",
            description = "Call-home strategy: reverse-ssh.")
    String mode;

    @Option(names = "--datastore", paramLabel = "DIR", defaultValue = "device-data",
            description = "Data folder of the running datastore (default: ${DEFAULT-VALUE}).")
    Path datastore;

    @Option(names = "--host-key", paramLabel = "FILE",
            description = "The device's SSH host key (OpenSSH or PEM); created as Ed25519, mode 0600, if "
                    + "missing. Replaces the one of --config. Default: device-data/ssh_host_ed25519_key.")
    Path hostKey;

    @Option(names = "--account", paramLabel = "NAME:ROLE[:AUTHORIZED_KEYS_FILE]",
            description = "An account the NMS may log in as (repeatable); ROLE is admin or read-only. "
                    + "Public-key authentication only. Replaces the accounts of --config.")
    List<String> accounts = new ArrayList<>();

    @Option(names = "--auth-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Close a connection on which the NMS has not authenticated within this time "
                    + "(RFC 8071; default: ${DEFAULT-VALUE}).")
    long authTimeoutSeconds;

    @Option(names = "--ssh-server", paramLabel = "KIND", defaultValue = "mina",
            description = "SSH server on the dialed connection: mina (built in) or openssh (stock sshd -i). "
                    + "Default: ${DEFAULT-VALUE}.")
    String sshServer;

    @Option(names = "--print-config",
            description = "Print the effective configuration as RFC 7951 JSON (ietf-netconf-server "
                    + "call-home) and exit.")
    boolean printConfig;

    @Mixin
    CallHomeOptions callHome;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length > 0 && "stdio".equals(args[0])) {
            // stdout carries NETCONF bytes: nothing else may ever write there, not even logging's
            // own start-up messages, which come before any command runs
            System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        }
        System.exit(new CommandLine(new DeviceClientMain()).execute(args));
    }

    private static Logger log() {
        return LoggerFactory.getLogger(DeviceClientMain.class);
    }

    @Override
    public Integer call() throws Exception {
        if (mode == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "choose --mode reverse-ssh, or the 'stdio' command (see --help)");
        }
        if (!"reverse-ssh".equals(mode)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--mode " + mode + " is not built yet; only reverse-ssh is");
        }
        CallHomeSettings settings = callHome.settings();
        DeviceSshSettings ssh = sshSettings();
        if (printConfig) {
            System.out.println(CallHomeJson.write(new DeviceCallHomeConfig(List.of(settings), ssh)));
            return 0;
        }
        DeviceAgent.SshServerKind kind = switch (sshServer) {
            case "mina" -> DeviceAgent.SshServerKind.MINA;
            case "openssh" -> DeviceAgent.SshServerKind.OPENSSH;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--ssh-server must be mina or openssh, not '" + sshServer + "'");
        };
        CountDownLatch stopped = new CountDownLatch(1);
        try (DeviceAgent agent = DeviceAgent.start(new DeviceAgent.Settings(datastore, settings, ssh,
                Duration.ofSeconds(authTimeoutSeconds), kind, NetconfLimits.DEFAULT), new LoggingListener())) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "device-shutdown"));
            log().info("calling home to {} as {} (host key {})",
                    settings.endpoints().stream().map(org.callhome.shared.config.Endpoint::hostPort).toList(), mode,
                    agent.hostKeyFingerprint());
            stopped.await();
        }
        return 0;
    }

    private DeviceSshSettings sshSettings() {
        DeviceSshSettings fromFile = callHome.sshSettings().orElse(null);
        Path key = hostKey != null ? hostKey
                : fromFile != null ? fromFile.hostKeyFile() : datastore.resolve("ssh_host_ed25519_key");
        List<Account> parsed = new ArrayList<>();
        try {
            for (String account : accounts) {
                parsed.add(Account.parse(account));
            }
            return new DeviceSshSettings(key, !parsed.isEmpty() || fromFile == null ? parsed : fromFile.accounts());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--account: " + e.getMessage());
        }
    }

    /** Details of what the dialer does; the dialer itself logs attempts and outcomes at INFO. */
    private static final class LoggingListener implements DialerListener {
        @Override
        public void attempt(org.callhome.shared.config.Endpoint endpoint, int attemptOnEndpoint) {
            log().debug("calling {} (attempt {})", endpoint.hostPort(), attemptOnEndpoint);
        }

        @Override
        public void connected(org.callhome.shared.config.Endpoint endpoint) {
            log().debug("connected to {}", endpoint.hostPort());
        }

        @Override
        public void failed(org.callhome.shared.config.Endpoint endpoint, Throwable why) {
            log().debug("call to {} failed: {}", endpoint.hostPort(), why.getMessage());
        }

        @Override
        public void disconnected(org.callhome.shared.config.Endpoint endpoint, String reason) {
            log().debug("disconnected from {}: {}", endpoint.hostPort(), reason);
        }
    }
}
