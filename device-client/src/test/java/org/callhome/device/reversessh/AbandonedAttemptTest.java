package org.callhome.device.reversessh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.callhome.device.accounts.AccountTable;
import org.callhome.device.callhome.Connection;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An attempt the dialer gives up on (it cancels the connector's stage at max-wait) is closed by the
 * reverse-ssh device at once, whatever stage its handshake is at: here an NMS that accepted TCP and
 * stalls. The device's own authentication timeout is far away, so only the cancellation can close it.
 */
class AbandonedAttemptTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private ScheduledExecutorService scheduler;
    private ReverseSshDevice device;
    private ServerSocket stallingNms;

    @BeforeEach
    void setUp() throws IOException {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        AccountTable accounts = AccountTable.load(List.of(new Account("nms", Role.ADMIN, Optional.empty())),
                RevocationWatch.NONE, Clock.systemUTC());
        device = new ReverseSshDevice(SshKeys.generateEd25519(), Optional.empty(), accounts, RevocationWatch.NONE,
                Duration.ofMinutes(10), Keepalives.DEFAULT, channel -> {
                    throw new IOException("no NETCONF in this test");
                }, 1024 * 1024, scheduler);
        stallingNms = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void tearDown() throws IOException {
        device.close();
        stallingNms.close();
        scheduler.shutdownNow();
    }

    @Test
    void aCancelledAttemptHasItsConnectionClosedWhileTheNmsStalls() throws Exception {
        CompletionStage<Connection> attempt = device.connect(new Endpoint("nms", "127.0.0.1",
                stallingNms.getLocalPort()), Duration.ofSeconds(2));
        try (Socket accepted = stallingNms.accept()) {
            accepted.setSoTimeout((int) WAIT.toMillis());
            InputStream in = accepted.getInputStream();
            // the device speaks first (its SSH version line): the connection is up and the NMS says nothing
            assertTrue(in.read() >= 0, "the device's SSH version line");

            assertTrue(attempt.toCompletableFuture().cancel(false), "the dialer gives up");

            // nothing more comes from the device, then its end of the stream (a read timeout fails the test)
            int read = 0;
            while (read >= 0) {
                read = in.read();
            }
            assertEquals(-1, read, "the device closed the connection it gave up on");
        }
    }
}
