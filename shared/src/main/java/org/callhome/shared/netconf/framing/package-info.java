/**
 * NETCONF framing (RFC 6242 §4), end-of-message framing for the hello and chunked framing after
 * both peers advertised base:1.1, as pure byte codecs without I/O: feed bytes to a
 * {@link org.callhome.shared.netconf.framing.NetconfFrameDecoder}, receive whole messages through a
 * {@link org.callhome.shared.netconf.framing.MessageHandler}, and frame outgoing messages with a
 * {@link org.callhome.shared.netconf.framing.NetconfFrameEncoder}. It may use only shared's bottom
 * layer (the limits in {@code netconf}, {@code text}, {@code io}, {@code cli}, {@code threads}): it
 * knows no XML, no message and no session.
 */
package org.callhome.shared.netconf.framing;
