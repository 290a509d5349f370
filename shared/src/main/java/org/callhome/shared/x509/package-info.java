/**
 * X.509 certificates apart from any transport: which name a certificate path maps to, by the
 * ordered {@code cert-to-name} list of RFC 7407 ({@code ietf-x509-cert-to-name}), as NETCONF over SSH
 * (RFC 6242 §3, an X.509 login of RFC 6187) and over TLS (RFC 7589 §7) use it
 * ({@link org.callhome.shared.x509.CertToName}, its entries {@link org.callhome.shared.x509.CertToNameEntry},
 * their {@link org.callhome.shared.x509.TlsFingerprint}). No I/O: it is handed a path that something
 * else has already verified, and decides nothing about trust. It may use Bouncy Castle (to read
 * subjectAltName and subject attributes) and shared's bottom layer ({@code text}); {@code config}
 * uses it for the settings it reads, and nothing of SSH, TLS or the NETCONF stack is used here.
 */
package org.callhome.shared.x509;
