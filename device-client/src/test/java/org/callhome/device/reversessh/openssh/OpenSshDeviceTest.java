package org.callhome.device.reversessh.openssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.callhome.device.callhome.Connection;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenSSH device against a scripted NMS on loopback that speaks no SSH beyond reading the
 * banner: what happens to the connection and to sshd when the NMS does not log in, goes away,
 * or the attempt is given up. Logins that succeed are covered by the system tests.
 */
class OpenSshDeviceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private ServerSocket nms;
    private OpenSshDevice device;

    @BeforeEach
    void setUp() throws IOException {
        InstalledSshd.require();
        nms = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void tearDown() throws IOException {
        if (device != null) {
            device.close();
        }
        nms.close();
    }

    private OpenSshDevice start(Duration authTimeout) throws IOException {
        Path keys = dir.resolve("authorized_keys");
        Files.writeString(keys, SshKeys.toOpenSsh(SshKeys.generateEd25519().getPublic()) + " nms\n");
        Path hostKey = dir.resolve("host_key");
        SshKeys.loadOrCreateHostKey(hostKey);
        DeviceSshSettings ssh = new DeviceSshSettings(hostKey, List.of(new Account(System.getProperty("user.name"),
                Role.ADMIN, Optional.of(keys))));
        device = OpenSshDevice.start(new OpenSshDevice.Settings(dir.resolve("data"), ssh, authTimeout,
                Keepalives.DEFAULT, NetconfLimits.DEFAULT_MAX_MESSAGE_BYTES));
        return device;
    }

    private Endpoint endpoint() {
        return new Endpoint("nms", "127.0.0.1", nms.getLocalPort());
    }

    @Test
    void writesAndChecksAnOwnerOnlyConfigurationInTheDataFolder() throws IOException {
        Path file = start(Duration.ofSeconds(10)).configFile();
        assertEquals(dir.resolve("data").resolve("openssh").resolve("sshd_config").toAbsolutePath(), file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(file).contains("LoginGraceTime 10\n"));
    }

    @Test
    void refusesToStartForAnAccountThatIsNoUnixUser() throws IOException {
        Path hostKey = dir.resolve("host_key");
        SshKeys.loadOrCreateHostKey(hostKey);
        DeviceSshSettings ssh = new DeviceSshSettings(hostKey, List.of(new Account("callhome-no-such-user",
                Role.ADMIN, Optional.empty())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpenSshDevice.start(
                new OpenSshDevice.Settings(dir.resolve("data"), ssh, Duration.ofSeconds(10), Keepalives.DEFAULT,
                        NetconfLimits.DEFAULT_MAX_MESSAGE_BYTES)));
        assertTrue(e.getMessage().contains("not a Unix user"), e.getMessage());
    }

    @Test
    void sshdAnswersOnTheDialedConnectionAndClosesItWhenTheNmsDoesNotLogInInTime() throws Exception {
        CompletableFuture<Connection> attempt = start(Duration.ofSeconds(1)).connect(endpoint(), WAIT)
                .toCompletableFuture();
        try (Socket socket = accept()) {
            long started = System.nanoTime();
            assertTrue(readLine(socket).startsWith("SSH-2.0-OpenSSH_"), "sshd's banner");
            assertEquals(-1, readToEnd(socket), "sshd closes the connection (LoginGraceTime)");
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(elapsedMillis >= 900, "not before the auth timeout: " + elapsedMillis + " ms");
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> attempt.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertTrue(failed.getCause().getMessage().contains("before authenticating"),
                    failed.getCause().getMessage());
        }
        awaitNoSshd();
    }

    @Test
    void attemptFailsWhenNothingListens() throws Exception {
        start(Duration.ofSeconds(10));
        nms.close();
        CompletableFuture<Connection> attempt = device.connect(endpoint(), WAIT).toCompletableFuture();
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> attempt.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(failed.getCause().getMessage().contains("connection to 127.0.0.1:" + nms.getLocalPort()
                + " failed"), failed.getCause().getMessage());
    }

    @Test
    void cancellingTheAttemptStopsSshdAndClosesTheConnection() throws Exception {
        CompletableFuture<Connection> attempt = start(Duration.ofSeconds(30)).connect(endpoint(), WAIT)
                .toCompletableFuture();
        try (Socket socket = accept()) {
            assertTrue(readLine(socket).startsWith("SSH-2.0-OpenSSH_"), "sshd's banner");
            attempt.cancel(false);
            assertEquals(-1, readToEnd(socket), "the device closes the connection");
        }
        awaitNoSshd();
    }

    @Test
    void nmsClosingBeforeLoginEndsTheAttemptAndSshd() throws Exception {
        CompletableFuture<Connection> attempt = start(Duration.ofSeconds(30)).connect(endpoint(), WAIT)
                .toCompletableFuture();
        try (Socket socket = accept()) {
            assertTrue(readLine(socket).startsWith("SSH-2.0-OpenSSH_"), "sshd's banner");
        }
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> attempt.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(failed.getCause().getMessage().contains("before authenticating"), failed.getCause().getMessage());
        awaitNoSshd();
    }

    @Test
    void closingTheDeviceStopsItsSshdProcesses() throws Exception {
        start(Duration.ofSeconds(30)).connect(endpoint(), WAIT);
        try (Socket socket = accept()) {
            assertTrue(readLine(socket).startsWith("SSH-2.0-OpenSSH_"), "sshd's banner");
            assertTrue(!sshdChildren().isEmpty());
            device.close();
            assertEquals(List.of(), sshdChildren(), "close() returns once sshd has exited");
            assertEquals(-1, readToEnd(socket), "the device closed the connection");
        }
    }

    private Socket accept() throws IOException {
        nms.setSoTimeout((int) WAIT.toMillis());
        Socket socket = nms.accept();
        socket.setSoTimeout((int) WAIT.toMillis());
        return socket;
    }

    private static String readLine(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.append((char) b);
        }
        return line.toString().strip();
    }

    /** Discards what sshd sends (its key exchange init) up to the end of stream, which it returns (-1). */
    private static int readToEnd(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        int n;
        do {
            n = in.read(buffer);
        } while (n >= 0);
        return n;
    }

    private static List<ProcessHandle> sshdChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().orElse("").equals(Sshd.DEBIAN_PATH.toString())).toList();
    }

    private static void awaitNoSshd() throws InterruptedException {
        Eventually.until(WAIT, () -> sshdChildren().isEmpty(), () -> "sshd to exit; still running: " + sshdChildren());
    }
}
