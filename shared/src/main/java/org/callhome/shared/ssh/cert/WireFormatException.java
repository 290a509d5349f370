package org.callhome.shared.ssh.cert;

/** Bytes that do not follow the SSH wire format they claim to, with the offset where reading failed. */
final class WireFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    WireFormatException(int offset, String what) {
        super("at byte " + offset + ": " + what);
    }
}
