package org.callhome.shared.strategy;

import java.io.IOException;
import org.callhome.shared.netconf.session.NetconfServerSession;

/**
 * The device half of a strategy: opens the connection to the NMS (a dialer decides when and
 * where), authenticates it, and hands each NETCONF channel it secured, with the facts of how,
 * to the device's NETCONF server through a {@link ChannelSink}. The NETCONF server above it is
 * the same for every strategy and only uses the facts' username for authorization.
 */
public interface DeviceHalf extends AutoCloseable {

    /** Where a device half hands its secured NETCONF channels. */
    @FunctionalInterface
    interface ChannelSink {
        /**
         * Starts the device's NETCONF server on {@code channel} and attaches it; throws when the
         * server cannot take it, in which case the half closes the channel.
         */
        NetconfServerSession accept(SecuredChannel channel) throws IOException;
    }

    CallHomeStrategy strategy();

    @Override
    void close() throws IOException;
}
