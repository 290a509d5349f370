package org.callhome.shared.sztp;

/**
 * The device refused a bootstrap server's data: the {@link BootstrapRefusal} and a one-sentence
 * detail naming the artifact and what was wrong, without content or key material. RFC 8572 §5.4:
 * the device then tries the next bootstrap server.
 */
public final class BootstrapRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient BootstrapRefusal reason;
    private final String detail;

    BootstrapRefusedException(BootstrapRefusal reason, String detail) {
        super(reason.wireName() + ": " + detail);
        this.reason = reason;
        this.detail = detail;
    }

    public BootstrapRefusal reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }
}
