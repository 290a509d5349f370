package org.callhome.shared.strategy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * The NMS half of a strategy: listens where devices call, proves who each device is, and hands
 * over one {@link SecuredChannel} per authenticated device. It reports devices it refused
 * through {@link Refusals}. Above it the NMS runs the same NETCONF client for every strategy.
 */
public interface NmsHalf extends AutoCloseable {

    /** What the NMS half tells about devices it did not hand over. */
    interface Refusals {
        /** An unknown key, or a device that is already connected. */
        void rejected(CallHomeStrategy strategy, String deviceId, String fingerprint, String remoteAddress,
                      String reason);

        /** The device was known, but the SSH login or the NETCONF channel failed. */
        void authFailed(CallHomeStrategy strategy, String deviceId, String fingerprint, String remoteAddress,
                        String reason);
    }

    CallHomeStrategy strategy();

    /**
     * Binds and starts accepting; each authenticated device's channel goes to {@code channels}
     * (called on an I/O thread; it must not block). Returns the address actually bound.
     */
    InetSocketAddress start(Consumer<SecuredChannel> channels) throws IOException;

    /** Drops the live connection of {@code deviceId}, if any. */
    void disconnect(String deviceId);

    @Override
    void close() throws IOException;
}
