package org.callhome.device;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.callhome.device.netconf.DeviceNetconfServer;
import org.callhome.device.yang.DeviceSchema;
import org.callhome.shared.cli.BuildInfo;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.session.NetconfServerSession;
import org.callhome.shared.netconf.session.StreamTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One NETCONF server session on stdin/stdout. Logs go to stderr; System.out is redirected to
 * stderr as well so that nothing but NETCONF bytes ever reaches the real stdout.
 */
@Command(name = "stdio", mixinStandardHelpOptions = true, versionProvider = BuildInfo.VersionProvider.class,
        description = {
            "Runs one NETCONF server session on stdin/stdout (RFC 6241 with RFC 6242 framing).",
            "",
            "Use it for example as the program of an OpenSSH 'Subsystem netconf' line:",
            "",
            "  Subsystem netconf /usr/bin/java -jar device-client.jar stdio --datastore DIR",
            "",
            "Several such processes may share one data folder: session-ids stay unique, locks hold across "
                    + "processes, writes are atomic. Ends at close-session, kill-session or end of input. Logs go to "
                    + "stderr."
        })
final class StdioCommand implements Callable<Integer> {

    @Option(names = "--datastore", required = true, paramLabel = "DIR",
            description = "Data folder: running.xml, locks and session records (created if missing).")
    Path datastore;

    @Option(names = "--user", paramLabel = "NAME",
            description = "NETCONF username of the session (default: the SSH user in $USER, "
                    + "else the process owner).")
    String user;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "admin",
            description = "What the session may do: admin (everything) or read-only (no edit-config, copy-config, "
                    + "delete-config, lock, kill-session). Default: ${DEFAULT-VALUE}.")
    String role;

    @Option(names = "--max-message-bytes", paramLabel = "N",
            description = "Largest NETCONF message accepted (default: ${DEFAULT-VALUE}).")
    int maxMessageBytes = NetconfLimits.DEFAULT_MAX_MESSAGE_BYTES;

    @Override
    public Integer call() throws Exception {
        // parsed while the streams are set up; the server waits for it before its hello
        DeviceSchema.prefetch(List.of());
        InputStream in = new FileInputStream(FileDescriptor.in);
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        NetconfLimits limits = NetconfLimits.DEFAULT.withMaxMessageBytes(maxMessageBytes);
        String username = user != null ? user : defaultUser();
        try (DeviceNetconfServer server = new DeviceNetconfServer(datastore, limits, Runnable::run)) {
            StreamTransport transport = new StreamTransport(in, out, "stdio");
            NetconfServerSession session = server.open(transport, username, Role.fromWireName(role));
            Thread reader = new Thread(() -> transport.readLoop(session), "stdio-reader");
            reader.setDaemon(true);
            reader.start();
            session.closed().toCompletableFuture().join();
            transport.close();
        }
        return 0;
    }

    private static String defaultUser() {
        String fromSsh = System.getenv("USER");
        return fromSsh != null && !fromSsh.isBlank() ? fromSsh : System.getProperty("user.name", "unknown");
    }
}
