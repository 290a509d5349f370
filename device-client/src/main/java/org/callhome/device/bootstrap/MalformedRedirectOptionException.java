package org.callhome.device.bootstrap;

/**
 * The bootstrap-server-list breaks RFC 8572 §8.3: a uri-length cut short or pointing past the
 * end, an empty URI, a byte that is not printable US-ASCII, a URI that does not parse or is not
 * of the form {@code https://host[:port]}.
 */
public final class MalformedRedirectOptionException extends RedirectOptionException {

    private static final long serialVersionUID = 1L;

    MalformedRedirectOptionException(int byteOffset, String problem) {
        super(byteOffset, problem);
    }
}
