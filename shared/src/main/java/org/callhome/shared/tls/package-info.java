/**
 * TLS call home (RFC 8071 §4, port 4335) and NETCONF over TLS (RFC 7589), apart from either side's
 * strategy: the TLS rules both sides apply ({@link org.callhome.shared.tls.TlsContexts}: TLS 1.3 and
 * 1.2 only, forward-secret AEAD suites, mutual X.509 authentication, the device as the TLS server
 * although it dialed), the peer's chain judged during the handshake by the project's own X.509 rules
 * ({@link org.callhome.shared.tls.ChainJudge}), and the NETCONF transport over a Netty channel
 * whose pipeline holds the TLS handler ({@link org.callhome.shared.tls.NettyTransport}). Netty is
 * used directly because the roles are reversed: a socket the NMS accepted runs a TLS client, one the
 * device dialed a TLS server, which Vert.x's own TLS refuses.
 *
 * <p>Its layer: above {@code strategy}, on {@code strategy}, {@code ssh.cert} (the refusal words),
 * {@code ssh.x509.trust} (the chain rules, which give TLS two purposes of their own) and the NETCONF
 * stack.
 */
package org.callhome.shared.tls;
