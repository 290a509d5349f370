package org.callhome.nms.api;

/**
 * A request the API refuses, with the HTTP status that says why. Handlers and request parsers
 * throw it (or fail their routing context with it); {@link ApiErrors} answers it. Its message is
 * shown to the client, so it names only what the client sent or may know, never a secret.
 */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    private ApiException(int status, String message) {
        // the status and message say all; a stack trace would only cost time on a path any client can take
        super(message, null, false, false);
        this.status = status;
    }

    /** 400: the request is malformed or asks for something this API does not do. */
    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** 401: the bearer token is missing or wrong. */
    static ApiException unauthorized(String message) {
        return new ApiException(401, message);
    }

    /** 403: the request comes from a page of another origin, which may not act on the operator's behalf. */
    static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }

    /** 415: a body in a media type the route does not take. */
    static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, message);
    }

    /** 421: the request names, in its Host header, a host this NMS does not serve. */
    static ApiException misdirected(String message) {
        return new ApiException(421, message);
    }

    /** 404: the device (or rejected key) the request names is not known. */
    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** 409: the request contradicts the device's state, such as an RPC to one not connected. */
    static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    /** 503: the NMS is at a limit right now; the same request may succeed later. */
    static ApiException unavailable(String message) {
        return new ApiException(503, message);
    }

    int status() {
        return status;
    }
}
