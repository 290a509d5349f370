package org.callhome.shared.netconf.message;

/** Names fixed by RFC 6241 and RFC 6242. */
public final class Netconf {

    /** Namespace of the base protocol elements (rpc, rpc-reply, hello, operations). */
    public static final String BASE_NS = "urn:ietf:params:xml:ns:netconf:base:1.0";

    public static final String BASE_1_0 = "urn:ietf:params:netconf:base:1.0";
    public static final String BASE_1_1 = "urn:ietf:params:netconf:base:1.1";
    public static final String WRITABLE_RUNNING = "urn:ietf:params:netconf:capability:writable-running:1.0";
    public static final String CANDIDATE = "urn:ietf:params:netconf:capability:candidate:1.0";
    public static final String ROLLBACK_ON_ERROR = "urn:ietf:params:netconf:capability:rollback-on-error:1.0";
    public static final String STARTUP = "urn:ietf:params:netconf:capability:startup:1.0";
    public static final String CONFIRMED_COMMIT_1_1 = "urn:ietf:params:netconf:capability:confirmed-commit:1.1";
    public static final String VALIDATE_1_1 = "urn:ietf:params:netconf:capability:validate:1.1";

    /** Largest session-id (uint32); 0 means "not a NETCONF session" in lock-denied error-info. */
    public static final long MAX_SESSION_ID = 4294967295L;

    private Netconf() {
    }
}
