package org.callhome.shared.netconf.session;

/** The side of a session that a transport feeds: both NETCONF roles implement it. */
public interface ByteReceiver {

    /** Bytes from the peer; the receiver copies what it keeps, so the buffer may be reused. */
    void receive(byte[] bytes, int offset, int length);

    /** End of stream, or the transport failed. */
    void transportClosed();
}
