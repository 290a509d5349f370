package org.callhome.device.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import jdk.net.ExtendedSocketOptions;
import org.callhome.device.accounts.AccountTable;
import org.callhome.device.callhome.Connection;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.netconf.session.NetconfServerSession;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.x509.trust.X509Verdict;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.DeviceHalf.ChannelSink;
import org.callhome.shared.strategy.SecuredChannel;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;
import org.callhome.shared.strategy.SecurityFacts.UsernameSource;
import org.callhome.shared.tls.ChainJudge;
import org.callhome.shared.tls.NettyTransport;
import org.callhome.shared.tls.TlsAlgorithms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call to the NMS, each step continued in a Netty listener on the channel's event loop (never
 * waiting on a future): TCP connect, the TLS handshake with the device as the server (the
 * {@link ChainJudge} decides on the NMS's client certificate as it arrives), then the NETCONF
 * server on the channel. Any failure closes the channel and fails the attempt with what went wrong;
 * so does cancelling the attempt, whatever step it is at.
 */
final class TlsCall {

    private static final Logger LOG = LoggerFactory.getLogger(TlsCall.class);

    /** Whether this platform lets TCP keepalive's idle time, interval and count be set (Linux, macOS). */
    private static final boolean KEEPALIVE_TUNABLE = keepaliveTunable();

    private final TlsDevice.Settings settings;
    private final SslContext context;
    private final ChainJudge<X509Verdict> judge;
    private final AccountTable accounts;
    private final ChannelSink sink;
    private final Endpoint endpoint;
    private final Set<TlsConnection> open;
    private final CompletableFuture<Connection> result = new CompletableFuture<>();

    /** @param open where the call's connection is kept from TCP connect until its channel closes */
    TlsCall(TlsDevice.Settings settings, SslContext context, ChainJudge<X509Verdict> judge, AccountTable accounts,
            ChannelSink sink, Endpoint endpoint, Set<TlsConnection> open) {
        this.settings = settings;
        this.context = context;
        this.judge = judge;
        this.accounts = accounts;
        this.sink = sink;
        this.endpoint = endpoint;
        this.open = open;
    }

    CompletionStage<Connection> start(EventLoopGroup group, Duration maxWait) {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, maxWait.toMillis()))
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        install(channel);
                    }
                });
        if (KEEPALIVE_TUNABLE) {
            int seconds = (int) Math.min(Integer.MAX_VALUE, settings.keepalives().maxWait().toSeconds());
            bootstrap.option(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), seconds)
                    .option(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), seconds)
                    .option(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT),
                            settings.keepalives().maxAttempts());
        }
        ChannelFuture connecting;
        try {
            connecting = bootstrap.connect(endpoint.host(), endpoint.port());
        } catch (RuntimeException e) {
            result.completeExceptionally(new IOException("connection to " + endpoint.hostPort() + " could not start: "
                    + e.getMessage(), e));
            return result;
        }
        result.whenComplete((connection, failure) -> {
            if (result.isCancelled()) {
                LOG.info("call home to {} given up by the dialer (max-wait, or closing): closing its connection",
                        endpoint.hostPort());
                connecting.channel().close();
            }
        });
        connecting.addListener((ChannelFuture done) -> {
            if (!done.isSuccess()) {
                Throwable why = done.cause();
                result.completeExceptionally(new IOException("connection to " + endpoint.hostPort() + " failed: "
                        + (why == null ? "cancelled" : describe(why)), why));
            }
        });
        return result;
    }

    /** Sets up a new channel's pipeline: TLS first, the connection behind it; NETCONF joins after the handshake. */
    private void install(SocketChannel channel) {
        TlsConnection connection = new TlsConnection(channel, endpoint);
        open.add(connection);
        SslHandler tls = context.newHandler(channel.alloc());
        tls.setHandshakeTimeoutMillis(settings.authTimeout().toMillis());
        channel.pipeline().addLast("tls", tls).addLast("connection", connection);
        channel.closeFuture().addListener(closing -> closed(connection));
        tls.handshakeFuture().addListener(handshake -> handshakeDone(connection, tls, handshake));
    }

    private void handshakeDone(TlsConnection connection, SslHandler tls, Future<?> handshake) {
        Optional<X509Verdict> verdict = judge.verdict(tls.engine());
        if (!handshake.isSuccess()) {
            if (verdict.isPresent() && verdict.get() instanceof X509Verdict.Refused refused) {
                fail(connection, "NMS at " + endpoint.hostPort() + " refused during the TLS handshake: "
                        + refused.detail() + " (" + refused.reason().wireName() + "); no NETCONF session (RFC 7589)");
            } else if (handshake.cause() instanceof SslHandshakeTimeoutException) {
                fail(connection, "the NMS at " + endpoint.hostPort() + " did not complete the TLS handshake within "
                        + settings.authTimeout().toMillis() + " ms: closing (RFC 8071)");
            } else {
                fail(connection, "TLS handshake with " + endpoint.hostPort() + " failed: "
                        + describe(handshake.cause()));
            }
            return;
        }
        if (verdict.isEmpty() || !(verdict.get() instanceof X509Verdict.Accepted accepted)) {
            fail(connection, "TLS handshake with " + endpoint.hostPort() + " completed without an accepted NMS"
                    + " certificate");
            return;
        }
        String account = accounts.tlsAccount(accepted);
        connection.established(accepted.path());
        SecurityFacts facts = new SecurityFacts(CallHomeStrategy.TLS, endpoint.hostPort(),
                SshKeys.fingerprint(accepted.path().get(0).getPublicKey()), PeerVerification.X509_USER_CERTIFICATE,
                settings.localKeyFingerprint(), account, UsernameSource.CERT_TO_NAME,
                TlsAlgorithms.of(tls.engine().getSession(), false),
                SecurityFacts.addressOf(connection.channel().remoteAddress()), null, accepted.identity());
        NettyTransport transport = new NettyTransport(connection.channel(), settings.maxBacklogBytes());
        NetconfServerSession session;
        try {
            session = sink.accept(new SecuredChannel(transport, transport::attach, facts, connection.openedNanos()));
        } catch (IOException | RuntimeException e) {
            fail(connection, "could not start the NETCONF session: " + e.getMessage());
            return;
        }
        session.closed().thenAccept(connection::netconfEnded);
        if (result.complete(connection)) {
            LOG.info("NETCONF over TLS with NMS at {} as {}: {}", endpoint.hostPort(), accepted.identity(), facts);
        } else {
            session.terminate("call-home attempt given up");
            connection.close();
        }
    }

    private void closed(TlsConnection connection) {
        open.remove(connection);
        String reason = connection.channelClosed();
        if (result.completeExceptionally(new IOException("the connection to " + endpoint.hostPort()
                + " ended before NETCONF ran on it: " + connection.failureReason()))) {
            return;
        }
        if (!result.isCompletedExceptionally()) {
            LOG.info("connection to NMS at {} ended: {}", endpoint.hostPort(), reason);
        }
    }

    private void fail(TlsConnection connection, String message) {
        connection.failed(message);
        if (result.completeExceptionally(new IOException(message))) {
            LOG.warn("call home to {} failed: {}", endpoint.hostPort(), message);
        }
        connection.channel().close();
    }

    /** A failure's message, from under Netty's wrapper when it has one. */
    static String describe(Throwable failure) {
        Throwable cause = failure instanceof DecoderException && failure.getCause() != null ? failure.getCause()
                : failure;
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    private static boolean keepaliveTunable() {
        try (Socket probe = new Socket()) {
            return probe.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
