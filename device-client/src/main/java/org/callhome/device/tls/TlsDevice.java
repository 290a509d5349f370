package org.callhome.device.tls;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.callhome.device.accounts.AccountTable;
import org.callhome.device.callhome.Connection;
import org.callhome.device.callhome.Connector;
import org.callhome.device.strategy.NettyIo;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.ssh.x509.trust.X509ChainCheck;
import org.callhome.shared.ssh.x509.trust.X509Verdict;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.DeviceHalf;
import org.callhome.shared.tls.ChainJudge;
import org.callhome.shared.tls.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device half of TLS call home (RFC 8071 §4, RFC 7589): dials the NMS and is the TLS
 * <em>server</em> on the connection, presenting its chain and requiring the NMS's client
 * certificate, which {@link AccountTable#checkTlsClient} judges during the handshake; the account
 * it proves is the NETCONF username. The NMS must complete the handshake within the auth timeout,
 * or the connection is closed (RFC 8071 §3.1 S5, as for SSH). A connection counts as made once
 * NETCONF runs on it.
 *
 * <p>The certificate request names no CA: a TLS client holding a certificate of another CA then
 * presents it anyway, and the device refuses it with the reason, for the log, instead of the client
 * quietly sending none. The revocation list is read again, if its file changed, before each call,
 * and a new list that revokes a live session's NMS certificate ends that session.
 */
public final class TlsDevice implements Connector, DeviceHalf {

    private static final Logger LOG = LoggerFactory.getLogger(TlsDevice.class);

    /**
     * @param key             the device's key, which {@code chain} certifies
     * @param chain           the device's certificate first, then its issuers'
     * @param authTimeout     how long the NMS may take for the TLS handshake after TCP connect
     * @param keepalives      the TCP keepalive's idle time and interval ({@code maxWait}) and probes ({@code maxAttempts})
     * @param maxBacklogBytes unsent NETCONF output beyond which the device stops reading the channel
     */
    public record Settings(KeyPair key, List<X509Certificate> chain, Duration authTimeout, Keepalives keepalives,
                           long maxBacklogBytes) {
        public Settings {
            Objects.requireNonNull(key, "key");
            chain = List.copyOf(chain);
            Objects.requireNonNull(authTimeout, "authTimeout");
            Objects.requireNonNull(keepalives, "keepalives");
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("the device's chain has at least its own certificate");
            }
            if (authTimeout.isNegative() || authTimeout.isZero()) {
                throw new IllegalArgumentException("auth timeout must be positive, got " + authTimeout);
            }
            if (maxBacklogBytes < 2) {
                throw new IllegalArgumentException("maxBacklogBytes must be at least 2, got " + maxBacklogBytes);
            }
        }

        /** The fingerprint of the device's key, as the SSH strategies show keys. */
        String localKeyFingerprint() {
            return SshKeys.fingerprint(key.getPublic());
        }
    }

    private final Settings settings;
    private final AccountTable accounts;
    private final RevocationWatch revoked;
    private final ChannelSink sink;
    private final NettyIo io;
    private final EventLoopGroup group;
    private final ChainJudge<X509Verdict> judge;
    private final SslContext context;
    /** The connections whose channel is not closed yet, handshake done or not. */
    private final Set<TlsConnection> open = ConcurrentHashMap.newKeySet();

    /**
     * @param revoked the revocation list {@code accounts} checks, refreshed before each call; a new list
     *                ends the live sessions whose NMS certificate it revokes
     * @param sink    where the NETCONF channel of each connection goes: the device's NETCONF server
     * @param io      the event loops the channels run on: the device's own, or a fleet's
     * @throws IOException when the key and chain make no TLS server context
     */
    public TlsDevice(Settings settings, AccountTable accounts, RevocationWatch revoked, ChannelSink sink, NettyIo io)
            throws IOException {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.revoked = Objects.requireNonNull(revoked, "revoked");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.io = Objects.requireNonNull(io, "io");
        judge = ChainJudge.of(X509ChainCheck.Purpose.TLS_CLIENT, accounts::checkTlsClient, List.of());
        context = TlsContexts.device(settings.key().getPrivate(), settings.chain(), judge);
        group = io.acquire();
        revoked.onChange(this::dropRevoked);
        LOG.info("tls: presenting {} (key {}), NMS client certificates judged by the accounts' X.509 CAs and pins",
                settings.chain().get(0).getSubjectX500Principal(), settings.localKeyFingerprint());
    }

    /**
     * Opens TCP to the NMS, runs the TLS handshake as the server and completes once NETCONF runs on
     * the connection (one that ends before is a failed attempt). The dialer enforces {@code maxWait}
     * by cancelling the stage, which closes the attempt's channel at whatever step it is.
     */
    @Override
    public CompletionStage<Connection> connect(Endpoint endpoint, Duration maxWait) {
        revoked.refresh();
        return new TlsCall(settings, context, judge, accounts, sink, endpoint, open).start(group, maxWait);
    }

    @Override
    public CallHomeStrategy strategy() {
        return CallHomeStrategy.TLS;
    }

    /** Closes every connection, then the device's own event loop (a fleet's stays). */
    @Override
    public void close() {
        for (TlsConnection connection : open) {
            connection.close();
            connection.channel().closeFuture().awaitUninterruptibly(Duration.ofSeconds(5).toMillis());
        }
        io.release(group);
    }

    /**
     * Ends every session whose NMS certificate the list in force now revokes; on the thread that found
     * the list changed. A handshake under way is judged with the new list.
     */
    private void dropRevoked() {
        for (TlsConnection connection : open) {
            List<X509Certificate> chain = connection.nmsChain();
            if (chain == null) {
                continue;
            }
            Optional<String> why = accounts.whyRevokedTlsClient(chain);
            if (why.isEmpty()) {
                continue;
            }
            String reason = "the NMS's client certificate was revoked while connected: " + why.get() + " ("
                    + revoked.get() + ")";
            LOG.warn("NMS at {}: {}: closing the session", connection.endpoint().hostPort(), reason);
            connection.drop(reason);
        }
    }
}
