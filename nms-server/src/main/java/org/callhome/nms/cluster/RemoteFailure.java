package org.callhome.nms.cluster;

/**
 * Why a request another node served, or should have served, failed, with the HTTP status the API
 * answers it with: the same 404, 409 and 504 as for a device held by the node asked.
 */
public final class RemoteFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;

    public RemoteFailure(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
