/**
 * TLS call home as the NMS serves it (RFC 8071 §4, NETCONF over TLS per RFC 7589): devices dial
 * port 4335 and the NMS is the TLS <em>client</em> on each connection it accepted, proving itself
 * with its X.509 certificate and judging the device's during the handshake, on Vert.x's event loops
 * (a Netty TLS handler in the pipeline: Vert.x's own TLS refuses the reversed roles). The device is
 * the identity of its certificate (subject serialNumber, else CN), issued by a PEM
 * {@code --device-ca} CA for a TLS server (RFC 8071 C6); {@code --device-ids}, the revocation list
 * and API revocations apply as to the SSH strategies' X.509 devices.
 *
 * <p>Liveness: RFC 8071 §7 asks for TLS heartbeats (RFC 6520), which neither JSSE nor current
 * OpenSSL can send; connections use TCP keepalives instead. {@code --max-startups},
 * {@code --per-source-max-startups} and {@code --kex-timeout} admit connections whose handshake has
 * not ended, as for the SSH listeners.
 */
package org.callhome.nms.tls;
