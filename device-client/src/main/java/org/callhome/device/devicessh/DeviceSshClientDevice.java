package org.callhome.device.devicessh;

import java.io.IOException;
import java.net.SocketAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.callhome.device.accounts.AccountTable;
import org.callhome.device.callhome.Connection;
import org.callhome.device.callhome.Connector;
import org.callhome.device.netconf.DeviceNetconfServer;
import org.callhome.device.strategy.SshIo;
import org.callhome.device.trust.NmsVerdict;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.SshPolicy;
import org.callhome.shared.ssh.X509Text;
import org.callhome.shared.ssh.cert.CertifiedKey;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.ssh.cert.VerifierJudgedKeyExchange;
import org.callhome.shared.ssh.x509.X509HostKeys;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.ssh.x509.X509UserKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.DeviceHalf;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.text.PeerText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device half of device-ssh-client: the device dials the NMS's SSH <em>server</em>, accepts
 * only a pinned NMS host key or a host certificate of a pinned CA (checked during key exchange,
 * before any credential is sent, see {@link NmsHostKeys}), logs in with a public key of its own or
 * its user certificate, opens a session channel and requests {@link Settings#subsystem()};
 * inside that channel it is still the NETCONF <em>server</em>. The NETCONF session runs as a local
 * bind account, whose role decides authorization as in reverse-ssh.
 *
 * <p>A connection counts as made once the subsystem channel is open and NETCONF runs on it (the
 * reverse-ssh device counts it at authentication: here the device itself opens the channel, so a
 * refused subsystem is a failed attempt, not a connection). It ends when the SSH session ends; one
 * NETCONF channel per connection, so the end of the channel ends the session. Nothing blocks: each
 * step continues in a listener on MINA's I/O threads. The revocation list is read again, if its file
 * changed, before each call, and a new list that revokes the NMS host key or certificate of a live
 * session ends that session (the dialer then calls again, and the key exchange refuses the NMS).
 */
public final class DeviceSshClientDevice implements Connector, DeviceHalf {

    /** The subsystem the device asks for unless configured otherwise: a local name (RFC 4250 §4.6.1). */
    public static final String DEFAULT_SUBSYSTEM = "netconf-device@callhome.invalid";

    /**
     * A locally defined SSH name (RFC 4250 §4.6.1): {@code name@domain}, printable US-ASCII without
     * whitespace, commas or a second {@code @}, at most 64 characters (RFC 4251 §6).
     */
    public static final Pattern SUBSYSTEM_NAME = Pattern.compile("[\\x21-\\x7E&&[^@,]]+@[\\x21-\\x7E&&[^@,]]+");
    private static final int MAX_SUBSYSTEM_CHARS = 64;

    private static final Logger LOG = LoggerFactory.getLogger(DeviceSshClientDevice.class);

    /**
     * @param login           the device's account on the NMS (SSH username)
     * @param identity        the device's login key pair (public-key authentication only)
     * @param nmsHostKeys     the pinned NMS host key(s); any other key ends the attempt during key exchange
     * @param subsystem       the subsystem requested on the session channel, see {@link #SUBSYSTEM_NAME}
     * @param bindAccount     the local account the NETCONF session runs as (must be in the account table)
     * @param authTimeout     how long the SSH login may take after TCP connect before the device gives up
     * @param keepalives      liveness test of the NMS once logged in (keepalive@ietf.org)
     * @param maxBacklogBytes unsent NETCONF output beyond which the device stops reading the channel
     * @param identityCertificate a certificate of {@code identity}: an OpenSSH user certificate
     *                        ({@link OpenSshCertificate}) or an X.509 chain ({@link X509PublicKey}, RFC 6187);
     *                        when present, the device logs in with it and never offers the key alone
     * @param revoked         NMS host keys and certificates refused whatever is pinned; refreshed before each call,
     *                        and a new list ends the live session whose NMS host key or certificate it revokes
     */
    public record Settings(String login, KeyPair identity, NmsHostKeys nmsHostKeys, String subsystem,
                           String bindAccount, Duration authTimeout, Keepalives keepalives, long maxBacklogBytes,
                           Optional<PublicKey> identityCertificate, RevocationWatch revoked) {
        public Settings {
            Objects.requireNonNull(login, "login");
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(nmsHostKeys, "nmsHostKeys");
            Objects.requireNonNull(identityCertificate, "identityCertificate");
            Objects.requireNonNull(revoked, "revoked");
            identityCertificate.ifPresent(certificate -> checkCertifies(certificate, identity));
            Objects.requireNonNull(subsystem, "subsystem");
            Objects.requireNonNull(bindAccount, "bindAccount");
            Objects.requireNonNull(authTimeout, "authTimeout");
            Objects.requireNonNull(keepalives, "keepalives");
            if (login.isBlank()) {
                throw new IllegalArgumentException("the login name on the NMS must not be blank");
            }
            checkSubsystem(subsystem);
            if (bindAccount.isBlank()) {
                throw new IllegalArgumentException("the bind account must not be blank");
            }
            if (authTimeout.isNegative() || authTimeout.isZero()) {
                throw new IllegalArgumentException("auth timeout must be positive, got " + authTimeout);
            }
            if (maxBacklogBytes < 1) {
                throw new IllegalArgumentException("maxBacklogBytes must be positive, got " + maxBacklogBytes);
            }
        }

        /** With the login key alone and no revocation list. */
        public Settings(String login, KeyPair identity, NmsHostKeys nmsHostKeys, String subsystem, String bindAccount,
                        Duration authTimeout, Keepalives keepalives, long maxBacklogBytes) {
            this(login, identity, nmsHostKeys, subsystem, bindAccount, authTimeout, keepalives, maxBacklogBytes,
                    Optional.empty(), RevocationWatch.NONE);
        }

        /** What the device offers to log in with: its certificate and private key, or its key pair. */
        KeyPair loginIdentity() {
            if (identityCertificate.isEmpty()) {
                return identity;
            }
            if (identityCertificate.get() instanceof X509PublicKey chain) {
                return X509PublicKey.keyPair(identity, chain.chain());
            }
            return new CertifiedKey((OpenSshCertificate) identityCertificate.get(), identity).certificateKeyPair();
        }

        /** Whether the login is an X.509 user certificate (RFC 6187). */
        boolean x509Login() {
            return identityCertificate.isPresent() && identityCertificate.get() instanceof X509PublicKey;
        }

        /**
         * {@code key SHA256:...}, {@code user certificate 'id' of key SHA256:...} or {@code X.509 user
         * certificate 'subject' serial N of key SHA256:...}: what the device logs in with, for logs.
         */
        String credential() {
            String key = "key " + SshKeys.fingerprint(identity.getPublic());
            if (identityCertificate.isEmpty()) {
                return key;
            }
            if (identityCertificate.get() instanceof X509PublicKey chain) {
                X509Certificate endEntity = chain.endEntity();
                return "X.509 user certificate " + X509Text.describe(endEntity) + " of " + key
                        + (endEntity.getNotAfter().before(new Date()) ? " (expired " + endEntity.getNotAfter()
                        .toInstant() + ")" : "");
            }
            return "user certificate " + PeerText.quote(((OpenSshCertificate) identityCertificate.get()).getId())
                    + " of " + key;
        }

        private static void checkCertifies(PublicKey certificate, KeyPair identity) {
            if (certificate instanceof OpenSshCertificate openSsh) {
                if (openSsh.getType() != OpenSshCertificate.Type.USER) {
                    throw new IllegalArgumentException("the device logs in with a user certificate, not a "
                            + openSsh.getType() + " certificate");
                }
                new CertifiedKey(openSsh, identity);
            } else if (certificate instanceof X509PublicKey chain) {
                if (!KeyUtils.compareKeys(chain.signingKey(), identity.getPublic())) {
                    throw new IllegalArgumentException(X509Text.describe(chain.endEntity()) + " certifies key "
                            + SshKeys.fingerprint(chain.signingKey()) + ", not the login key "
                            + SshKeys.fingerprint(identity.getPublic()));
                }
            } else {
                throw new IllegalArgumentException("a login certificate is an OpenSSH user certificate or an X.509"
                        + " chain, not a " + certificate.getAlgorithm() + " key");
            }
        }

        /** @throws IllegalArgumentException saying what is wrong with the subsystem name */
        public static void checkSubsystem(String subsystem) {
            if (subsystem.length() > MAX_SUBSYSTEM_CHARS || !SUBSYSTEM_NAME.matcher(subsystem).matches()) {
                throw new IllegalArgumentException("subsystem '" + subsystem + "' is not a local SSH name: expected "
                        + "NAME@DOMAIN in printable ASCII without whitespace, ',' or a second '@', at most "
                        + MAX_SUBSYSTEM_CHARS + " characters (RFC 4250 section 4.6.1)");
            }
        }
    }

    /** The endpoint an SSH session was opened for, read back by the host key verifier. */
    static final AttributeRepository.AttributeKey<Endpoint> ENDPOINT = new AttributeRepository.AttributeKey<>();

    private final Settings settings;
    private final BindAccount bindAccount;
    private final ChannelSink sink;
    private final ScheduledExecutorService scheduler;
    private final SshClient client;
    private final AtomicReference<DeviceSshConnection> current = new AtomicReference<>();
    /** The connections whose SSH session is not closed yet, logged in or not. */
    private final Set<DeviceSshConnection> open = ConcurrentHashMap.newKeySet();
    private final Clock clock = Clock.systemUTC();

    /** As the main constructor, handing channels to {@code netconf} with the role of the bind account. */
    public DeviceSshClientDevice(Settings settings, DeviceNetconfServer netconf, AccountTable accounts,
                                 ScheduledExecutorService scheduler) {
        this(settings, (ChannelSink) channel -> netconf.serve(channel,
                accounts.roleOf(channel.facts().netconfUsername())), accounts, scheduler);
    }

    /**
     * @param sink where the NETCONF channel of each connection goes: the device's NETCONF server
     * @throws IllegalArgumentException when the bind account is not in {@code accounts}
     */
    public DeviceSshClientDevice(Settings settings, ChannelSink sink, AccountTable accounts,
                                 ScheduledExecutorService scheduler) {
        this(settings, sink, accounts, scheduler, SshIo.own());
    }

    /**
     * As the constructor above, the SSH client running on {@code sshIo}'s threads (a fleet's, shared
     * by its devices) instead of its own.
     */
    public DeviceSshClientDevice(Settings settings, ChannelSink sink, AccountTable accounts,
                                 ScheduledExecutorService scheduler, SshIo sshIo) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.bindAccount = BindAccount.resolve(accounts, settings.bindAccount());
        client = ClientBuilder.builder().build();
        SshPolicy.applyTo(client, VerifierJudgedKeyExchange.FACTORY);
        sshIo.applyTo(client);
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        if (settings.x509Login()) {
            X509UserKeys.offer(client);
        }
        if (settings.nmsHostKeys().trustsX509()) {
            X509HostKeys.accept(client);
        }
        client.setServerKeyVerifier(this::verifyNmsHostKey);
        // the subsystem request asks for a reply (MINA's default, relied on by SubsystemChannel)
        CoreModuleProperties.REQUEST_SUBSYSTEM_REPLY.set(client, true);
        client.start();
        settings.revoked().onChange(this::dropRevoked);
        LOG.info("device-ssh-client: login '{}' with {}, NETCONF as '{}' ({}), subsystem '{}', NMS host keys "
                        + "from {}", settings.login(), settings.credential(),
                bindAccount.name(), bindAccount.role().wireName(), settings.subsystem(),
                settings.nmsHostKeys().source());
    }

    /**
     * Logs into the NMS at {@code endpoint} and opens the NETCONF channel; completes once NETCONF
     * runs on it. Fails when the NMS host key is not pinned (before any credential is sent), the
     * NMS refuses the login or the subsystem, or the login takes longer than the auth timeout. The
     * dialer enforces {@code maxWait} by cancelling the stage, which closes the session.
     */
    @Override
    public CompletionStage<Connection> connect(Endpoint endpoint, Duration maxWait) {
        if (!settings.nmsHostKeys().pinsAnythingFor(endpoint.host(), endpoint.port())) {
            return CompletableFuture.failedFuture(new IOException("no NMS host key or CA pinned for "
                    + endpoint.hostPort() + " in " + settings.nmsHostKeys().source()));
        }
        settings.revoked().refresh();
        return new LoginAttempt(client, settings, bindAccount, sink, scheduler, endpoint, this::connected, open)
                .start();
    }

    /** How the current connection was secured, for logs; empty while not connected. */
    public Optional<SecurityFacts> currentFacts() {
        DeviceSshConnection connection = current.get();
        return Optional.ofNullable(connection == null ? null : connection.facts());
    }

    @Override
    public CallHomeStrategy strategy() {
        return CallHomeStrategy.DEVICE_SSH_CLIENT;
    }

    @Override
    public void close() throws IOException {
        client.stop();
    }

    private void connected(DeviceSshConnection connection) {
        current.set(connection);
        connection.closed().whenComplete((reason, failure) -> current.compareAndSet(connection, null));
    }

    /**
     * Ends every session whose NMS host key or certificate the list in force now revokes; on the
     * thread that found the list changed. A session still in its key exchange is judged with the new
     * list by {@link #verifyNmsHostKey}.
     */
    private void dropRevoked() {
        for (DeviceSshConnection connection : open) {
            PublicKey key = connection.nmsHostKey();
            if (key == null) {
                continue;
            }
            Optional<String> why = settings.nmsHostKeys().whyRevoked(key, settings.revoked(), clock);
            if (why.isEmpty()) {
                continue;
            }
            String reason = "the NMS host " + (key instanceof OpenSshCertificate || key instanceof X509PublicKey
                    ? "certificate" : "key")
                    + " was revoked while connected: " + why.get() + " (" + settings.revoked().get() + ")";
            LOG.warn("NMS at {}: {}: closing the session", connection.remoteAddress(), reason);
            connection.drop(reason);
        }
    }

    /** Called during key exchange, before the device has sent anything about itself. */
    private boolean verifyNmsHostKey(ClientSession session, SocketAddress remote, PublicKey key) {
        Endpoint endpoint = session.getConnectionContext() == null ? null
                : session.getConnectionContext().getAttribute(ENDPOINT);
        if (endpoint == null) {
            LOG.warn("refusing NMS host key {} from {}: session of unknown endpoint", fingerprintOrType(key), remote);
            return false;
        }
        NmsVerdict verdict = settings.nmsHostKeys().verify(endpoint.host(), endpoint.port(), key, settings.revoked(),
                clock);
        if (verdict instanceof NmsVerdict.Accepted accepted) {
            LOG.info("NMS at {} ({}) proved {}", endpoint.hostPort(), SecurityFacts.addressOf(remote),
                    accepted.detail());
            session.setAttribute(LoginAttempt.NMS_HOST_KEY, accepted);
            return true;
        }
        String why = ((NmsVerdict.Refused) verdict).detail();
        LOG.warn("NMS at {} ({}) refused during key exchange, before logging in: {}", endpoint.hostPort(),
                SecurityFacts.addressOf(remote), why);
        session.setAttribute(LoginAttempt.REFUSED_HOST_KEY, why);
        AtomicReference<String> attempt = session.getConnectionContext().getAttribute(LoginAttempt.ATTEMPT_REFUSAL);
        if (attempt != null) {
            attempt.set(why);
        }
        return false;
    }

    private static String fingerprintOrType(PublicKey key) {
        try {
            return SshKeys.fingerprint(key);
        } catch (IllegalArgumentException unsupported) {
            return "of unsupported type " + key.getAlgorithm();
        }
    }
}
