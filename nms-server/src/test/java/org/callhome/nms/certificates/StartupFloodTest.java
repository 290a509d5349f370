package org.callhome.nms.certificates;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.session.ClientSession;
import org.callhome.nms.config.StartupLimits;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.CertifiedKey;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One host floods both device-facing ports of a real NMS, run with the command line's admission
 * defaults, with connections that send nothing, and holds them open; a device of each strategy,
 * calling from another address and calling again when its connection is closed as a device's
 * dialer does, must still get in. The NMS's authentication deadline is longer than the test, so
 * nothing but admission can let the devices in while the flood lasts.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StartupFloodTest {

    private static final int FLOOD = 64;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final InetSocketAddress DEVICE_SOURCE = new InetSocketAddress("127.0.0.3", 0);

    @TempDir
    Path dir;

    private final List<Socket> flood = new ArrayList<>();
    private CertLab lab;
    private CertifiedNms nms;
    private CallingDevice caller;
    private LoggingInDevice loggingIn;

    @AfterEach
    void stop() throws Exception {
        for (Socket socket : flood) {
            socket.close();
        }
        if (caller != null) {
            caller.close();
        }
        if (loggingIn != null) {
            loggingIn.close();
        }
        if (nms != null) {
            nms.close();
        }
    }

    @Test
    void aReverseSshDeviceGetsInWhileOneHostHoldsSixtyFourIdleConnectionsOnEachPort() throws Exception {
        KeyPair nmsKey = startFloodedNms();
        caller = new CallingDevice(lab.keyPair("dev-1-key"), Optional.of(lab.hostCertificate("device-ca", "dev-1-key",
                "dev-1", 1)), nmsKey.getPublic());
        Eventually.until(WAIT, () -> {
            if (!caller.lastConnectionOpen()) {
                caller.call(nms.callHome(), DEVICE_SOURCE);
            }
            return nms.device("dev-1").filter(d -> "connected".equals(d.getString("state"))).isPresent();
        }, () -> "the reverse-ssh device is connected despite the flood");
        assertFloodRefusedPerSource("reverse-ssh");
    }

    @Test
    void aDeviceSshClientDeviceGetsInWhileOneHostHoldsSixtyFourIdleConnectionsOnEachPort() throws Exception {
        startFloodedNms();
        loggingIn = new LoggingInDevice();
        CertifiedKey login = lab.userCertificate("device-ca", "dev-2-key", "dev-2", 2);
        ClientSession session = Eventually.value(WAIT, () -> tryConnect(login),
                () -> "the device-ssh-client device logs in despite the flood");
        nms.awaitDevice("dev-2", d -> "connected".equals(d.getString("state")), "is connected despite the flood");
        assertTrue(session.isOpen());
        assertFloodRefusedPerSource("device-ssh-client");
    }

    /** The NMS with the command line's admission defaults, {@link #FLOOD} idle connections on each port; its key. */
    private KeyPair startFloodedNms() throws Exception {
        lab = new CertLab(dir);
        KeyPair nmsKey = lab.keyPair("nms");
        nms = new CertifiedNms(dir.resolve("state"), lab.deviceCertificates(List.of("device-ca"), null, null), nmsKey,
                SshKeys.generateEd25519(), Duration.ofMinutes(5), StartupLimits.DEFAULT);
        flood(nms.callHome());
        flood(nms.deviceSsh());
        return nmsKey;
    }

    private void assertFloodRefusedPerSource(String strategy) throws Exception {
        assertTrue(nms.metrics().contains("callhome_startups_refused_total{reason=\"per-source\",strategy=\""
                + strategy + "\"}"), "the flood's connections past its source's share are refused and counted");
    }

    /** {@link #FLOOD} connections from 127.0.0.2 to {@code port}, sending nothing, held until the test ends. */
    private void flood(InetSocketAddress port) throws IOException {
        for (int i = 0; i < FLOOD; i++) {
            Socket socket = new Socket();
            flood.add(socket);
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            socket.connect(port, (int) WAIT.toMillis());
        }
    }

    private Optional<ClientSession> tryConnect(CertifiedKey login) {
        try {
            return Optional.of(loggingIn.connect(nms.deviceSsh(), "dev-2", login.certificateKeyPair(), DEVICE_SOURCE));
        } catch (IOException | RuntimeException refused) {
            return Optional.empty();
        }
    }
}
