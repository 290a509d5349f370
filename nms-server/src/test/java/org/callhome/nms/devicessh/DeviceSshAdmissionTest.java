package org.callhome.nms.devicessh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.config.StartupLimits;
import org.callhome.nms.session.RefusedConnections;
import org.callhome.nms.session.StartupLimiter;
import org.callhome.nms.session.WeakSessions;
import org.callhome.nms.trust.DeviceTrust;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NmsHalf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a connection the device-ssh-client server refuses before key exchange costs once it is closed. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DeviceSshAdmissionTest {

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private DeviceSshServer acceptor;

    @AfterEach
    void stop() throws Exception {
        if (acceptor != null) {
            acceptor.close();
        }
        timers.shutdownNow();
    }

    @Test
    void thousandsOfRefusedConnectionsLeaveNoSshSessionReachable() throws Exception {
        StartupLimiter limiter = new StartupLimiter(StartupLimits.hardLimit(1, Duration.ofMinutes(5)), "device-ssh-client",
                timers, refusal -> { });
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        NmsSettings settings = new NmsSettings(Optional.empty(), Optional.of(new NmsSettings.DeviceSsh(loopback,
                SshKeys.generateEd25519(), KnownDevices.of(Map.of()), DeviceSshServer.DEFAULT_SUBSYSTEM)), loopback,
                Optional.empty(), Duration.ofMinutes(5), 1, Keepalives.DEFAULT, Duration.ofSeconds(10),
                NetconfLimits.DEFAULT, Path.of("state"));
        acceptor = (DeviceSshServer) new DeviceSshStrategy().createHalf(settings,
                DeviceTrust.of(KnownDevices.of(Map.of())), new Ignored(), timers, limiter, RevocationWatch.none(), null);
        WeakSessions sessions = new WeakSessions();
        acceptor.addSessionListener(sessions);
        InetSocketAddress listening = acceptor.start(channel -> { });

        RefusedConnections.refuse(listening, limiter, 3_000);

        assertEquals(1, sessions.created(), "only the admitted connection became an SSH session");
        sessions.awaitAllCollected(Duration.ofSeconds(60));
    }

    private static final class Ignored implements NmsHalf.Refusals {
        @Override
        public void rejected(NmsHalf.Rejection rejection) {
        }

        @Override
        public void authFailed(CallHomeStrategy strategy, String deviceId, String fingerprint, String remoteAddress,
                               String reason) {
        }
    }
}
