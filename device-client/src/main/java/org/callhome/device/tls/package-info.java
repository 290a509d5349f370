/**
 * The device half of TLS call home (RFC 8071 §4, NMS port 4335) with NETCONF over TLS (RFC 7589):
 * the device dials the NMS and is then the TLS <em>server</em> on that connection, presenting its
 * X.509 chain ({@code --host-cert}) for its key ({@code --host-key}); the NMS is the TLS client and
 * must present a client certificate chain that the accounts accept
 * ({@link org.callhome.device.accounts.AccountTable#checkTlsClient}), judged during the handshake, so
 * that a refused NMS gets a TLS alert and no NETCONF byte. The account it proves, by cert-to-name or
 * the simple rule, is the NETCONF username; no account, no session (RFC 7589 §7).
 *
 * <p>Liveness deviates from RFC 8071 §7, which asks for TLS heartbeats (RFC 6520): the JDK's TLS
 * cannot send them, so the connection runs TCP keepalive instead, with the call-home keepalive
 * settings as its idle time, interval and probe count where the platform lets them be set. The
 * channels run on Netty's event loops ({@link org.callhome.device.strategy.NettyIo}), no thread per
 * connection.
 *
 * <p>It uses {@code strategy}, {@code callhome}, {@code accounts} and the TLS parts of the shared
 * module ({@code org.callhome.shared.tls}); no other strategy's half.
 */
package org.callhome.device.tls;
