package org.callhome.shared.ssh;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.kex.DHFactory;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;

/**
 * The SSH algorithms both sides of every strategy use: modern ones that OpenSSH 9 and paramiko
 * 2.12 (ncclient) both speak, each list in preference order.
 *
 * <p>Why restrict at all: with Bouncy Castle on the class path MINA SSHD prefers
 * {@code sntrup761x25519-sha512}, several times slower to negotiate than X25519, and it still
 * offers SHA-1, CBC and finite-field Diffie-Hellman. Both {@code curve25519-sha256} names are
 * listed because paramiko only knows the {@code @libssh.org} one. Public-key work in the handshake
 * (X25519, Ed25519, ECDH, ECDSA) runs on Bouncy Castle, which MINA 2.20 selects by itself once BC
 * is on the class path; {@link #cryptoProviders()} reports what is in force.
 *
 * <p>{@code chacha20-poly1305@openssh.com} is in {@link #CIPHERS} only when the running MINA
 * supports it (2.20 does, in pure Java); every other name must be supported, or {@code applyTo}
 * throws {@link IllegalStateException} rather than run with a weaker list.
 */
public final class SshPolicy {

    /** Key exchanges: X25519 first, then NIST ECDH. No post-quantum hybrids, no finite-field DH. */
    public static final List<String> KEY_EXCHANGES = List.of(
            "curve25519-sha256", "curve25519-sha256@libssh.org",
            "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521");

    /** AEAD ciphers first, then CTR with one of {@link #MACS}. No CBC, no 3DES, no arcfour. */
    public static final List<String> CIPHERS = ciphers();

    /** Encrypt-then-MAC first; SHA-2 only (no SHA-1, no MD5, no truncated MACs). */
    public static final List<String> MACS = List.of(
            "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha2-256", "hmac-sha2-512");

    /**
     * Host key and user key signatures: OpenSSH certificates first (a side that holds none never
     * offers them, so pinned keys negotiate as before), then plain keys. RSA only with SHA-2
     * ({@code ssh-rsa}, i.e. SHA-1 signatures, is not offered; RSA keys themselves are fine). No DSA.
     * X.509 certificates (RFC 6187, {@code x509v3-*}) are not listed: {@code ssh.x509} adds them to a
     * client or server asked to take or present them, so no side offers them by default.
     */
    public static final List<String> SIGNATURES = List.of(
            "ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com",
            "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com",
            "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com",
            "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
            "rsa-sha2-512", "rsa-sha2-256");

    private SshPolicy() {
    }

    /**
     * Restricts a client (the NMS in reverse-ssh, the device in device-ssh-client) to this
     * policy. Call before {@code start()}; replaces the client's kex, cipher, mac and signature lists,
     * makes its sessions start re-keys only while reading ({@link RekeyOnReadClientSession}; a client
     * that accepts connections hands its acceptor {@code client.getSessionFactory()}), stamps each
     * session's start ({@link SessionClock}) and counts its key exchanges ({@link KeyExchanges}).
     *
     * @throws IllegalStateException if the running MINA lacks a listed algorithm
     */
    public static void applyTo(SshClient client) {
        applyTo(client, ClientBuilder.DH2KEX);
    }

    /**
     * As {@link #applyTo(SshClient)}, with the key exchange of each listed algorithm made by
     * {@code dh2kex} instead of MINA's: for a client that must change how the server's host key is
     * checked during key exchange, such as an NMS taking host certificates on an accepted socket.
     *
     * @param dh2kex the client key exchange for a {@link DHFactory}, as {@code ClientBuilder.DH2KEX} makes it
     */
    public static void applyTo(SshClient client, Function<DHFactory, KeyExchangeFactory> dh2kex) {
        SshAlgorithms algorithms = SshAlgorithms.resolve();
        client.setKeyExchangeFactories(algorithms.keyExchangeFactories(dh2kex));
        client.setCipherFactories(algorithms.ciphers());
        client.setMacFactories(algorithms.macs());
        client.setSignatureFactories(algorithms.signatures());
        client.setSessionFactory(RekeyOnReadClientSession.sessions(client));
        client.addSessionListener(SessionClock.LISTENER);
        client.addSessionListener(KeyExchanges.LISTENER);
        CryptoProviders.warnOnceIfNotBouncyCastle();
    }

    /**
     * Restricts a server (the device in reverse-ssh, the NMS in device-ssh-client) to this policy.
     * Host keys of other types stay loaded but are never offered. Its sessions start re-keys only
     * while reading ({@link RekeyOnReadServerSession}; a server that is never bound hands its
     * connector {@code server.getSessionFactory()}). Call before {@code start()}.
     *
     * @throws IllegalStateException if the running MINA lacks a listed algorithm
     */
    public static void applyTo(SshServer server) {
        SshAlgorithms algorithms = SshAlgorithms.resolve();
        server.setKeyExchangeFactories(algorithms.keyExchangeFactories(ServerBuilder.DH2KEX));
        server.setCipherFactories(algorithms.ciphers());
        server.setMacFactories(algorithms.macs());
        server.setSignatureFactories(algorithms.signatures());
        server.setSessionFactory(RekeyOnReadServerSession.sessions(server));
        server.addSessionListener(SessionClock.LISTENER);
        server.addSessionListener(KeyExchanges.LISTENER);
        CryptoProviders.warnOnceIfNotBouncyCastle();
    }

    /**
     * The JCA provider (e.g. {@code "BC"}) MINA hands out for each piece of handshake public-key
     * work, keyed by what it is used for ({@code "X25519 key agreement"}, {@code "Ed25519 signature"},
     * ...), in a stable order: for logs and the comparison report.
     */
    public static Map<String, String> cryptoProviders() {
        return CryptoProviders.inUse();
    }

    private static List<String> ciphers() {
        return BuiltinCiphers.cc20p1305_openssh.isSupported()
                ? List.of("aes256-gcm@openssh.com", "aes128-gcm@openssh.com", "chacha20-poly1305@openssh.com",
                        "aes256-ctr", "aes192-ctr", "aes128-ctr")
                : List.of("aes256-gcm@openssh.com", "aes128-gcm@openssh.com",
                        "aes256-ctr", "aes192-ctr", "aes128-ctr");
    }
}
