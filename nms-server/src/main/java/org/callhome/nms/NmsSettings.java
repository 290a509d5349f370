package org.callhome.nms;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.KnownDevices;

/** Everything the NMS runs with, checked and loaded (keys parsed, files read). */
public record NmsSettings(InetSocketAddress listen, InetSocketAddress http, KnownDevices knownDevices,
                          KeyPair identity, String username, boolean trustUnknownDevices, Duration authTimeout,
                          Keepalives keepalives, Duration rpcTimeout, NetconfLimits limits, Path stateDir) {
}
