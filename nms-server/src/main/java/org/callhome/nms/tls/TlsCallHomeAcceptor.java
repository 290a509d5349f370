package org.callhome.nms.tls;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.session.Admission;
import org.callhome.nms.session.DeviceX509Check;
import org.callhome.nms.session.StartupLimiter;
import org.callhome.nms.trust.DeviceTrust;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.CertificateRefusal;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.ssh.x509.trust.X509ChainCheck;
import org.callhome.shared.ssh.x509.trust.X509Identity;
import org.callhome.shared.ssh.x509.trust.X509Verdict;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NmsHalf;
import org.callhome.shared.strategy.SecuredChannel;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;
import org.callhome.shared.strategy.SecurityFacts.UsernameSource;
import org.callhome.shared.tls.ChainJudge;
import org.callhome.shared.tls.NettyTransport;
import org.callhome.shared.tls.TlsAlgorithms;
import org.callhome.shared.tls.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NMS half of TLS call home: listens where devices call (port 4335), and on each accepted
 * connection runs a TLS <em>client</em> handshake (RFC 8071 §4.2) on a Vert.x event loop. The
 * device's certificate chain is judged during the handshake ({@link DeviceX509Check}, for a TLS
 * server): a refused one gets a TLS alert and no NETCONF byte, and its refusal is reported with the
 * certificate's key, as the SSH strategies report theirs. An accepted device is its certificate's
 * identity; a second live connection of one device is refused. The NETCONF channel goes up with how
 * it was secured. When the revocation list changes, live connections it revokes are closed.
 */
public final class TlsCallHomeAcceptor implements NmsHalf {

    /**
     * @param tls          where to listen, and the NMS's key and certificate chain
     * @param trust        the devices trusted for tls by their certificate's key (approved through the API)
     * @param devices      the decision on a device's chain when a --device-ca CA may certify it; empty without
     * @param deviceCas    the CA certificates named to devices as the ones the NMS accepts
     * @param handshakeTimeout how long a TLS handshake may take before the connection is closed
     */
    public record Settings(NmsSettings.Tls tls, DeviceTrust trust, Optional<DeviceX509Check> devices,
                           List<X509Certificate> deviceCas, RevocationWatch revocations, Duration handshakeTimeout,
                           NetconfLimits limits) {
        public Settings {
            Objects.requireNonNull(tls, "tls");
            Objects.requireNonNull(trust, "trust");
            Objects.requireNonNull(devices, "devices");
            deviceCas = List.copyOf(deviceCas);
            Objects.requireNonNull(revocations, "revocations");
            Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
            Objects.requireNonNull(limits, "limits");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(TlsCallHomeAcceptor.class);
    private static final AttributeKey<List<X509Certificate>> CHAIN = AttributeKey.valueOf("callhome.tls.chain");
    /** Whether a live device was identified by its certificate (else by its key, approved). */
    private static final AttributeKey<Boolean> CERTIFIED = AttributeKey.valueOf("callhome.tls.certified");
    private static final String HANDSHAKING = "handshaking";

    private final Settings settings;
    private final Refusals refusals;
    private final StartupLimiter startups;
    private final VertxInternal vertx;
    private final ChainJudge<TlsDeviceVerdict> judge;
    private final SslContext context;
    private final String ownFingerprint;
    private final String ownName;
    private final Map<String, Channel> live = new ConcurrentHashMap<>();
    private Channel listener;
    private Consumer<SecuredChannel> channels;

    /** @param startups the admission of connections whose handshake has not ended, as for the SSH listeners */
    public TlsCallHomeAcceptor(Settings settings, Refusals refusals, StartupLimiter startups, Vertx vertx) {
        this.settings = settings;
        this.refusals = refusals;
        this.startups = Objects.requireNonNull(startups, "startups");
        this.vertx = (VertxInternal) vertx;
        this.judge = new ChainJudge<>(X509ChainCheck.Purpose.TLS_SERVER, this::judge, TlsDeviceVerdict::refusal,
                settings.deviceCas());
        try {
            this.context = TlsContexts.nms(settings.tls().key().getPrivate(), settings.tls().chain(), judge);
        } catch (IOException e) {
            throw new IllegalArgumentException("the NMS's TLS key and certificate cannot make a TLS context: "
                    + e.getMessage(), e);
        }
        X509Certificate own = settings.tls().chain().get(0);
        this.ownFingerprint = SshKeys.fingerprint(own.getPublicKey());
        this.ownName = X509ChainCheck.claimedIdentity(own).orElse(own.getSubjectX500Principal().getName());
    }

    @Override
    public CallHomeStrategy strategy() {
        return CallHomeStrategy.TLS;
    }

    @Override
    public InetSocketAddress start(Consumer<SecuredChannel> consumer) throws IOException {
        channels = consumer;
        settings.revocations().onChange(this::dropRevoked);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(vertx.acceptorEventLoopGroup(), vertx.nettyEventLoopGroup())
                .channelFactory(vertx.transport().serverChannelFactory(false))
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        accepted(channel);
                    }
                });
        ChannelFuture bound = bootstrap.bind(settings.tls().listen()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
        }
        listener = bound.channel();
        InetSocketAddress address = (InetSocketAddress) listener.localAddress();
        LOG.info("listening for tls call home on {}", SecurityFacts.addressOf(address));
        return address;
    }

    @Override
    public void disconnect(String deviceId) {
        Channel channel = live.get(deviceId);
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        live.values().forEach(Channel::close);
    }

    /**
     * A device connected: unless --max-startups refuses it (closed at once, counted and logged by the
     * limiter), the TLS client's handshake starts, holding a place until it ends; on an event loop.
     */
    private void accepted(Channel channel) {
        long openedNanos = System.nanoTime();
        Optional<Admission> admitted = startups.admit(channel.remoteAddress(), channel::close);
        if (admitted.isEmpty()) {
            channel.close();
            return;
        }
        Admission admission = admitted.get();
        channel.closeFuture().addListener(closed -> startups.release(admission));
        SslHandler tls = context.newHandler(channel.alloc());
        tls.setHandshakeTimeoutMillis(settings.handshakeTimeout().toMillis());
        channel.pipeline().addLast("tls", tls).addLast(HANDSHAKING, HandshakeFailure.INSTANCE);
        // the handshake future completes however the connection ends, and takes the verdict with it
        tls.handshakeFuture().addListener(done -> {
            admission.keyExchanged();
            startups.release(admission);
            handshakeDone(channel, tls, done.isSuccess() ? null : done.cause(), openedNanos);
        });
    }

    /**
     * The decision on a device's chain, during its handshake: a key pinned in the trust store first
     * (an approved device, whatever issued its certificate), else the --device-ca CAs' rules.
     */
    private TlsDeviceVerdict judge(List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            return new TlsDeviceVerdict.Refused(RejectionKind.UNKNOWN_DEVICE, null, Optional.empty(),
                    "no certificate was presented");
        }
        PublicKey key = chain.get(0).getPublicKey();
        String fingerprint;
        try {
            fingerprint = SshKeys.fingerprint(key);
        } catch (IllegalArgumentException unsupported) {
            return new TlsDeviceVerdict.Refused(RejectionKind.UNKNOWN_DEVICE, null, Optional.empty(),
                    "a certificate of a key type that is not accepted (" + unsupported.getMessage() + ")");
        }
        Optional<String> known = settings.trust().deviceFor(key);
        if (known.isPresent()) {
            Optional<String> revoked = settings.revocations().whyRevoked(key);
            return revoked.<TlsDeviceVerdict>map(why -> new TlsDeviceVerdict.Refused(RejectionKind.REVOKED,
                    known.get(), Optional.empty(), "revoked: " + why))
                    .orElseGet(() -> new TlsDeviceVerdict.Pinned(known.get(), key, fingerprint));
        }
        if (settings.devices().isEmpty()) {
            return new TlsDeviceVerdict.Refused(RejectionKind.UNKNOWN_DEVICE, null, Optional.empty(),
                    "unknown key " + fingerprint + ", and no --device-ca certifies devices");
        }
        X509Verdict verdict = settings.devices().get().check(chain, X509ChainCheck.Purpose.TLS_SERVER, null);
        if (verdict instanceof X509Verdict.Refused refused) {
            return new TlsDeviceVerdict.Refused(RejectionKind.CERTIFICATE,
                    DeviceX509Check.vouchedName(chain.get(0), refused.reason()), Optional.of(refused),
                    refused.detail());
        }
        return new TlsDeviceVerdict.Certified((X509Verdict.Accepted) verdict);
    }

    private void handshakeDone(Channel channel, SslHandler tls, Throwable failure, long openedNanos) {
        String address = SecurityFacts.addressOf(channel.remoteAddress());
        Optional<ChainJudge.Judged<TlsDeviceVerdict>> judged = judge.judged(tls.engine());
        if (judged.isPresent() && judged.get().verdict() instanceof TlsDeviceVerdict.Refused refused) {
            refused(judged.get().chain(), refused, address);
            channel.close();
            return;
        }
        if (failure != null || judged.isEmpty()) {
            LOG.info("tls call home from {} failed before a device was identified: {}", address,
                    failure == null ? "no certificate was judged" : failure.toString());
            channel.close();
            return;
        }
        TlsDeviceVerdict verdict = judged.get().verdict();
        String deviceId;
        PublicKey key;
        String fingerprint;
        X509Identity identity = null;
        if (verdict instanceof TlsDeviceVerdict.Certified certified) {
            identity = certified.accepted().identity();
            deviceId = identity.identity();
            key = certified.accepted().path().get(0).getPublicKey();
            fingerprint = identity.keyFingerprint();
        } else {
            TlsDeviceVerdict.Pinned pinned = (TlsDeviceVerdict.Pinned) verdict;
            deviceId = pinned.deviceId();
            key = pinned.key();
            fingerprint = pinned.fingerprint();
        }
        if (live.putIfAbsent(deviceId, channel) != null) {
            LOG.warn("refused tls call home from {}: device {} ({}) already has a live session", address, deviceId,
                    fingerprint);
            refusals.rejected(new Rejection(strategy(), RejectionKind.ALREADY_CONNECTED, deviceId, null, key,
                    fingerprint, address, "a session with this device is already live"));
            channel.close();
            return;
        }
        channel.closeFuture().addListener(closed -> live.remove(deviceId, channel));
        channel.pipeline().remove(HANDSHAKING);
        channel.attr(CHAIN).set(judged.get().chain());
        channel.attr(CERTIFIED).set(identity != null);
        LOG.info("device {} from {} identified by its TLS certificate: {}", deviceId, address,
                identity != null ? identity : "its key " + fingerprint + " is trusted");
        NettyTransport transport = new NettyTransport(channel, settings.limits().maxWriteBacklogBytes());
        SecurityFacts facts = new SecurityFacts(strategy(), deviceId, fingerprint, identity != null
                ? PeerVerification.X509_HOST_CERTIFICATE : PeerVerification.PINNED_HOST_KEY, ownFingerprint, ownName,
                UsernameSource.CERT_TO_NAME, TlsAlgorithms.of(tls.engine().getSession(), true), address, null,
                identity);
        channels.accept(new SecuredChannel(transport, transport::attach, facts, openedNanos));
    }

    /** A refused device: logged, and reported with the key its certificate certified. */
    private void refused(List<X509Certificate> chain, TlsDeviceVerdict.Refused refused, String address) {
        LOG.info("refused tls call home from {}: {} ({})", address, refused.reason(), refused.word());
        if (chain.isEmpty()) {
            return;
        }
        X509Certificate endEntity = chain.get(0);
        PublicKey key = endEntity.getPublicKey();
        String fingerprint;
        try {
            fingerprint = SshKeys.fingerprint(key);
        } catch (IllegalArgumentException unsupported) {
            return;
        }
        refusals.rejected(new Rejection(strategy(), refused.kind(), refused.deviceId(),
                DeviceX509Check.claimedName(endEntity), key, fingerprint, address, refused.reason(),
                refused.certificate().map(X509Verdict.Refused::reason).orElse(null)));
    }

    /** Closes every live connection whose device chain the revocation list now revokes; on the timer thread. */
    private void dropRevoked() {
        live.forEach((deviceId, channel) -> {
            List<X509Certificate> chain = channel.attr(CHAIN).get();
            if (chain == null) {
                return;
            }
            Optional<String> why = settings.revocations().whyRevoked(chain.get(0).getPublicKey());
            if (why.isEmpty()) {
                why = settings.devices().flatMap(check -> check.whyRevoked(chain, X509ChainCheck.Purpose.TLS_SERVER));
            }
            if (why.isEmpty()) {
                return;
            }
            String address = SecurityFacts.addressOf(channel.remoteAddress());
            LOG.warn("device {} from {} is revoked ({}): dropping its session", deviceId, address, why.get());
            // reported as the SSH strategies report theirs: a certificate revoked, or a key approved and now revoked
            boolean certified = Boolean.TRUE.equals(channel.attr(CERTIFIED).get());
            refusals.rejected(new Rejection(strategy(), certified ? RejectionKind.CERTIFICATE : RejectionKind.REVOKED,
                    deviceId, null, chain.get(0).getPublicKey(), SshKeys.fingerprint(chain.get(0).getPublicKey()),
                    address, "revoked while connected: " + why.get(), certified ? CertificateRefusal.REVOKED : null));
            channel.close();
        });
    }

    /**
     * Ends a connection whose handshake failed: the failure also reaches the end of the pipeline,
     * where Netty would log it as a warning with its stack trace, for every refused call; the
     * handshake's listener has already reported it. Removed once NETCONF takes the channel.
     */
    @ChannelHandler.Sharable
    private static final class HandshakeFailure extends ChannelInboundHandlerAdapter {

        static final HandshakeFailure INSTANCE = new HandshakeFailure();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("tls call home from {} ended in its handshake: {}", SecurityFacts.addressOf(
                    ctx.channel().remoteAddress()), cause.toString());
            ctx.close();
        }
    }
}
