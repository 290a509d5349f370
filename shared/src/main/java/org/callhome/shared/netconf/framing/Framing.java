package org.callhome.shared.netconf.framing;

/**
 * How NETCONF messages are delimited on the byte stream (RFC 6242 §4). Every session starts
 * with {@link #END_OF_MESSAGE}, which carries the hellos; both sides move to {@link #CHUNKED}
 * when both advertised {@code urn:ietf:params:netconf:base:1.1}.
 */
public enum Framing {
    /** RFC 6242 §4.3: message bytes followed by {@code ]]>]]>}. */
    END_OF_MESSAGE,
    /** RFC 6242 §4.2: {@code \n#<size>\n<data>} chunks, ended by {@code \n##\n}. */
    CHUNKED
}
