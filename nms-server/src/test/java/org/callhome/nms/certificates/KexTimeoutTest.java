package org.callhome.nms.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.session.ClientSession;
import org.callhome.nms.config.StartupLimits;
import org.callhome.shared.ssh.SshKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key-exchange deadline closes a connection that sends nothing, and only such a one: a device
 * of either strategy that exchanged keys and logged in stays connected well past it. The NMS's
 * authentication deadline is longer than the test, so only the key-exchange deadline can close.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KexTimeoutTest {

    private static final Duration KEX_TIMEOUT = Duration.ofMillis(500);

    @TempDir
    Path dir;

    private CertLab lab;
    private KeyPair nmsKey;
    private CertifiedNms nms;
    private CallingDevice caller;
    private LoggingInDevice loggingIn;

    @BeforeEach
    void start() throws Exception {
        lab = new CertLab(dir);
        nmsKey = lab.keyPair("nms");
        nms = new CertifiedNms(dir.resolve("state"), lab.deviceCertificates(List.of("device-ca"), null, null), nmsKey,
                SshKeys.generateEd25519(), Duration.ofMinutes(5), new StartupLimits(8, 100, 8, 8, KEX_TIMEOUT));
    }

    @AfterEach
    void stop() throws Exception {
        if (caller != null) {
            caller.close();
        }
        if (loggingIn != null) {
            loggingIn.close();
        }
        nms.close();
    }

    @Test
    void anIdleConnectionIsClosedAndCounted() throws Exception {
        for (InetSocketAddress port : List.of(nms.callHome(), nms.deviceSsh())) {
            try (Socket idle = new Socket()) {
                idle.connect(port, (int) CertifiedNms.WAIT.toMillis());
                idle.setSoTimeout((int) CertifiedNms.WAIT.toMillis());
                // the identification line each side sends first, then the end of the stream
                while (idle.getInputStream().read() >= 0) {
                    continue;
                }
            }
        }
        String metrics = nms.metrics();
        assertTrue(metrics.contains("callhome_startups_refused_total{reason=\"kex-timeout\",strategy=\"reverse-ssh\"}"
                + " 1.0"), metrics);
        assertTrue(metrics.contains("callhome_startups_refused_total{reason=\"kex-timeout\",strategy="
                + "\"device-ssh-client\"} 1.0"), metrics);
    }

    @Test
    void devicesThatExchangedKeysStayConnectedPastIt() throws Exception {
        caller = new CallingDevice(lab.keyPair("dev-1-key"), Optional.of(lab.hostCertificate("device-ca", "dev-1-key",
                "dev-1", 1)), nmsKey.getPublic());
        caller.call(nms.callHome());
        loggingIn = new LoggingInDevice();
        ClientSession session = loggingIn.connect(nms.deviceSsh(), "dev-2",
                lab.userCertificate("device-ca", "dev-2-key", "dev-2", 2).certificateKeyPair());
        nms.awaitDevice("dev-1", d -> "connected".equals(d.getString("state")), "is connected");
        nms.awaitDevice("dev-2", d -> "connected".equals(d.getString("state")), "is connected");

        // a deadline left armed would have fired by now, however slow this machine
        Thread.sleep(KEX_TIMEOUT.multipliedBy(6).toMillis());

        assertTrue(caller.lastConnectionOpen(), "the reverse-ssh device's connection is still open");
        assertTrue(session.isOpen(), "the device-ssh-client device's session is still open");
        assertEquals("connected", nms.device("dev-1").orElseThrow().getString("state"));
        assertEquals("connected", nms.device("dev-2").orElseThrow().getString("state"));
        assertFalse(nms.metrics().contains("reason=\"kex-timeout\""), "nothing timed out");
    }
}
