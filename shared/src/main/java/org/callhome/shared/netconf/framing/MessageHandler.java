package org.callhome.shared.netconf.framing;

/** Receives each complete message, framing removed, on the thread that fed the bytes. */
@FunctionalInterface
public interface MessageHandler {

    /** {@code message} is never empty and belongs to the handler. */
    void onMessage(byte[] message);
}
