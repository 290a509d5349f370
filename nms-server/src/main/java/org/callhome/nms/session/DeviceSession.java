package org.callhome.nms.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.callhome.shared.netconf.session.NetconfClientSession;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.SecurityFacts;

/**
 * One live NETCONF session with a device, whatever strategy made it, and the facts of how it
 * was secured.
 *
 * @param sessionId    the NETCONF session-id the device gave
 * @param capabilities the device's hello capabilities
 * @param openedNanos  {@link System#nanoTime()} when the TCP connection under the session was established
 * @param handshake    from the TCP connection to the device's NETCONF hello
 */
public record DeviceSession(SecurityFacts facts, long sessionId, List<String> capabilities, Instant since,
                            long openedNanos, Duration handshake, NetconfClientSession netconf) {

    public DeviceSession {
        capabilities = List.copyOf(capabilities);
    }

    public String deviceId() {
        return facts.peerIdentity();
    }

    public CallHomeStrategy strategy() {
        return facts.strategy();
    }

    /** The fingerprint of the key that identified the device (its host key, or its login key). */
    public String keyFingerprint() {
        return facts.peerKeyFingerprint();
    }

    /** The NETCONF username of the session. */
    public String username() {
        return facts.netconfUsername();
    }

    public String remoteAddress() {
        return facts.remoteAddress();
    }
}
