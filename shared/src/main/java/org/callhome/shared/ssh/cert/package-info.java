/**
 * OpenSSH certificates as device and NMS identities, for both strategies: the trusted CA keys
 * ({@link org.callhome.shared.ssh.cert.CertificateAuthorities}), the one decision on a presented
 * certificate ({@link org.callhome.shared.ssh.cert.CertificateCheck}, giving a
 * {@link org.callhome.shared.ssh.cert.CertificateVerdict}), revocation lists read from an OpenSSH
 * KRL, a key list or X.509 CRLs ({@link org.callhome.shared.ssh.cert.RevokedKeys}, which also
 * revokes X.509 certificates for {@code ssh.x509.trust}) and written as a KRL
 * ({@link org.callhome.shared.ssh.cert.KrlWriter}), our own key with its
 * certificate ({@link org.callhome.shared.ssh.cert.CertifiedKey}), and the client key exchange that
 * leaves a host certificate to the server key verifier
 * ({@link org.callhome.shared.ssh.cert.VerifierJudgedKeyExchange}), which also takes host keys MINA
 * cannot read through their signature factory ({@code HostKeyReader}, as {@code ssh.x509} does). It may use MINA SSHD, {@code ssh}
 * (keys, fingerprints, trust file lines, the signature policy) and shared's bottom layer ({@code text},
 * {@code io}), never the NETCONF stack, {@code config}, {@code ssh.channel} or {@code strategy}.
 */
package org.callhome.shared.ssh.cert;
