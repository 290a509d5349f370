/**
 * X.509 certificates in SSH (RFC 6187) on MINA SSHD, for host keys and user logins alike, beside
 * plain keys and OpenSSH certificates: the algorithms offered
 * ({@link org.callhome.shared.ssh.x509.X509Algorithm}), the key blob carrying a chain
 * ({@link org.callhome.shared.ssh.x509.X509KeyBlob}), the key MINA carries it in
 * ({@link org.callhome.shared.ssh.x509.X509PublicKey}), the signatures
 * ({@link org.callhome.shared.ssh.x509.X509Signature}), and the two switches: a server presents a
 * host chain and a client takes host chains ({@link org.callhome.shared.ssh.x509.X509HostKeys}), a
 * client logs in with a user chain and a server takes them
 * ({@link org.callhome.shared.ssh.x509.X509UserKeys}). Nothing here decides whether a chain is
 * trusted: the client's server key verifier and the server's authenticator are handed the
 * {@code X509PublicKey}, with its signature verified, and apply the policy. It may use MINA SSHD,
 * Bouncy Castle, {@code ssh}, {@code ssh.cert} (for the client key exchange's hook) and shared's
 * bottom layer, never the NETCONF stack, {@code config}, {@code ssh.channel} or {@code strategy}.
 *
 * <p>What MINA SSHD 2.20 lacks, and the upstream hook that would remove each piece:
 * <ul>
 *   <li>The client key exchange ({@code DHGClient.next}) reads K_S with MINA's fixed key parser
 *       ({@code BufferPublicKeyParser.DEFAULT}), which knows no {@code x509v3-*} blob, so the project's
 *       {@code VerifierJudgedKeyExchange} reads the reply itself for an algorithm whose signature
 *       factory is a {@code HostKeyReader}. A pluggable K_S parser in {@code DHGClient} (a protected
 *       {@code parseHostKey(algorithm, K_S)}), or X.509 among the {@code KeyUtils} and
 *       {@code BufferPublicKeyParser} decoders, would remove that, and with it the one limit left: a key
 *       exchange that encapsulates a key (the post-quantum hybrids) keeps its state in a private field,
 *       so it cannot be combined with these host keys.</li>
 *   <li>The client login ({@code UserAuthPublicKey.appendSignature}) names the signature by
 *       {@code KeyUtils.getSignatureAlgorithm}, which maps names for OpenSSH certificates only, not by
 *       the signature's own {@code getSshAlgorithmName} as the server key exchange does; and it parses
 *       the key echoed in SSH_MSG_USERAUTH_PK_OK with the same fixed parser. Asking the signature for
 *       its name and comparing the echoed blob's bytes would leave this package's client login
 *       nothing to do.</li>
 *   <li>The server login ({@code UserAuthPublicKey.doAuth}) parses the offered key with the fixed
 *       parser too, so this package handles {@code x509v3-*} requests before it. A certificate-aware
 *       {@code UserAuthPublicKey} (a key parser per algorithm, and a verification key apart from the
 *       presented key, as MINA already has for OpenSSH certificates) would remove it.</li>
 *   <li>Presenting needs nothing MINA lacks: an {@code UnsupportedSshPublicKey} (which
 *       {@code X509PublicKey} is) is written as its raw blob, the host key algorithms come from the key
 *       pair provider's key types, and the server key exchange names the signature by the signature's
 *       {@code getSshAlgorithmName}. MINA's {@code HostKeyCertificateProvider} is for OpenSSH
 *       certificates only, and is not used.</li>
 * </ul>
 */
package org.callhome.shared.ssh.x509;
