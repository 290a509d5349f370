package org.callhome.nms.callhome;

/**
 * What a call-home listener reports about devices. Called on MINA I/O threads or session
 * executors; the receiver (the registry) hands each event to its own context.
 */
public interface CallHomeEvents {

    /** A device presented a key nobody trusts, or a trusted device connected twice. */
    void rejected(String deviceId, String fingerprint, String remoteAddress, String reason);

    /** The device's host key matched, but the NMS could not log in or open NETCONF. */
    void authFailed(String deviceId, String fingerprint, String remoteAddress, String reason);

    /** A NETCONF session is up. */
    void connected(DeviceSession session);

    /** A NETCONF session that was up has ended. */
    void disconnected(DeviceSession session, String reason);
}
