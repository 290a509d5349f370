package org.callhome.system;

import static org.callhome.system.CallHomeLab.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.callhome.device.DeviceAgent;
import org.callhome.device.callhome.DialerListener;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device's side of liveness: the RFC 8071 authentication deadline and SSH keepalives. */
class ReverseSshLivenessTest {

    @TempDir
    Path dir;

    private CallHomeLab lab;

    @AfterEach
    void tearDown() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void deviceClosesAConnectionOnWhichNobodyAuthenticatesInTime() throws Exception {
        lab = new CallHomeLab(dir);
        try (ServerSocket silentNms = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            DeviceAgent agent = DeviceAgent.start(new DeviceAgent.Settings(dir.resolve("data"),
                    CallHomeLab.callHome(silentNms.getLocalPort()),
                    lab.deviceSsh("dev-1", "nms", Role.ADMIN, lab.nmsIdentity.getPublic()), Duration.ofSeconds(1),
                    DeviceAgent.SshServerKind.MINA, NetconfLimits.DEFAULT), new DialerListener() { });
            try (Socket accepted = silentNms.accept()) {
                accepted.setSoTimeout(15_000);
                long start = System.nanoTime();
                InputStream in = accepted.getInputStream();
                byte[] buffer = new byte[4096];
                while (in.read(buffer) >= 0) {
                    // the device's SSH banner and KEXINIT; we answer nothing
                }
                long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(elapsedMillis >= 800 && elapsedMillis < 10_000,
                        "closed after " + elapsedMillis + " ms, auth timeout 1 s");
            } finally {
                agent.close();
            }
        }
    }

    @Test
    void bothSidesDropASessionWhosePeerStopsAnsweringKeepalives() throws Exception {
        lab = new CallHomeLab(dir);
        lab.startNms(Map.of("dev-1", lab.hostKey("dev-1")), 0);
        CopyOnWriteArrayList<String> disconnects = new CopyOnWriteArrayList<>();
        CopyOnWriteArrayList<Endpoint> connects = new CopyOnWriteArrayList<>();
        try (FreezableProxy proxy = new FreezableProxy(lab.nms.callHomeAddress())) {
            lab.startDevice("dev-1", lab.deviceSsh("dev-1", "nms", Role.ADMIN, lab.nmsIdentity.getPublic()),
                    CallHomeLab.callHome(proxy.port()), new DialerListener() {
                        @Override
                        public void connected(Endpoint endpoint) {
                            connects.add(endpoint);
                        }

                        @Override
                        public void disconnected(Endpoint endpoint, String reason) {
                            disconnects.add(reason);
                        }
                    });
            lab.awaitDevice(state("dev-1", "connected"), "dev-1 connected");
            proxy.freeze();
            long frozenAt = System.nanoTime();
            Eventually.until(Duration.ofSeconds(30), () -> !disconnects.isEmpty(),
                    () -> "the device noticing the dead NMS");
            long detectedMillis = (System.nanoTime() - frozenAt) / 1_000_000;
            assertEquals(1, disconnects.size(), "the device noticed the dead NMS");
            // keepalives every 2 s, 3 unanswered: between 6 and 8 s plus scheduling slack
            assertTrue(detectedMillis >= 5_000 && detectedMillis < 20_000, "detected after " + detectedMillis + " ms");
            assertEquals(1, connects.size());
            // the NMS tests the device the same way and stops listing it as connected
            lab.awaitDevice(state("dev-1", "disconnected"), "dev-1 dropped by the NMS's keepalives");
        }
    }
}
