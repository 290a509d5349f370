package org.callhome.nms.reversessh;

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

/** What a connection the reverse-ssh acceptor refuses before key exchange costs once it is closed. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReverseSshAdmissionTest {

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private ReverseSshAcceptor acceptor;

    @AfterEach
    void stop() throws Exception {
        if (acceptor != null) {
            acceptor.close();
        }
        timers.shutdownNow();
    }

    @Test
    void thousandsOfRefusedConnectionsLeaveNoSshSessionReachable() throws Exception {
        StartupLimiter limiter = new StartupLimiter(StartupLimits.hardLimit(1, Duration.ofMinutes(5)), "reverse-ssh",
                timers, refusal -> { });
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        NmsSettings settings = new NmsSettings(Optional.of(new NmsSettings.ReverseSsh(loopback,
                KnownDevices.of(Map.of()), SshKeys.generateEd25519(), "nms", false)), Optional.empty(), loopback,
                Optional.empty(), Duration.ofMinutes(5), 1, Keepalives.DEFAULT, Duration.ofSeconds(10),
                NetconfLimits.DEFAULT, Path.of("state"));
        acceptor = (ReverseSshAcceptor) new ReverseSshStrategy().createHalf(settings,
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
