/**
 * X.509 certificates as device and NMS identities in SSH (RFC 6187: {@code x509v3-ecdsa-sha2-nistp256},
 * {@code -nistp384}, {@code -nistp521}, {@code x509v3-rsa2048-sha256}): whether a chain a peer
 * presented proves an identity, apart from the SSH wire format that carries it. The trusted CAs
 * ({@link org.callhome.shared.ssh.x509.trust.X509Authorities}, read from PEM CA certificates), the
 * pinned end-entity certificates ({@link org.callhome.shared.ssh.x509.trust.X509Pins}, read with CAs
 * from the same kind of file by {@link org.callhome.shared.ssh.x509.trust.X509TrustFile}), the
 * one decision on a chain ({@link org.callhome.shared.ssh.x509.trust.X509ChainCheck}, giving an
 * {@link org.callhome.shared.ssh.x509.trust.X509Verdict}) and the identity an accepted chain proves
 * ({@link org.callhome.shared.ssh.x509.trust.X509Identity}). Revocation comes from the same
 * {@code --revoked-keys} list as for OpenSSH certificates, which reads X.509 CRLs too
 * ({@link org.callhome.shared.ssh.cert.RevokedKeys}), and a refusal is named by the same words
 * ({@link org.callhome.shared.ssh.cert.CertificateRefusal}).
 *
 * <h2>The rules</h2>
 *
 * A chain is the peer's certificates as sent, its end-entity certificate first and each one
 * followed by its issuer's (RFC 6187 §2.1); the trusted CA's own certificate may be left out (RFC
 * 8071 §4) or sent along. The chain is checked for an SSH role, {@code host} (an SSH server: the
 * device in reverse-ssh, the NMS in device-ssh-client) or {@code user} (an SSH client), at a given
 * instant. The rules are tested in this order and the first that fails is the verdict, with its
 * refusal word; nothing in a certificate is believed before the path to a trusted CA is found and
 * every signature on it verified.
 *
 * <ol>
 *   <li>{@code unknown-ca}: the chain is empty or longer than
 *       {@value org.callhome.shared.ssh.x509.trust.X509ChainCheck#MAX_CHAIN_CERTIFICATES}
 *       certificates; or no certificate of it is issued under the name (subject) of a trusted CA;
 *       or, on the way there, a certificate is not issued under the name of the one after it (a
 *       chain out of order). The path is the chain up to the first certificate issued under a
 *       trusted CA's name; certificates after it, such as the CA's own, are not looked at.</li>
 *   <li>{@code unsupported-signature-algorithm}: a certificate of the path is signed with an
 *       algorithm other than RSA or ECDSA with SHA-256, SHA-384 or SHA-512, RSASSA-PSS with one of
 *       those hashes, Ed25519 or Ed448 (so no SHA-1, MD5 or DSA).</li>
 *   <li>{@code bad-signature}: a signature does not verify: the last certificate's with the key of
 *       any trusted CA of its issuer's name (two while a CA renews its key under the same name), or
 *       a certificate's with the key of the one after it. A chain that names a trusted CA as its
 *       issuer but was not signed by it is a forgery or another CA's, and is {@code bad-signature},
 *       not {@code unknown-ca}. The CA whose key verified is the CA the chain leads to.</li>
 *   <li>{@code unsupported-key-type}: the end-entity key is not ECDSA on NIST P-256, P-384 or P-521,
 *       nor RSA of 2048 bits or more (RFC 6187's algorithms; an Ed25519 key has no RFC 6187
 *       algorithm).</li>
 *   <li>{@code not-yet-valid}, then {@code expired}: at the instant of the check, before the
 *       {@code notBefore} or after the {@code notAfter} (which is still valid, as X.509 counts it) of
 *       a certificate of the path or of the trusted CA's own; the end entity's first, then up the
 *       path, the CA's last. Checked here so the word is precise; path validation would only say
 *       "failed".</li>
 *   <li>PKIX path validation (RFC 5280 §6, the JDK's {@code CertPathValidator}) of the path, with
 *       the CA as its only trust anchor, at the instant of the check, revocation left to the next
 *       rule: basic constraints (every certificate above the end entity a CA, path lengths), CA key
 *       usages, name constraints, policies, and critical extensions. A critical extension it does
 *       not understand is {@code unsupported-critical-option}; what the JDK's algorithm constraints
 *       ({@code jdk.certpath.disabledAlgorithms}) refuse is {@code unsupported-signature-algorithm};
 *       anything else (say an intermediate that is not a CA) is {@code unknown-ca}: the chain does
 *       not lead to the trusted CA.</li>
 *   <li>{@code revoked}: a certificate of the path, the end entity first, is listed in a CRL of
 *       {@code --revoked-keys} issued under its issuer's name and signed by its issuer's key (the
 *       next certificate's, or the trusted CA's); or its key or its issuer's key is revoked in a KRL
 *       or key list there, as for an OpenSSH certificate. A CRL's signature is checked here, not when the
 *       list is loaded, since its issuer may be an intermediate known only from a chain; a CRL that
 *       its issuer's key does not verify revokes nothing (at startup,
 *       {@link org.callhome.shared.ssh.x509.trust.X509Authorities#crlsSignedByNone} names the CRLs
 *       no trusted CA signed, so an operator hears of one from the wrong CA). A CRL's
 *       {@code nextUpdate} is not enforced: a list past it still revokes what it lists.</li>
 *   <li>{@code wrong-certificate-type}: the end-entity certificate is a CA's ({@code basicConstraints
 *       CA:TRUE}), or its extended key usage names the other SSH role only:
 *       {@code id-kp-secureShellClient} (1.3.6.1.5.5.7.3.21) where {@code host} needs
 *       {@code id-kp-secureShellServer} (1.3.6.1.5.5.7.3.22), or the reverse.</li>
 *   <li>{@code key-usage}: the end-entity certificate has a key usage without
 *       {@code digitalSignature} (RFC 6187 §2.2.1). No key usage at all is accepted.</li>
 *   <li>{@code extended-key-usage}: the end-entity certificate has an extended key usage without
 *       the role's purpose, {@code anyExtendedKeyUsage} (2.5.29.37.0) or the other SSH role's (rule
 *       8); TLS's {@code serverAuth} and {@code clientAuth} do not count, as a TLS certificate is not
 *       an SSH identity. No extended key usage at all is accepted, as RFC 6187 §2.2.2 makes its
 *       purposes a way to restrict a key, not a requirement; {@code anyExtendedKeyUsage} is accepted
 *       for both roles, as RFC 5280 §4.2.1.12 makes it the CA's statement that it puts no limit on
 *       the key's purposes. Only the end entity's usages are read; a CA's extended key usage does
 *       not restrict the certificates it issues.</li>
 *   <li>{@code principal-count}: the identity is the end-entity subject's {@code serialNumber}
 *       attribute (OID 2.5.4.5, as IEEE 802.1AR device certificates carry it) or, when it has none,
 *       its {@code CN} (2.5.4.3), searched in every RDN; a subject with neither, or with two of the
 *       one that names it, is refused. The subject alternative name is not read.</li>
 *   <li>{@code bad-principal}: the identity is not a string, is empty, longer than
 *       {@value org.callhome.shared.ssh.cert.CertificateCheck#MAX_PRINCIPAL_CHARS} characters, holds
 *       whitespace, a control or format character or one of {@code * ? ! , #}, or starts with
 *       {@code @} or {@code |}: it must be a name a device id may be, as for an OpenSSH
 *       certificate's principal.</li>
 * </ol>
 *
 * What a connection adds on top, such as the identity it expects, chains on the verdict
 * ({@code principal-mismatch}, {@code unexpected-identity}), as for OpenSSH certificates.
 *
 * <h2>Pinned certificates</h2>
 *
 * A check may also be given pinned end-entity certificates (ietf-tls-server's {@code ee-certs}, such
 * as an NMS's own self-signed certificate in a device's account file). When the chain's end-entity
 * certificate is byte-identical (the same DER encoding) to a pin, whatever issued it, these rules
 * decide instead of the ones above, in this order: {@code unsupported-key-type} (rule 4);
 * {@code not-yet-valid}, then {@code expired}, for the pin alone; {@code unsupported-critical-option}
 * for a critical extension other than key usage, extended key usage, basic constraints, subject
 * alternative name and certificate policies; {@code revoked} when its key is in a KRL or key list,
 * or its serial in a CRL of its issuer's name that the pin's own key signed (a self-signed pin's own
 * CRL; another issuer's key is not known); then rules 8 to 12 as for any end entity. Nothing after
 * the pin in the chain is looked at, and no signature on the pin is verified, as its bytes are the
 * trust. The accepted path is the pin alone, and the identity says it was pinned, with the pin's
 * own fingerprint where a chain's names its CA. A certificate that matches no pin is decided by the
 * rules above, so one of no trusted CA stays {@code unknown-ca}.
 *
 * <h2>Trusted CAs</h2>
 *
 * A CA file holds PEM CA certificates; each must be version 3 with {@code basicConstraints
 * CA:TRUE} and, if it has a key usage, {@code keyCertSign}. Self-signed version 1 roots are refused,
 * as nothing in a v1 certificate says it is a CA's. A CA is named by the SHA-256 fingerprint of its
 * certificate as {@code openssl x509 -noout -fingerprint -sha256} prints it (colon-separated
 * upper-case hex); the end-entity key by its OpenSSH {@code SHA256:} fingerprint, as every SSH key.
 * A file that may also pin certificates holds, beside such CA certificates, version 3 end-entity
 * certificates (no {@code CA:TRUE}); a CA certificate is never a pin, and a version 1 certificate is
 * neither.
 *
 * <p>It may use {@code ssh.cert} (revocation lists, refusal words, the principal rule),
 * {@code ssh.x509} (which curves are NIST's), {@code ssh}
 * (fingerprints, PEM blocks, how X.509 names are shown), Bouncy Castle, MINA SSHD and shared's
 * bottom layer ({@code text}, {@code io}), never the NETCONF stack, {@code config},
 * {@code ssh.channel} or {@code strategy}; it reads nothing of the SSH wire format the chain comes
 * in.
 */
package org.callhome.shared.ssh.x509.trust;
