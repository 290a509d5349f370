package org.callhome.nms.devicessh;

import static org.callhome.nms.devicessh.DeviceSshFixture.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.callhome.shared.netconf.session.ByteReceiver;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.SecuredChannel;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stock OpenSSH {@code ssh} as the device: what an operator would try with the device's key is
 * refused, the subsystem works. Skipped when {@code ssh} is missing, except on CI (env CI=true),
 * where a missing {@code ssh} fails the test.
 */
class OpenSshInteropTest {

    private static final Path SSH = Path.of("/usr/bin/ssh");

    @TempDir
    Path dir;

    private DeviceSshFixture nms;
    private Path key;
    private Path knownHosts;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        if (!Files.isExecutable(SSH)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(SSH + " is missing: the OpenSSH interop test must run on CI");
            }
            Assumptions.abort(SSH + " is missing: OpenSSH interop test skipped (install openssh-client to run it)");
        }
        nms = DeviceSshFixture.start();
        key = dir.resolve("dev-1_ed25519");
        SshKeys.writePrivateKey(nms.dev1Key, key);
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + nms.address.getPort() + " "
                + SshKeys.toOpenSsh(nms.hostKey.getPublic()) + "\n");
    }

    @AfterEach
    void tearDown() throws IOException {
        for (Process process : processes) {
            process.destroyForcibly();
        }
        if (nms != null) {
            nms.close();
        }
    }

    @Test
    void refusesAShell() throws Exception {
        Result result = run(List.of("-T"), List.of());

        assertNotEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("shell request failed"), result.toString());
        assertTrue(nms.channels.isEmpty(), "a channel was handed to the NMS");
    }

    @Test
    void refusesACommand() throws Exception {
        Result result = run(List.of(), List.of("true"));

        assertNotEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("exec request failed"), result.toString());
        assertTrue(nms.channels.isEmpty(), "a channel was handed to the NMS");
    }

    @Test
    void refusesSftp() throws Exception {
        Result result = run(List.of("-s"), List.of("sftp"));

        assertNotEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("subsystem request failed"), result.toString());
        assertTrue(nms.channels.isEmpty(), "a channel was handed to the NMS");
    }

    @Test
    void refusesRemotePortForwarding() throws Exception {
        Result result = run(List.of("-N", "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:9"), List.of());

        assertNotEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("remote port forwarding failed"), result.toString());
    }

    /**
     * ssh listens locally by itself, so the refusal shows when a connection is forwarded: the
     * direct-tcpip channel is refused and ssh closes the forwarded connection at once.
     */
    @Test
    void refusesLocalPortForwarding() throws Exception {
        int localPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            localPort = probe.getLocalPort();
        }
        try (ServerSocket target = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Process ssh = start(List.of("-N", "-o", "ExitOnForwardFailure=yes",
                    "-L", "127.0.0.1:" + localPort + ":127.0.0.1:" + target.getLocalPort()), List.of());
            try (Socket forwarded = connectWithin(localPort, ssh)) {
                forwarded.setSoTimeout((int) WAIT.toMillis());
                assertEquals(-1, forwarded.getInputStream().read(), "the forwarded connection was not closed");
            }
            // ssh logs the refusal before it closes the forwarded connection; -N keeps it running
            String stderr = stderrOf(ssh);
            ssh.destroyForcibly();
            assertTrue(stderr.contains("open failed"), stderr);
        }
    }

    @Test
    void refusesAPseudoTerminalButRunsTheSubsystem() throws Exception {
        Process ssh = start(List.of("-tt", "-s"), List.of(DeviceSshServer.DEFAULT_SUBSYSTEM));
        SecuredChannel channel = nms.nextChannel();
        channel.transport().close();

        assertTrue(ssh.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS), "ssh did not end with the channel");
        String stderr = stderrOf(ssh);
        assertTrue(stderr.contains("PTY allocation request failed"), stderr);
    }

    @Test
    void acceptsTheSubsystemAndCarriesBytesBothWays() throws Exception {
        Process ssh = start(List.of("-s"), List.of(DeviceSshServer.DEFAULT_SUBSYSTEM));
        SecuredChannel channel = nms.nextChannel();
        assertEquals("dev-1", channel.facts().peerIdentity());
        assertEquals(SshKeys.fingerprint(nms.dev1Key.getPublic()), channel.facts().peerKeyFingerprint());
        StringBuffer atNms = new StringBuffer();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        channel.attach(new ByteReceiver() {
            @Override
            public void receive(byte[] bytes, int offset, int length) {
                atNms.append(new String(bytes, offset, length, StandardCharsets.US_ASCII));
            }

            @Override
            public void transportClosed() {
                ended.complete(null);
            }
        });

        channel.transport().send("hello-device\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("hello-device\n", readLine(ssh.getInputStream()));
        OutputStream stdin = ssh.getOutputStream();
        stdin.write("hello-nms\n".getBytes(StandardCharsets.US_ASCII));
        stdin.close();

        ended.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals("hello-nms\n", atNms.toString());
        assertTrue(ssh.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS), "ssh did not end with the channel");
    }

    private record Result(int exitCode, String stderr) {
    }

    private Result run(List<String> options, List<String> remote) throws Exception {
        Process ssh = start(options, remote);
        ssh.getOutputStream().close();
        if (!ssh.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("ssh " + options + " " + remote + " still running after " + WAIT);
        }
        return new Result(ssh.exitValue(), stderrOf(ssh));
    }

    /** Runs ssh with {@code options} before the destination and {@code remote} (command or subsystem) after it. */
    private Process start(List<String> options, List<String> remote) throws IOException {
        List<String> command = new ArrayList<>(List.of(SSH.toString(), "-F", "/dev/null",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "IdentityAgent=none", "-o", "UpdateHostKeys=no", "-o", "ConnectTimeout=10",
                "-i", key.toString(), "-p", Integer.toString(nms.address.getPort())));
        command.addAll(options);
        command.add("dev-1@127.0.0.1");
        command.addAll(remote);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectError(dir.resolve("ssh-" + processes.size() + ".stderr").toFile());
        builder.environment().remove("SSH_AUTH_SOCK");
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** What ssh wrote to stderr so far (a file, so it can be read after the process was stopped). */
    private String stderrOf(Process ssh) throws IOException {
        return Files.readString(dir.resolve("ssh-" + processes.indexOf(ssh) + ".stderr"));
    }

    /** ssh needs a moment to listen: retry until the deadline, failing early if ssh exited. */
    private Socket connectWithin(int port, Process ssh) throws Exception {
        return Eventually.value(WAIT, () -> {
            try {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return Optional.of(socket);
            } catch (IOException notYet) {
                if (!ssh.isAlive()) {
                    fail("ssh exited: " + stderrOf(ssh));
                }
                return Optional.empty();
            }
        }, () -> "ssh listening on port " + port);
    }

    /** Reads one line from ssh's stdout, bounded by {@link DeviceSshFixture#WAIT}. */
    private static String readLine(InputStream in) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                int b;
                while ((b = in.read()) != -1) {
                    bytes.write(b);
                    if (b == '\n') {
                        break;
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return bytes.toString(StandardCharsets.US_ASCII);
        });
        return line.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
