package org.callhome.nms.reversessh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.channel.StreamingChannel;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.callhome.nms.session.DeviceCertificateCheck;
import org.callhome.nms.session.DeviceX509Check;
import org.callhome.nms.session.IdleSessionMemory;
import org.callhome.nms.session.StartupLimiter;
import org.callhome.nms.trust.DeviceTrust;
import org.callhome.nms.trust.NmsCredentials;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.SessionClock;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.SshPolicy;
import org.callhome.shared.ssh.cert.CertificateRefusal;
import org.callhome.shared.ssh.cert.CertificateVerdict;
import org.callhome.shared.ssh.cert.CertifiedIdentity;
import org.callhome.shared.ssh.cert.CertifiedKey;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.ssh.cert.VerifierJudgedKeyExchange;
import org.callhome.shared.ssh.channel.ClientChannelTransport;
import org.callhome.shared.ssh.channel.SshKeepalive;
import org.callhome.shared.ssh.x509.X509HostKeys;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.ssh.x509.X509UserKeys;
import org.callhome.shared.ssh.x509.trust.X509ChainCheck;
import org.callhome.shared.ssh.x509.trust.X509Identity;
import org.callhome.shared.ssh.x509.trust.X509Verdict;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NegotiatedAlgorithms;
import org.callhome.shared.strategy.NmsHalf;
import org.callhome.shared.strategy.NmsHalf.Rejection;
import org.callhome.shared.strategy.NmsHalf.RejectionKind;
import org.callhome.shared.strategy.SecuredChannel;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;
import org.callhome.shared.strategy.SecurityFacts.UsernameSource;
import org.callhome.shared.text.PeerText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NMS half of reverse-ssh (RFC 8071): listens for devices calling home, and on each
 * accepted TCP connection runs an SSH <em>client</em> session. The device is identified by its
 * host key (never by address): a key pinned for a device in the trust store, or else a host
 * certificate of a {@code --device-ca} CA, whose one principal is the device id (RFC 8071 C6; see
 * {@link VerifierJudgedKeyExchange} for why MINA's own certificate check is left out), or an X.509
 * host certificate chain (RFC 6187) of a PEM {@code --device-ca} CA, whose subject serialNumber (else
 * CN) is the device id: with X.509 CAs configured the NMS offers the {@code x509v3-*} host key
 * algorithms first, and the chain reaches {@link #verifyDevice} as an {@link X509PublicKey}. An unknown or
 * revoked key, a refused certificate, or a second live session of one device fails key verification
 * and the connection closes before any credential is sent. Only after the device is identified does
 * the NMS log in with its own credentials (RFC 8071 C7), once per session (a re-key never
 * re-authenticates), then opens the {@code netconf} subsystem and hands the channel, with how it was
 * secured, to the NETCONF layer above. When the revocation list changes, live sessions it revokes
 * are dropped.
 */
public final class ReverseSshAcceptor implements NmsHalf {

    /**
     * @param knownDevices        the devices trusted now, asked at every connection
     * @param identity            the NMS's key, for devices without credentials of their own
     * @param identityCertificate a user certificate of {@code identity}, offered before the plain key
     * @param username            the NMS's SSH username, for devices without one of their own
     * @param trustUnknownDevices lab-only: accept any host key, naming the device after its fingerprint
     * @param certificates        how a device's OpenSSH host certificate is decided on; empty without an
     *                            OpenSSH {@code --device-ca}
     * @param revocations         the revocation list in force, for pinned keys and certificates alike
     * @param x509Certificates    how a device's X.509 host certificate chain is decided on; empty without a
     *                            PEM {@code --device-ca}, and then no {@code x509v3-*} host key is offered
     * @param x509Identity        {@code identity} with its X.509 user certificate chain in the public half
     *                            (RFC 6187), offered before the OpenSSH certificate and the plain key
     */
    public record Settings(InetSocketAddress listen, DeviceTrust knownDevices, KeyPair identity,
                           Optional<CertifiedKey> identityCertificate, String username, boolean trustUnknownDevices,
                           Optional<DeviceCertificateCheck> certificates, RevocationWatch revocations,
                           Duration authTimeout, Keepalives keepalives, NetconfLimits limits,
                           Optional<DeviceX509Check> x509Certificates, Optional<KeyPair> x509Identity) {
        public Settings {
            Objects.requireNonNull(x509Identity, "x509Identity");
            Objects.requireNonNull(x509Certificates, "x509Certificates");
            Objects.requireNonNull(listen, "listen");
            Objects.requireNonNull(knownDevices, "knownDevices");
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(identityCertificate, "identityCertificate");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(certificates, "certificates");
            Objects.requireNonNull(revocations, "revocations");
            Objects.requireNonNull(authTimeout, "authTimeout");
            Objects.requireNonNull(keepalives, "keepalives");
            Objects.requireNonNull(limits, "limits");
        }
    }

    /** How a lab-trusted unknown device (--trust-unknown-devices) is named, before its fingerprint. */
    static final String UNTRUSTED_PREFIX = "untrusted-";

    private static final Logger LOG = LoggerFactory.getLogger(ReverseSshAcceptor.class);
    private static final AttributeKey<String> DEVICE_ID = new AttributeKey<>();
    private static final AttributeKey<String> FINGERPRINT = new AttributeKey<>();
    private static final AttributeKey<Boolean> AUTH_STARTED = new AttributeKey<>();
    private static final AttributeKey<String> USERNAME = new AttributeKey<>();
    private static final AttributeKey<String> IDENTITY_FINGERPRINT = new AttributeKey<>();
    private static final AttributeKey<CertifiedIdentity> CERTIFICATE = new AttributeKey<>();
    private static final AttributeKey<X509Identity> X509_CERTIFICATE = new AttributeKey<>();

    private final Settings settings;
    private final Refusals refusals;
    private final ScheduledExecutorService timers;
    private final Map<String, ClientSession> live = new ConcurrentHashMap<>();
    private final SshClient client;
    private IoAcceptor acceptor;
    private StartupLimiter startups;
    private Consumer<SecuredChannel> channels;

    public ReverseSshAcceptor(Settings settings, Refusals refusals, ScheduledExecutorService timers) {
        this.settings = settings;
        this.refusals = refusals;
        this.timers = timers;
        this.client = SshClient.setUpDefaultClient();
        SshPolicy.applyTo(client, VerifierJudgedKeyExchange.FACTORY);
        if (settings.x509Certificates().isPresent()) {
            // after the policy, which sets the signature factories: x509v3-* host keys first (RFC 6187)
            X509HostKeys.accept(client);
        }
        // x509v3-* logins for an identity of X.509 chain; plain identities log in as before
        X509UserKeys.offer(client);
        client.setServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        // only the credentials configured for devices, never ~/.ssh/config or default keys (RFC 8071 C7)
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        CoreModuleProperties.AUTH_TIMEOUT.set(client, settings.authTimeout());
        IdleSessionMemory.applyTo(client);
        client.addSessionListener(new Listener());
    }

    @Override
    public CallHomeStrategy strategy() {
        return CallHomeStrategy.REVERSE_SSH;
    }

    /** Limits the connections not yet authenticated; its strategy calls it before {@link #start}. */
    void limitStartups(StartupLimiter limiter) {
        startups = limiter;
        client.addSessionListener(limiter);
    }

    /** Tells {@code listener} of every SSH session of a device connection too (diagnostics and tests). */
    void addSessionListener(SessionListener listener) {
        client.addSessionListener(listener);
    }

    /** Binds the listening socket; returns the address actually bound (port 0 picks one). */
    @Override
    public InetSocketAddress start(Consumer<SecuredChannel> consumer) throws IOException {
        channels = consumer;
        settings.revocations().onChange(this::dropRevoked);
        client.start();
        IoHandler sessions = client.getSessionFactory();
        acceptor = client.getIoServiceFactory().createAcceptor(startups == null ? sessions : startups.guard(sessions));
        acceptor.bind(settings.listen());
        InetSocketAddress bound = (InetSocketAddress) acceptor.getBoundAddresses().iterator().next();
        LOG.info("listening for reverse-ssh call home on {}", SecurityFacts.addressOf(bound));
        return bound;
    }

    /** Drops the live session of {@code deviceId}, if any (a revoked device). */
    @Override
    public void disconnect(String deviceId) {
        ClientSession session = live.get(deviceId);
        if (session != null) {
            session.close(true);
        }
    }

    @Override
    public void close() throws IOException {
        if (acceptor != null) {
            acceptor.close(true);
        }
        client.stop();
    }

    private final class Listener implements SessionListener {

        @Override
        public void sessionCreated(Session session) {
            ClientSession clientSession = (ClientSession) session;
            clientSession.setServerKeyVerifier(ReverseSshAcceptor.this::verifyDevice);
        }

        @Override
        public void sessionEvent(Session session, Event event) {
            if (event == Event.KeyEstablished && session.getAttribute(DEVICE_ID) != null
                    && session.getAttribute(AUTH_STARTED) == null && !session.isAuthenticated()) {
                session.setAttribute(AUTH_STARTED, Boolean.TRUE);
                authenticate((ClientSession) session);
            }
        }

        @Override
        public void sessionClosed(Session session) {
            String deviceId = session.getAttribute(DEVICE_ID);
            if (deviceId != null) {
                live.remove(deviceId, (ClientSession) session);
            }
        }
    }

    private boolean verifyDevice(ClientSession session, SocketAddress remote, PublicKey key) {
        PublicKey plainKey = plainKey(key);
        String fingerprint = SshKeys.fingerprint(plainKey);
        String address = SecurityFacts.addressOf(remote);
        String identified = session.getAttribute(DEVICE_ID);
        if (identified != null) {
            // a re-key: the device must show the same host key again, nothing else changes
            boolean same = fingerprint.equals(session.getAttribute(FINGERPRINT));
            if (!same) {
                LOG.warn("device {} from {} presented another host key {} while re-keying: closing", identified,
                        address, fingerprint);
            }
            return same;
        }
        Optional<String> known = settings.knownDevices().deviceFor(plainKey);
        if (known.isEmpty() && key instanceof OpenSshCertificate certificate && settings.certificates().isPresent()) {
            return verifyCertificate(session, certificate, fingerprint, address);
        }
        if (known.isEmpty() && key instanceof X509PublicKey chain && settings.x509Certificates().isPresent()) {
            return verifyX509(session, chain, fingerprint, address);
        }
        Optional<String> revoked = settings.revocations().whyRevoked(key instanceof X509PublicKey ? plainKey : key);
        if (revoked.isPresent()) {
            LOG.info("refused call home from {}: host key {} is revoked: {}", address, fingerprint, revoked.get());
            refusals.rejected(new Rejection(strategy(), RejectionKind.REVOKED, known.orElse(null), null, plainKey,
                    fingerprint, address, "revoked: " + revoked.get()));
            return false;
        }
        String deviceId;
        if (known.isPresent()) {
            deviceId = known.get();
        } else if (settings.trustUnknownDevices()) {
            deviceId = UNTRUSTED_PREFIX + fingerprint.substring("SHA256:".length(), "SHA256:".length() + 12);
            LOG.warn("TRUSTING UNKNOWN DEVICE {} from {} as '{}' because --trust-unknown-devices is set: "
                    + "never do this outside a lab", fingerprint, address, deviceId);
        } else {
            LOG.info("refused call home from {}: unknown host key {}", address, fingerprint);
            refusals.rejected(new Rejection(strategy(), RejectionKind.UNKNOWN_DEVICE, null, null, plainKey,
                    fingerprint, address, "unknown host key"));
            return false;
        }
        return identify(session, deviceId, plainKey, fingerprint, address);
    }

    /**
     * A host certificate of a key no device is pinned with: the device is the certificate's
     * principal if the NMS takes the certificate, whatever address it calls from.
     */
    private boolean verifyCertificate(ClientSession session, OpenSshCertificate certificate, String fingerprint,
                                      String address) {
        CertificateVerdict verdict = settings.certificates().orElseThrow().check(certificate,
                OpenSshCertificate.Type.HOST, null);
        if (verdict instanceof CertificateVerdict.Refused refused) {
            LOG.info("refused call home from {}: {} ({})", address, refused.detail(), refused.reason().wireName());
            refusals.rejected(new Rejection(strategy(), RejectionKind.CERTIFICATE,
                    DeviceCertificateCheck.vouchedName(certificate, refused.reason()),
                    DeviceCertificateCheck.claimedName(certificate), certificate.getCertPubKey(), fingerprint, address,
                    refused.detail(), refused.reason()));
            return false;
        }
        CertifiedIdentity identity = ((CertificateVerdict.Accepted) verdict).identity();
        if (!identify(session, identity.principal(), certificate.getCertPubKey(), fingerprint, address)) {
            return false;
        }
        session.setAttribute(CERTIFICATE, identity);
        LOG.info("device {} from {} identified by its host certificate: {}", identity.principal(), address, identity);
        return true;
    }

    /**
     * An X.509 host certificate chain (RFC 6187) of a key no device is pinned with: the device is the
     * identity of its end-entity certificate (subject serialNumber, else CN) if the NMS takes the chain.
     */
    private boolean verifyX509(ClientSession session, X509PublicKey chain, String fingerprint, String address) {
        X509Verdict verdict = settings.x509Certificates().orElseThrow().check(chain, X509ChainCheck.Purpose.HOST,
                null);
        if (verdict instanceof X509Verdict.Refused refused) {
            LOG.info("refused call home from {}: {} ({})", address, refused.detail(), refused.reason().wireName());
            refusals.rejected(new Rejection(strategy(), RejectionKind.CERTIFICATE,
                    DeviceX509Check.vouchedName(chain, refused.reason()), DeviceX509Check.claimedName(chain),
                    chain.signingKey(), fingerprint, address, refused.detail(), refused.reason()));
            return false;
        }
        X509Identity identity = ((X509Verdict.Accepted) verdict).identity();
        if (!identify(session, identity.identity(), chain.signingKey(), fingerprint, address)) {
            return false;
        }
        session.setAttribute(X509_CERTIFICATE, identity);
        LOG.info("device {} from {} identified by its X.509 host certificate: {}", identity.identity(), address,
                identity);
        return true;
    }

    /** The key a host key stands for: an OpenSSH certificate's, an X.509 chain's end-entity key, or itself. */
    private static PublicKey plainKey(PublicKey key) {
        if (key instanceof OpenSshCertificate certificate) {
            return certificate.getCertPubKey();
        }
        return key instanceof X509PublicKey chain ? chain.signingKey() : key;
    }

    /** Makes {@code session} the live one of {@code deviceId}, unless the device has one already. */
    private boolean identify(ClientSession session, String deviceId, PublicKey key, String fingerprint,
                             String address) {
        if (live.putIfAbsent(deviceId, session) != null) {
            LOG.warn("refused call home from {}: device {} ({}) already has a live session", address, deviceId,
                    fingerprint);
            refusals.rejected(new Rejection(strategy(), RejectionKind.ALREADY_CONNECTED, deviceId, null, key,
                    fingerprint, address, "a session with this device is already live"));
            return false;
        }
        session.setAttribute(DEVICE_ID, deviceId);
        session.setAttribute(FINGERPRINT, fingerprint);
        return true;
    }

    /**
     * Drops every session, live or still authenticating, whose host key or certificate the revocation
     * list now revokes; on the timer thread, after the list changed.
     */
    private void dropRevoked() {
        live.forEach((deviceId, session) -> {
            PublicKey key = session.getServerKey();
            if (key == null) {
                return;
            }
            PublicKey plainKey = plainKey(key);
            Optional<String> why = whyRevoked(session, key, plainKey);
            if (why.isEmpty()) {
                return;
            }
            String address = SecurityFacts.addressOf(session.getRemoteAddress());
            LOG.warn("device {} from {} is revoked ({}): dropping its session", deviceId, address, why.get());
            boolean certified = session.getAttribute(CERTIFICATE) != null || session.getAttribute(X509_CERTIFICATE)
                    != null;
            refusals.rejected(new Rejection(strategy(), certified ? RejectionKind.CERTIFICATE : RejectionKind.REVOKED,
                    deviceId, null, plainKey, SshKeys.fingerprint(plainKey), address, "revoked while connected: "
                    + why.get(), certified ? CertificateRefusal.REVOKED : null));
            session.close(true);
        });
    }

    /**
     * Why the list in force revokes a session's host key now: an X.509 chain that identified it is
     * checked again (its CRLs, and the keys of its certificates); any other key as it was at the start.
     */
    private Optional<String> whyRevoked(ClientSession session, PublicKey key, PublicKey plainKey) {
        if (key instanceof X509PublicKey chain) {
            Optional<String> byKey = settings.revocations().whyRevoked(plainKey);
            if (byKey.isPresent() || session.getAttribute(X509_CERTIFICATE) == null) {
                return byKey;
            }
            return settings.x509Certificates().flatMap(check -> check.whyRevoked(chain, X509ChainCheck.Purpose.HOST));
        }
        return settings.revocations().whyRevoked(key);
    }

    private void authenticate(ClientSession session) {
        Optional<NmsCredentials> own = settings.knownDevices().credentialsFor(session.getAttribute(DEVICE_ID));
        String username = own.map(credentials -> credentials.usernameOr(settings.username())).orElse(settings.username());
        Optional<KeyPair> ownIdentity = own.map(NmsCredentials::identity);
        KeyPair identity = ownIdentity.orElse(settings.identity());
        session.setAttribute(USERNAME, username);
        // a certificate and its plain key have one fingerprint, so either login reports the same key
        session.setAttribute(IDENTITY_FINGERPRINT, SshKeys.fingerprint(identity.getPublic()));
        session.setUsername(username);
        if (ownIdentity.isEmpty()) {
            // the certificates first, for devices that trust the NMS's CA; the plain key for those that pin it
            settings.x509Identity().ifPresent(session::addPublicKeyIdentity);
            settings.identityCertificate().ifPresent(certified ->
                    session.addPublicKeyIdentity(certified.certificateKeyPair()));
        }
        session.addPublicKeyIdentity(identity);
        try {
            session.auth().addListener(done -> {
                if (done.isSuccess()) {
                    openNetconf(session);
                } else {
                    failed(session, authenticationFailure(username, session.getAttribute(IDENTITY_FINGERPRINT),
                            done.getException()));
                }
            });
        } catch (IOException e) {
            failed(session, "authentication could not start: " + e.getMessage());
        }
    }

    /** Why a login failed, in the operator's terms: a refused key says which key and which account. */
    private static String authenticationFailure(String username, String keyFingerprint, Throwable failure) {
        if (failure instanceof SshException ssh
                && ssh.getDisconnectCode() == SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE) {
            return "the device did not accept the NMS's key " + keyFingerprint + " for '" + username
                    + "' (not in that account's authorized keys)";
        }
        return "authentication as '" + username + "' failed"
                + (failure == null ? "" : ": " + PeerText.shown(failure.getMessage(), PeerText.MESSAGE_CHARS));
    }

    private void openNetconf(ClientSession session) {
        ChannelSubsystem channel;
        try {
            channel = session.createSubsystemChannel("netconf");
            channel.setStreaming(StreamingChannel.Streaming.Async);
            channel.open().addListener(opened -> {
                if (opened.isOpened()) {
                    startNetconf(session, channel);
                } else {
                    failed(session, "the device refused the netconf subsystem");
                }
            });
        } catch (IOException e) {
            failed(session, "the netconf subsystem could not be opened: " + e.getMessage());
        }
    }

    private void startNetconf(ClientSession session, ChannelSubsystem channel) {
        ClientChannelTransport transport = new ClientChannelTransport(channel,
                settings.limits().maxWriteBacklogBytes());
        CertifiedIdentity certificate = session.getAttribute(CERTIFICATE);
        X509Identity x509 = session.getAttribute(X509_CERTIFICATE);
        PeerVerification verification = x509 != null ? PeerVerification.X509_HOST_CERTIFICATE
                : certificate != null ? PeerVerification.OPENSSH_HOST_CERTIFICATE : PeerVerification.PINNED_HOST_KEY;
        SecurityFacts facts = new SecurityFacts(strategy(), session.getAttribute(DEVICE_ID),
                session.getAttribute(FINGERPRINT), verification, session.getAttribute(IDENTITY_FINGERPRINT),
                session.getAttribute(USERNAME), UsernameSource.SSH_USERAUTH, NegotiatedAlgorithms.of(session),
                SecurityFacts.addressOf(session.getRemoteAddress()), certificate, x509);
        // the NMS tests the device too: a device gone behind a dropped NAT binding must not stay "connected"
        SshKeepalive.start(session, settings.keepalives().maxWait(), settings.keepalives().maxAttempts(), timers);
        channel.addCloseFutureListener(closed -> session.close(false));
        channels.accept(new SecuredChannel(transport, transport::attach, facts,
                SessionClock.openedNanos(session)));
    }

    private void failed(ClientSession session, String reason) {
        String deviceId = session.getAttribute(DEVICE_ID);
        LOG.warn("device {} from {}: {}", deviceId, SecurityFacts.addressOf(session.getRemoteAddress()), reason);
        refusals.authFailed(strategy(), deviceId, session.getAttribute(FINGERPRINT),
                SecurityFacts.addressOf(session.getRemoteAddress()), reason);
        session.close(true);
    }
}
