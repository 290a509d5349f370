package org.callhome.nms.certificates;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.session.NetconfServerSession;
import org.callhome.shared.netconf.session.Reply;
import org.callhome.shared.netconf.session.SerialExecutor;
import org.callhome.shared.ssh.cert.RevokedKeys;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.ssh.x509.trust.X509ChainCheck;
import org.callhome.shared.ssh.x509.trust.X509Verdict;
import org.callhome.shared.tls.ChainJudge;
import org.callhome.shared.tls.NettyTransport;
import org.callhome.shared.tls.TlsContexts;

/**
 * The smallest TLS call-home device (RFC 8071 §4): it dials the NMS and is the TLS server on the
 * connection it opened, presenting its certificate chain and requiring the NMS's client
 * certificate of {@code nmsCas}; then it serves NETCONF, base 1.0 and 1.1, answering every RPC with
 * empty data. It keeps its verdict on the NMS's certificate.
 */
final class TlsCallingDevice implements AutoCloseable {

    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tls-calling-device-timers");
        thread.setDaemon(true);
        return thread;
    });

    /** The one module its hello names; it has no ietf-netconf-monitoring. */
    static final String MODULE = "urn:example:system?module=example-system&revision=2026-12-06";

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChainJudge<X509Verdict> judge;
    private final SslContext context;
    /** What the device decided on the NMS's certificate; null when the handshake failed before it. */
    final CompletableFuture<X509Verdict> nmsVerdict = new CompletableFuture<>();
    /** The channel once the handshake succeeded; failed with why it did not. */
    final CompletableFuture<Channel> connected = new CompletableFuture<>();

    TlsCallingDevice(KeyPair key, List<X509Certificate> chain, List<X509Certificate> nmsCas) throws Exception {
        X509ChainCheck check = new X509ChainCheck(X509Authorities.of(nmsCas), RevokedKeys.NONE);
        judge = ChainJudge.of(X509ChainCheck.Purpose.TLS_CLIENT,
                presented -> check.check(presented, X509ChainCheck.Purpose.TLS_CLIENT, Instant.now()), nmsCas);
        context = TlsContexts.device(key.getPrivate(), chain, judge);
    }

    /** Dials {@code nms}; returns at once ({@link #connected} tells how it went). */
    TlsCallingDevice call(InetSocketAddress nms) {
        new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                SslHandler tls = context.newHandler(channel.alloc());
                channel.pipeline().addLast("tls", tls);
                tls.handshakeFuture().addListener(done -> {
                    nmsVerdict.complete(judge.verdict(tls.engine()).orElse(null));
                    if (!done.isSuccess()) {
                        connected.completeExceptionally(done.cause());
                        return;
                    }
                    serve(channel);
                    connected.complete(channel);
                });
            }
        }).connect(nms).addListener(done -> {
            if (!done.isSuccess()) {
                connected.completeExceptionally(done.cause());
            }
        });
        return this;
    }

    private static void serve(Channel channel) {
        NettyTransport transport = new NettyTransport(channel, 1 << 20);
        NetconfServerSession session = new NetconfServerSession(7, "nms", List.of(Netconf.BASE_1_0,
                Netconf.BASE_1_1, MODULE), transport, NetconfLimits.DEFAULT,
                (request, netconf) -> CompletableFuture.completedFuture(Reply.content(CallingDevice.emptyData())),
                SerialExecutor.direct(), TIMERS);
        session.start();
        transport.attach(session);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10_000);
    }
}
