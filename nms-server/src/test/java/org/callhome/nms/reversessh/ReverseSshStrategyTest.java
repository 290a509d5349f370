package org.callhome.nms.reversessh;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.session.DeviceSession;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NegotiatedAlgorithms;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;
import org.callhome.shared.strategy.SecurityFacts.UsernameSource;
import org.junit.jupiter.api.Test;

/** The lab rule reverse-ssh contributes to the NMS's admission of sessions whose device is not trusted. */
class ReverseSshStrategyTest {

    private final ReverseSshStrategy strategy = new ReverseSshStrategy();

    @Test
    void admitsAnUntrustedDeviceOnlyWithTrustUnknownDevicesAndTheNameTheAcceptorGaveIt() {
        DeviceSession named = session(ReverseSshAcceptor.UNTRUSTED_PREFIX + "abcdefabcdef");
        assertTrue(strategy.admitsUntrusted(settings(true), named));
        assertFalse(strategy.admitsUntrusted(settings(false), named), "not without --trust-unknown-devices");
        assertFalse(strategy.admitsUntrusted(settings(true), session("dev-1")), "not a device named otherwise");
    }

    private static NmsSettings settings(boolean trustUnknownDevices) {
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        return new NmsSettings(Optional.of(new NmsSettings.ReverseSsh(loopback, KnownDevices.of(Map.of()),
                SshKeys.generateEd25519(), "nms", trustUnknownDevices)), Optional.empty(), loopback, Optional.empty(),
                Duration.ofSeconds(10), NmsSettings.DEFAULT_MAX_STARTUPS, Keepalives.DEFAULT, Duration.ofSeconds(10),
                NetconfLimits.DEFAULT, Path.of("state"));
    }

    private static DeviceSession session(String deviceId) {
        SecurityFacts facts = new SecurityFacts(CallHomeStrategy.REVERSE_SSH, deviceId, "SHA256:device",
                PeerVerification.PINNED_HOST_KEY, "SHA256:nms", "nms", UsernameSource.SSH_USERAUTH,
                new NegotiatedAlgorithms("kex", "ssh-ed25519", "aes", "aes", "mac", "mac"), "127.0.0.1:4334");
        return new DeviceSession(facts, 1, List.of(), Instant.EPOCH, 0, Duration.ZERO, null);
    }
}
