package org.callhome.shared.netconf.session;

/**
 * The byte channel under a NETCONF session: an SSH channel, a pair of streams, a test pipe.
 * The session calls these methods on its own executor; an implementation must not block for
 * long (buffer or write asynchronously) and must keep the bytes in order.
 */
public interface Transport {

    /** Queues bytes for the peer. The array is not modified or kept by the caller afterwards. */
    void send(byte[] bytes);

    /** Closes the channel; idempotent. The transport then stops delivering bytes. */
    void close();

    /** Asks the transport to stop reading (the session holds as many requests as it may). */
    default void pauseReading() {
    }

    /** Lets the transport read again after {@link #pauseReading()}. */
    default void resumeReading() {
    }

    /** A short description for logs, e.g. the peer address; never a secret. */
    default String describe() {
        return getClass().getSimpleName();
    }
}
