package org.callhome.device.datastore;

/**
 * The retrieval modes of RFC 6243 §3, as the {@code <with-defaults>} parameter of get,
 * get-config and copy-config names them. The device's basic mode is {@link #EXPLICIT}: its
 * datastores hold what clients set, never a default they did not send.
 */
public enum WithDefaultsMode {

    /** RFC 6243 §3.3: what clients set, and nothing else. */
    EXPLICIT("explicit"),
    /** RFC 6243 §3.1: every default in use is reported as well. */
    REPORT_ALL("report-all"),
    /** RFC 6243 §3.4: as report-all, each leaf holding its default tagged {@code wd:default="true"}. */
    REPORT_ALL_TAGGED("report-all-tagged"),
    /** RFC 6243 §3.2: leaves holding their schema default are left out. */
    TRIM("trim");

    /** The namespace of ietf-netconf-with-defaults, which defines the {@code <with-defaults>} parameter. */
    public static final String NS = "urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults";

    /** The namespace of the {@code default} XML attribute (RFC 6243 §6). */
    public static final String ATTRIBUTE_NS = "urn:ietf:params:xml:ns:netconf:default:1.0";

    /** The local name of that attribute. */
    public static final String ATTRIBUTE = "default";

    /** What the device says in its hello (RFC 6243 §4.3). */
    public static final String CAPABILITY = "urn:ietf:params:netconf:capability:with-defaults:1.0"
            + "?basic-mode=explicit&also-supported=report-all,report-all-tagged,trim";

    private final String wireName;

    WithDefaultsMode(String wireName) {
        this.wireName = wireName;
    }

    /** The enum value of the with-defaults-mode typedef. */
    public String wireName() {
        return wireName;
    }

    /** The mode named {@code value} on the wire, or null when there is none of that name. */
    public static WithDefaultsMode fromWire(String value) {
        for (WithDefaultsMode mode : values()) {
            if (mode.wireName.equals(value)) {
                return mode;
            }
        }
        return null;
    }
}
