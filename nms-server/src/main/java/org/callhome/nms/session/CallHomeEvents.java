package org.callhome.nms.session;

import org.callhome.shared.strategy.NmsHalf;

/**
 * What the NMS learns about devices, from every strategy's NMS half (refusals) and from the
 * NETCONF layer above them (sessions up and down). Called on I/O threads or session executors;
 * the receiver (the registry) hands each event to its own context.
 */
public interface CallHomeEvents extends NmsHalf.Refusals {

    /** A NETCONF session is up. */
    void connected(DeviceSession session);

    /** A NETCONF session that was up has ended. */
    void disconnected(DeviceSession session, String reason);
}
