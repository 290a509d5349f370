package org.callhome.shared.ssh.x509;

/** An RFC 6187 key blob from a peer that cannot be read; the message says what is wrong, safe to log. */
public final class X509BlobException extends Exception {

    private static final long serialVersionUID = 1L;

    public X509BlobException(String message) {
        super(message);
    }
}
