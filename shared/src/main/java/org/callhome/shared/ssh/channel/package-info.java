/**
 * NETCONF carried on MINA SSH channels, whichever end and role: the client end of a channel
 * ({@code ClientChannelTransport}) and the server end a subsystem runs on
 * ({@code ServerChannelTransport}, installed by {@code NetconfChannelCommand}) as a
 * {@link org.callhome.shared.netconf.session.Transport} that stops reading while the session is full
 * or the peer does not read, and the RFC 8071 keepalives ({@code SshKeepalive}). It may use
 * {@code ssh}, the NETCONF stack ({@code netconf.framing} to {@code netconf.session}) and shared's
 * bottom layer, never {@code config} or {@code strategy}.
 */
package org.callhome.shared.ssh.channel;
