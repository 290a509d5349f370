/**
 * NETCONF framing (RFC 6242 §4): end-of-message framing for the hello, chunked framing after
 * both peers advertised base:1.1. Pure byte codecs without I/O: feed bytes to a
 * {@link org.callhome.shared.netconf.framing.NetconfFrameDecoder}, receive whole messages
 * through a {@link org.callhome.shared.netconf.framing.MessageHandler}; frame outgoing messages
 * with a {@link org.callhome.shared.netconf.framing.NetconfFrameEncoder}.
 */
package org.callhome.shared.netconf.framing;
