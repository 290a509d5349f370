package org.callhome.device.tls;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.session.NetconfClientSession;
import org.callhome.shared.netconf.session.SerialExecutor;
import org.callhome.shared.ssh.cert.RevokedKeys;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.ssh.x509.trust.X509ChainCheck;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Verdict;
import org.callhome.shared.tls.ChainJudge;
import org.callhome.shared.tls.NettyTransport;
import org.callhome.shared.tls.TlsContexts;

/**
 * An NMS stand-in for TLS call home on 127.0.0.1, on a port it picked: it accepts the device's
 * call, is the TLS client with its own client certificate, judges the device's certificate by a
 * device CA (a TLS server), and once the handshake is done runs a real NETCONF client session
 * (base:1.1 only, so chunked framing) over the channel. Each accepted call is queued with what the
 * NMS saw.
 */
final class TlsNms implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * One call as the NMS saw it.
     *
     * @param deviceVerdict the NMS's verdict on the device's chain; null when none was judged
     * @param session       the NETCONF client session, once the NMS's side of the handshake is done
     * @param channel       the accepted channel
     */
    record Call(CompletableFuture<X509Verdict> deviceVerdict, CompletableFuture<NetconfClientSession> session,
                Channel channel) {

        /** Waits until the connection has closed, whoever closed it. */
        void awaitClosed() throws InterruptedException {
            if (!channel.closeFuture().await(WAIT.toMillis())) {
                throw new AssertionError("the connection stayed open for " + WAIT.toSeconds() + " s");
            }
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    private final Channel listener;

    /**
     * @param key      the NMS's certificate and key, end entity first (a client certificate for it to be accepted)
     * @param issuers  what the NMS sends after its own certificate
     * @param deviceCa the CA whose TLS server certificates the NMS accepts from devices
     */
    TlsNms(X509Lab.Issued key, List<X509Certificate> issuers, X509Certificate deviceCa) throws Exception {
        X509ChainCheck check = new X509ChainCheck(X509Authorities.of(List.of(deviceCa)), RevokedKeys.NONE);
        ChainJudge<X509Verdict> devices = ChainJudge.of(X509ChainCheck.Purpose.TLS_SERVER,
                chain -> check.check(chain, X509ChainCheck.Purpose.TLS_SERVER, Instant.now()), List.of(deviceCa));
        List<X509Certificate> chain = new ArrayList<>(List.of(key.certificate()));
        chain.addAll(issuers);
        SslContext context = TlsContexts.nms(key.keyPair().getPrivate(), chain, devices);
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        SslHandler tls = context.newHandler(channel.alloc());
                        channel.pipeline().addLast("tls", tls);
                        Call call = new Call(new CompletableFuture<>(), new CompletableFuture<>(), channel);
                        calls.add(call);
                        tls.handshakeFuture().addListener(done -> {
                            call.deviceVerdict().complete(devices.verdict(tls.engine()).orElse(null));
                            if (!done.isSuccess()) {
                                call.session().completeExceptionally(done.cause());
                                return;
                            }
                            NettyTransport transport = new NettyTransport(channel, 1024 * 1024);
                            NetconfClientSession session = new NetconfClientSession(List.of(Netconf.BASE_1_1),
                                    transport, NetconfLimits.DEFAULT, new SerialExecutor(workers), timers);
                            session.start();
                            transport.attach(session);
                            call.session().complete(session);
                        });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    Endpoint endpoint() {
        return new Endpoint("nms", "127.0.0.1", ((InetSocketAddress) listener.localAddress()).getPort());
    }

    /** The next call the device makes, within {@link #WAIT}. */
    Call nextCall() throws InterruptedException {
        Call call = calls.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (call == null) {
            throw new AssertionError("the device did not call within " + WAIT.toSeconds() + " s");
        }
        return call;
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly(WAIT.toMillis());
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(WAIT.toMillis());
        timers.shutdownNow();
        workers.shutdownNow();
    }
}
