package org.callhome.shared.strategy;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;
import org.callhome.shared.ssh.cert.CertifiedIdentity;
import org.callhome.shared.ssh.x509.trust.X509Identity;
import org.callhome.shared.text.WireNamed;

/**
 * How one call-home channel was secured, as the side that holds it saw it: who the peer is and
 * how that was checked, which NETCONF username the session runs as and where that name came
 * from, and the SSH algorithms negotiated. Both strategies produce the same record, so the
 * registry, the API and the comparison report them side by side.
 *
 * @param peerIdentity       the peer as named locally: on the NMS the device id, on a device the NMS endpoint
 * @param peerKeyFingerprint OpenSSH {@code SHA256:} fingerprint of the key that identified the peer
 * @param localKeyFingerprint fingerprint of the key this side proved itself with: its SSH host key when
 *                           it is the SSH server, the user key it logged in with when it is the client
 * @param netconfUsername    the NETCONF username of the session (what authorization uses)
 * @param remoteAddress      where the connection came from or went to; informational, never an identity
 * @param peerCertificate    what the peer's OpenSSH certificate proved, when a certificate identified it
 *                           ({@code peerIdentity} is then its principal), or null for a pinned key
 * @param peerX509Certificate what the peer's X.509 certificate chain proved (RFC 6187), when one identified
 *                           it ({@code peerIdentity} is then its identity), or null
 */
public record SecurityFacts(CallHomeStrategy strategy, String peerIdentity, String peerKeyFingerprint,
                            PeerVerification peerVerification, String localKeyFingerprint, String netconfUsername,
                            UsernameSource usernameSource, NegotiatedAlgorithms algorithms, String remoteAddress,
                            CertifiedIdentity peerCertificate, X509Identity peerX509Certificate) {

    public SecurityFacts {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(peerIdentity, "peerIdentity");
        Objects.requireNonNull(peerKeyFingerprint, "peerKeyFingerprint");
        Objects.requireNonNull(peerVerification, "peerVerification");
        Objects.requireNonNull(localKeyFingerprint, "localKeyFingerprint");
        Objects.requireNonNull(netconfUsername, "netconfUsername");
        Objects.requireNonNull(usernameSource, "usernameSource");
        Objects.requireNonNull(algorithms, "algorithms");
        if (peerCertificate != null && (!peerVerification.isCertificate() || peerVerification.isX509())) {
            throw new IllegalArgumentException("a peer's OpenSSH certificate goes with an OpenSSH certificate check,"
                    + " not with " + peerVerification.wireName());
        }
        if (peerX509Certificate != null && !peerVerification.isX509()) {
            throw new IllegalArgumentException("a peer's X.509 certificate goes with an X.509 certificate check, not"
                    + " with " + peerVerification.wireName());
        }
        if (peerCertificate != null && peerX509Certificate != null) {
            throw new IllegalArgumentException("a peer is identified by one certificate, not two");
        }
    }

    /** Facts of a peer identified by a pinned key or an OpenSSH certificate. */
    public SecurityFacts(CallHomeStrategy strategy, String peerIdentity, String peerKeyFingerprint,
                         PeerVerification peerVerification, String localKeyFingerprint, String netconfUsername,
                         UsernameSource usernameSource, NegotiatedAlgorithms algorithms, String remoteAddress,
                         CertifiedIdentity peerCertificate) {
        this(strategy, peerIdentity, peerKeyFingerprint, peerVerification, localKeyFingerprint, netconfUsername,
                usernameSource, algorithms, remoteAddress, peerCertificate, null);
    }

    /** Facts of a peer identified by a pinned key, without a certificate. */
    public SecurityFacts(CallHomeStrategy strategy, String peerIdentity, String peerKeyFingerprint,
                         PeerVerification peerVerification, String localKeyFingerprint, String netconfUsername,
                         UsernameSource usernameSource, NegotiatedAlgorithms algorithms, String remoteAddress) {
        this(strategy, peerIdentity, peerKeyFingerprint, peerVerification, localKeyFingerprint, netconfUsername,
                usernameSource, algorithms, remoteAddress, null, null);
    }

    /**
     * The {@code "ip:port"} form every side uses for {@link #remoteAddress} and in logs:
     * informational only, a peer is never identified by it.
     */
    public static String addressOf(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return (inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress())
                    + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    /** How the peer's key was checked. */
    public enum PeerVerification implements WireNamed {
        /** The peer's SSH host key matched a key configured for it (known_hosts style). */
        PINNED_HOST_KEY("pinned-host-key"),
        /** The peer's SSH user key matched a key configured for its account (authorized_keys style). */
        PINNED_USER_KEY("pinned-user-key"),
        /** The peer's SSH host key came in an OpenSSH host certificate of a trusted CA, naming the peer. */
        OPENSSH_HOST_CERTIFICATE("openssh-host-certificate"),
        /** The peer logged in with an OpenSSH user certificate of a trusted CA, naming the peer. */
        OPENSSH_USER_CERTIFICATE("openssh-user-certificate"),
        /** The peer's SSH host key came in an X.509 certificate chain (RFC 6187) of a trusted CA, naming the peer. */
        X509_HOST_CERTIFICATE("x509-host-certificate"),
        /** The peer logged in with an X.509 user certificate chain (RFC 6187) of a trusted CA, naming the peer. */
        X509_USER_CERTIFICATE("x509-user-certificate");

        private final String wireName;

        PeerVerification(String wireName) {
            this.wireName = wireName;
        }

        @Override
        public String wireName() {
            return wireName;
        }

        /** Whether the peer proved a host key, as the SSH server; otherwise it proved a user key, as the client. */
        public boolean isHostKey() {
            return this == PINNED_HOST_KEY || this == OPENSSH_HOST_CERTIFICATE || this == X509_HOST_CERTIFICATE;
        }

        /** Whether a certificate identified the peer, rather than a pinned key. */
        public boolean isCertificate() {
            return this == OPENSSH_HOST_CERTIFICATE || this == OPENSSH_USER_CERTIFICATE || isX509();
        }

        /** Whether an X.509 certificate chain (RFC 6187) identified the peer. */
        public boolean isX509() {
            return this == X509_HOST_CERTIFICATE || this == X509_USER_CERTIFICATE;
        }
    }

    /** Where the NETCONF username of the session came from. */
    public enum UsernameSource implements WireNamed {
        /** The SSH username the client authenticated as (RFC 6242: reverse-ssh). */
        SSH_USERAUTH("ssh-userauth"),
        /** A local account the device binds the session to, whatever the SSH login was (device-ssh-client). */
        BIND_ACCOUNT("bind-account"),
        /**
         * The name a cert-to-name mapping gave the client's X.509 certificate, which overrides the SSH
         * username (RFC 6242 §3, ietf-netconf-server's client-identity-mappings; reverse-ssh).
         */
        CERT_TO_NAME("cert-to-name");

        private final String wireName;

        UsernameSource(String wireName) {
            this.wireName = wireName;
        }

        @Override
        public String wireName() {
            return wireName;
        }
    }
}
