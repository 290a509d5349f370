package org.callhome.nms.callhome;

import java.time.Instant;
import java.util.List;
import org.callhome.shared.netconf.session.NetconfClientSession;

/**
 * One live NETCONF session with a device, and the facts of how it was secured.
 *
 * @param deviceId           the id the trust store gives the device's key
 * @param strategy           "reverse-ssh" or "device-ssh-client"
 * @param hostKeyFingerprint the fingerprint of the key that identified the device
 * @param username           the NETCONF username (reverse-ssh: the SSH user the NMS logged in as)
 * @param remoteAddress      where the connection came from (informational, never an identity)
 * @param sessionId          the NETCONF session-id the device gave
 * @param capabilities       the device's hello capabilities
 */
public record DeviceSession(String deviceId, String strategy, String hostKeyFingerprint, String username,
                            String remoteAddress, long sessionId, List<String> capabilities, Instant since,
                            NetconfClientSession netconf) {

    public DeviceSession {
        capabilities = List.copyOf(capabilities);
    }
}
