package org.callhome.nms.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.cert.CertificateAuthorities;
import org.callhome.shared.ssh.cert.CertifiedKey;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.ssh.cert.RevokedKeysFile;
import org.callhome.shared.ssh.x509.trust.X509Authorities;

/**
 * Everything the NMS runs with, checked and loaded (keys parsed, files read): one listener per
 * strategy it serves (at least one), and what every strategy shares.
 *
 * @param apiToken the bearer token the HTTP API and metrics require; required unless {@code http}
 *                 is a loopback address
 * @param startups how many connections may be between TCP accept and authentication at once per strategy,
 *                 in all and per source, and how long their key exchange may take; a connection refused
 *                 is closed before key exchange and its device calls again
 * @param stateDir where the NMS keeps what it must not forget: the trust store, its host key
 * @param deviceCertificates the CAs whose certificates identify devices, the identities expected, and
 *                           the revocation list every device key is checked against
 * @param httpLimits the Host names the HTTP API answers to and what one client may hold of it
 * @param tls        TLS call home, when served: where devices call and the NMS's client certificate
 */
public record NmsSettings(Optional<ReverseSsh> reverseSsh, Optional<DeviceSsh> deviceSsh, InetSocketAddress http,
                          Optional<String> apiToken, Duration authTimeout, StartupLimits startups,
                          Keepalives keepalives, Duration rpcTimeout, NetconfLimits limits, Path stateDir,
                          DeviceCertificates deviceCertificates, HttpLimits httpLimits, Optional<Tls> tls) {

    /** Handshakes in progress at once per strategy, for settings given as one hard limit. */
    public static final int DEFAULT_MAX_STARTUPS = 64;

    /** Shortest bearer token accepted: guessing it must be out of reach. */
    public static final int MIN_TOKEN_LENGTH = 16;

    /** Fewest different characters in a bearer token: a repeated word is not a secret. */
    public static final int MIN_TOKEN_DISTINCT_CHARACTERS = 10;

    public NmsSettings {
        Objects.requireNonNull(reverseSsh, "reverseSsh");
        Objects.requireNonNull(deviceSsh, "deviceSsh");
        Objects.requireNonNull(tls, "tls");
        if (reverseSsh.isEmpty() && deviceSsh.isEmpty() && tls.isEmpty()) {
            throw new IllegalArgumentException("the NMS must serve at least one strategy");
        }
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(apiToken, "apiToken");
        String tokenProblem = apiToken.map(NmsSettings::problemWithToken).orElse(null);
        if (tokenProblem != null) {
            throw new IllegalArgumentException(tokenProblem);
        }
        if (apiToken.isEmpty() && (http.getAddress() == null || !http.getAddress().isLoopbackAddress())) {
            throw new IllegalArgumentException("the HTTP API would listen on " + http.getHostString()
                    + ", which is not a loopback address: give it a bearer token (--api-token-file) first");
        }
        Objects.requireNonNull(authTimeout, "authTimeout");
        Objects.requireNonNull(startups, "startups");
        Objects.requireNonNull(keepalives, "keepalives");
        Objects.requireNonNull(rpcTimeout, "rpcTimeout");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(deviceCertificates, "deviceCertificates");
        Objects.requireNonNull(httpLimits, "httpLimits");
    }

    /** Settings without TLS call home. */
    public NmsSettings(Optional<ReverseSsh> reverseSsh, Optional<DeviceSsh> deviceSsh, InetSocketAddress http,
                       Optional<String> apiToken, Duration authTimeout, StartupLimits startups, Keepalives keepalives,
                       Duration rpcTimeout, NetconfLimits limits, Path stateDir, DeviceCertificates deviceCertificates,
                       HttpLimits httpLimits) {
        this(reverseSsh, deviceSsh, http, apiToken, authTimeout, startups, keepalives, rpcTimeout, limits, stateDir,
                deviceCertificates, httpLimits, Optional.empty());
    }

    /** Settings with the HTTP API's default limits. */
    public NmsSettings(Optional<ReverseSsh> reverseSsh, Optional<DeviceSsh> deviceSsh, InetSocketAddress http,
                       Optional<String> apiToken, Duration authTimeout, StartupLimits startups, Keepalives keepalives,
                       Duration rpcTimeout, NetconfLimits limits, Path stateDir, DeviceCertificates deviceCertificates) {
        this(reverseSsh, deviceSsh, http, apiToken, authTimeout, startups, keepalives, rpcTimeout, limits, stateDir,
                deviceCertificates, HttpLimits.DEFAULT);
    }

    /** These settings with other HTTP limits. */
    public NmsSettings withHttpLimits(HttpLimits other) {
        return new NmsSettings(reverseSsh, deviceSsh, http, apiToken, authTimeout, startups, keepalives,
                rpcTimeout, limits, stateDir, deviceCertificates, other, tls);
    }

    /** These settings serving TLS call home too, as {@code other} says. */
    public NmsSettings withTls(Tls other) {
        return new NmsSettings(reverseSsh, deviceSsh, http, apiToken, authTimeout, startups, keepalives,
                rpcTimeout, limits, stateDir, deviceCertificates, httpLimits, Optional.of(other));
    }

    /** These settings with other admission limits for connections not yet authenticated. */
    public NmsSettings withStartups(StartupLimits other) {
        return new NmsSettings(reverseSsh, deviceSsh, http, apiToken, authTimeout, other, keepalives,
                rpcTimeout, limits, stateDir, deviceCertificates, httpLimits, tls);
    }

    /**
     * Settings with a hard limit of {@code maxStartups} handshakes in progress, from any source, whose key
     * exchange only {@code authTimeout} bounds ({@link StartupLimits#hardLimit}), and the HTTP API's
     * default limits.
     */
    public NmsSettings(Optional<ReverseSsh> reverseSsh, Optional<DeviceSsh> deviceSsh, InetSocketAddress http,
                       Optional<String> apiToken, Duration authTimeout, int maxStartups, Keepalives keepalives,
                       Duration rpcTimeout, NetconfLimits limits, Path stateDir,
                       DeviceCertificates deviceCertificates) {
        this(reverseSsh, deviceSsh, http, apiToken, authTimeout, StartupLimits.hardLimit(maxStartups,
                        Objects.requireNonNull(authTimeout, "authTimeout")), keepalives, rpcTimeout, limits, stateDir,
                deviceCertificates);
    }

    /** Settings in which no device is identified by a certificate and no key is revoked by a list. */
    public NmsSettings(Optional<ReverseSsh> reverseSsh, Optional<DeviceSsh> deviceSsh, InetSocketAddress http,
                       Optional<String> apiToken, Duration authTimeout, int maxStartups, Keepalives keepalives,
                       Duration rpcTimeout, NetconfLimits limits, Path stateDir) {
        this(reverseSsh, deviceSsh, http, apiToken, authTimeout, maxStartups, keepalives, rpcTimeout, limits, stateDir,
                DeviceCertificates.NONE);
    }

    /**
     * Why {@code token} cannot be the API's bearer token, or null if it can: it must be at least
     * {@link #MIN_TOKEN_LENGTH} printable ASCII characters without spaces, of at least
     * {@link #MIN_TOKEN_DISTINCT_CHARACTERS} different ones, and no character may make up half of it
     * ("aaaa...", "abab...", "passwordpassword" are refused; 32 random bytes in base64 always pass).
     */
    public static String problemWithToken(String token) {
        if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            return "the API token must be at least " + MIN_TOKEN_LENGTH
                    + " printable ASCII characters without spaces";
        }
        int[] counts = new int[0x80];
        token.chars().forEach(c -> counts[c]++);
        long distinct = Arrays.stream(counts).filter(count -> count > 0).count();
        int most = Arrays.stream(counts).max().orElse(0);
        if (distinct < MIN_TOKEN_DISTINCT_CHARACTERS || most * 2 >= token.length()) {
            return "the API token is too easy to guess: it must have at least " + MIN_TOKEN_DISTINCT_CHARACTERS
                    + " different characters, none making up half of it";
        }
        return null;
    }

    /**
     * TLS call home (RFC 8071 §4, NETCONF over TLS, RFC 7589): where devices call (IANA port 4335), and the
     * key and X.509 certificate chain the NMS, as the TLS client, proves itself with. Devices are
     * identified by certificates of the PEM {@code --device-ca} CAs ({@link DeviceCertificates}), or by
     * their certificate's key when the trust store holds it (approved through the API).
     *
     * @param chain the NMS's certificate first, then its issuers', as sent to devices; its first
     *              certificate certifies {@code key}'s public half
     */
    public record Tls(InetSocketAddress listen, KeyPair key, List<X509Certificate> chain) {
        public Tls {
            Objects.requireNonNull(listen, "listen");
            Objects.requireNonNull(key, "key");
            chain = List.copyOf(chain);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("the NMS's TLS certificate chain is empty");
            }
            if (!Arrays.equals(chain.get(0).getPublicKey().getEncoded(), key.getPublic().getEncoded())) {
                throw new IllegalArgumentException("the NMS's TLS certificate certifies another key than its own");
            }
        }
    }

    /**
     * reverse-ssh (RFC 8071): where devices call home, the trusted device host keys, and the
     * credentials the NMS logs into devices with.
     *
     * @param trustUnknownDevices lab only: accept any device host key
     * @param identityCertificate a user certificate of {@code identity} (--identity-cert), offered to
     *                            devices before the plain key
     * @param x509Identity        {@code identity} with its X.509 user certificate chain (a PEM --identity-cert,
     *                            RFC 6187) in the public half, offered to devices before the plain key
     */
    public record ReverseSsh(InetSocketAddress listen, KnownDevices knownDevices, KeyPair identity, String username,
                             boolean trustUnknownDevices, Optional<CertifiedKey> identityCertificate,
                             Optional<KeyPair> x509Identity) {
        /** @throws IllegalArgumentException for a certificate of another key, or a host certificate */
        public ReverseSsh {
            Objects.requireNonNull(listen, "listen");
            Objects.requireNonNull(knownDevices, "knownDevices");
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(identityCertificate, "identityCertificate");
            identityCertificate.ifPresent(certified -> requireCertifies(certified.certificate(), identity,
                    OpenSshCertificate.Type.USER));
            Objects.requireNonNull(x509Identity, "x509Identity");
        }

        /** Without an X.509 chain of the identity. */
        public ReverseSsh(InetSocketAddress listen, KnownDevices knownDevices, KeyPair identity, String username,
                          boolean trustUnknownDevices, Optional<CertifiedKey> identityCertificate) {
            this(listen, knownDevices, identity, username, trustUnknownDevices, identityCertificate, Optional.empty());
        }

        /** Without a certificate of the identity. */
        public ReverseSsh(InetSocketAddress listen, KnownDevices knownDevices, KeyPair identity, String username,
                          boolean trustUnknownDevices) {
            this(listen, knownDevices, identity, username, trustUnknownDevices, Optional.empty());
        }
    }

    /**
     * device-ssh-client: the NMS's SSH server, its host key, the device accounts (login name = device
     * id, key = the device's login key) and the subsystem devices open.
     *
     * @param hostCertificate a host certificate of {@code hostKey} (--host-cert), presented to devices
     *                        that take certificates, besides the plain key
     * @param hostX509Chain   an X.509 certificate chain of {@code hostKey} (--host-cert in PEM, RFC 6187),
     *                        end-entity first, presented besides the plain key; empty for none
     */
    public record DeviceSsh(InetSocketAddress listen, KeyPair hostKey, KnownDevices deviceAccounts, String subsystem,
                            Optional<OpenSshCertificate> hostCertificate, List<X509Certificate> hostX509Chain) {
        /** @throws IllegalArgumentException for a certificate of another key, or a user certificate */
        public DeviceSsh {
            hostX509Chain = List.copyOf(hostX509Chain);
            Objects.requireNonNull(listen, "listen");
            Objects.requireNonNull(hostKey, "hostKey");
            Objects.requireNonNull(deviceAccounts, "deviceAccounts");
            Objects.requireNonNull(subsystem, "subsystem");
            Objects.requireNonNull(hostCertificate, "hostCertificate");
            hostCertificate.ifPresent(certificate -> requireCertifies(certificate, hostKey,
                    OpenSshCertificate.Type.HOST));
        }

        /** With an OpenSSH host certificate or none, without an X.509 chain. */
        public DeviceSsh(InetSocketAddress listen, KeyPair hostKey, KnownDevices deviceAccounts, String subsystem,
                         Optional<OpenSshCertificate> hostCertificate) {
            this(listen, hostKey, deviceAccounts, subsystem, hostCertificate, List.of());
        }

        /** Without a host certificate. */
        public DeviceSsh(InetSocketAddress listen, KeyPair hostKey, KnownDevices deviceAccounts, String subsystem) {
            this(listen, hostKey, deviceAccounts, subsystem, Optional.empty());
        }
    }

    /**
     * Certificates as device identities, and the revocation list every device key is checked
     * against, whichever strategy and whether pinned or certified.
     *
     * @param authorities     the OpenSSH CAs whose certificates identify devices (--device-ca key lines):
     *                        host certificates in reverse-ssh, user certificates in device-ssh-client;
     *                        empty, no device is identified by an OpenSSH certificate
     * @param deviceIds       the identities expected (--device-ids, RFC 8071 C6), of both kinds of
     *                        certificate; empty, any identity a trusted CA vouches for is taken
     * @param revokedKeys     the revocation list (--revoked-keys: KRLs, key lists and X.509 CRLs), followed
     *                        as its file changes; empty, nothing is revoked by a list
     * @param revocationPoll  how often the revocation list's file is looked at for a change
     * @param x509Authorities the X.509 CAs whose certificate chains identify devices (--device-ca PEM
     *                        certificates, RFC 6187): host certificates in reverse-ssh; empty, no device
     *                        is identified by an X.509 certificate
     */
    public record DeviceCertificates(Optional<CertificateAuthorities> authorities, Optional<Set<String>> deviceIds,
                                     Optional<RevokedKeysFile> revokedKeys, Duration revocationPoll,
                                     Optional<X509Authorities> x509Authorities) {

        /** How often the revocation list's file is looked at, by default: a revoked device is gone within seconds. */
        public static final Duration DEFAULT_REVOCATION_POLL = RevocationWatch.DEFAULT_POLL;

        /** No certificate identifies a device, no list revokes a key. */
        public static final DeviceCertificates NONE = new DeviceCertificates(Optional.empty(), Optional.empty(),
                Optional.empty(), DEFAULT_REVOCATION_POLL);

        public DeviceCertificates {
            Objects.requireNonNull(authorities, "authorities");
            Objects.requireNonNull(deviceIds, "deviceIds");
            Objects.requireNonNull(revokedKeys, "revokedKeys");
            Objects.requireNonNull(revocationPoll, "revocationPoll");
            Objects.requireNonNull(x509Authorities, "x509Authorities");
            if (deviceIds.isPresent() && authorities.isEmpty() && x509Authorities.isEmpty()) {
                throw new IllegalArgumentException("expected device ids name what certificates must say: they need "
                        + "the CAs that sign those certificates");
            }
            if (revocationPoll.isNegative() || revocationPoll.isZero()) {
                throw new IllegalArgumentException("revocationPoll must be positive, got " + revocationPoll);
            }
            deviceIds = deviceIds.map(Set::copyOf);
        }

        /** Without X.509 CAs: OpenSSH certificates only. */
        public DeviceCertificates(Optional<CertificateAuthorities> authorities, Optional<Set<String>> deviceIds,
                                  Optional<RevokedKeysFile> revokedKeys, Duration revocationPoll) {
            this(authorities, deviceIds, revokedKeys, revocationPoll, Optional.empty());
        }

        /** Whether any CA, OpenSSH or X.509, identifies devices. */
        public boolean anyAuthority() {
            return authorities.isPresent() || x509Authorities.isPresent();
        }
    }

    /** @throws IllegalArgumentException unless {@code certificate} is of {@code type} and certifies {@code key} */
    private static void requireCertifies(OpenSshCertificate certificate, KeyPair key, OpenSshCertificate.Type type) {
        if (certificate.getType() != type) {
            throw new IllegalArgumentException("a " + type.name().toLowerCase(Locale.ROOT) + " certificate is needed, "
                    + "not a " + certificate.getType().name().toLowerCase(Locale.ROOT) + " certificate");
        }
        new CertifiedKey(certificate, key);
    }
}
