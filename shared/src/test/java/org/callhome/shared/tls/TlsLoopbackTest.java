package org.callhome.shared.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.callhome.shared.netconf.session.ByteReceiver;
import org.callhome.shared.ssh.cert.CertificateRefusal;
import org.callhome.shared.ssh.cert.RevokedKeys;
import org.callhome.shared.ssh.x509.X509Algorithm;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.ssh.x509.trust.X509ChainCheck;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Verdict;
import org.callhome.shared.strategy.NegotiatedAlgorithms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * TLS call home's two ends on loopback with real Netty and JSSE: the device dials and is the TLS
 * server, the NMS accepts and is the TLS client; each judges the other's chain with the project's
 * rules during the handshake, and the NETCONF bytes then flow both ways, in order, through
 * {@link NettyTransport}.
 */
class TlsLoopbackTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final X509Lab lab = new X509Lab();
    private final Instant now = Instant.now();
    private final X509Lab.Issued ca = lab.root("callhome test CA").validity(now.minusSeconds(3600),
            now.plusSeconds(86_400)).key(X509Lab.key(X509Algorithm.ECDSA_NISTP256)).issue();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());

    @AfterEach
    void close() throws InterruptedException {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(WAIT.toMillis());
    }

    @Test
    void bytesFlowBothWaysInOrderOverTls13WithEachSideIdentified() throws Exception {
        X509Lab.Issued device = issue(ca, "dev-1", X509Lab.TLS_SERVER);
        X509Lab.Issued nms = issue(ca, "nms-1", X509Lab.TLS_CLIENT);
        Ends ends = connect(device, nms);

        X509Verdict deviceVerdict = ends.nmsSide.join();
        assertInstanceOf(X509Verdict.Accepted.class, deviceVerdict, deviceVerdict.toString());
        assertEquals("dev-1", ((X509Verdict.Accepted) deviceVerdict).identity().identity());
        assertEquals("TLSv1.3", ends.nmsEngine.join().getSession().getProtocol());
        NegotiatedAlgorithms algorithms = TlsAlgorithms.of(ends.nmsEngine.join().getSession(), true);
        assertEquals("TLSv1.3", algorithms.keyExchange());
        assertEquals("EC P-256", algorithms.hostKey(), "the device's certificate key");
        assertTrue(TlsContexts.CIPHER_SUITES.contains(algorithms.cipherClientToServer()), algorithms.toString());
        assertEquals(TlsAlgorithms.AEAD, algorithms.macServerToClient());

        NettyTransport nmsTransport = new NettyTransport(ends.nmsChannel.join(), 1024 * 1024);
        NettyTransport deviceTransport = new NettyTransport(ends.deviceChannel.join(), 1024 * 1024);
        Recorder atNms = new Recorder();
        Recorder atDevice = new Recorder();
        // the device speaks first (its hello) before the NMS attached: held, then delivered in order
        byte[] fromDevice = pattern(200_000, 7);
        for (int offset = 0; offset < fromDevice.length; offset += 50_000) {
            deviceTransport.send(java.util.Arrays.copyOfRange(fromDevice, offset, offset + 50_000));
        }
        nmsTransport.attach(atNms);
        deviceTransport.attach(atDevice);
        byte[] fromNms = pattern(70_000, 3);
        nmsTransport.send(fromNms);

        assertArrayEquals(fromDevice, atNms.await(fromDevice.length));
        assertArrayEquals(fromNms, atDevice.await(fromNms.length));

        nmsTransport.close();
        assertTrue(atDevice.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS), "the device saw the NMS close");
        assertTrue(atNms.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS), "the NMS's own end closed");
    }

    @Test
    void theDeviceRefusesTheNmssRenegotiationInTls12() throws Exception {
        X509Lab.Issued device = issue(ca, "dev-1", X509Lab.TLS_SERVER);
        X509Lab.Issued nms = issue(ca, "nms-1", X509Lab.TLS_CLIENT);
        Ends ends = connect(device, nms, List.of("TLSv1.2"));
        assertInstanceOf(X509Verdict.Accepted.class, ends.nmsSide.join());
        assertEquals("TLSv1.2", ends.nmsEngine.join().getSession().getProtocol());

        SslHandler nmsTls = ends.nmsChannel.join().pipeline().get(SslHandler.class);
        boolean renegotiated = nmsTls.renegotiate().awaitUninterruptibly(WAIT.toMillis()) && nmsTls.handshakeFuture()
                .isSuccess() && ends.nmsChannel.join().isActive();
        assertFalse(renegotiated, "the device accepted a renegotiation");
    }

    @Test
    void aDeviceOfAnotherCaIsRefusedDuringTheHandshakeWithItsReason() throws Exception {
        X509Lab.Issued otherCa = lab.root("another CA").validity(now.minusSeconds(3600), now.plusSeconds(86_400))
                .key(X509Lab.key(X509Algorithm.ECDSA_NISTP256)).issue();
        X509Lab.Issued device = issue(otherCa, "dev-1", X509Lab.TLS_SERVER);
        X509Lab.Issued nms = issue(ca, "nms-1", X509Lab.TLS_CLIENT);
        Ends ends = connect(device, nms);

        X509Verdict verdict = ends.nmsSide.join();
        assertInstanceOf(X509Verdict.Refused.class, verdict);
        assertEquals(CertificateRefusal.UNKNOWN_CA, ((X509Verdict.Refused) verdict).reason());
        assertTrue(ends.deviceHandshake.handle((ok, failure) -> failure != null).join(),
                "the device's handshake failed too (the NMS sent an alert)");
    }

    @Test
    void anSshCertificateIsNoTlsServerCertificate() throws Exception {
        X509Lab.Issued device = issue(ca, "dev-1", X509Lab.SSH_SERVER);
        X509Lab.Issued nms = issue(ca, "nms-1", X509Lab.TLS_CLIENT);
        Ends ends = connect(device, nms);

        X509Verdict verdict = ends.nmsSide.join();
        assertInstanceOf(X509Verdict.Refused.class, verdict);
        assertEquals(CertificateRefusal.EXTENDED_KEY_USAGE, ((X509Verdict.Refused) verdict).reason(),
                verdict.toString());
    }

    @Test
    void theDeviceRefusesAnNmsWithoutAClientCertificatePurpose() throws Exception {
        X509Lab.Issued device = issue(ca, "dev-1", X509Lab.TLS_SERVER);
        X509Lab.Issued nms = issue(ca, "nms-1", X509Lab.TLS_SERVER);
        Ends ends = connect(device, nms);

        X509Verdict verdict = ends.deviceSide.join();
        assertInstanceOf(X509Verdict.Refused.class, verdict);
        assertEquals(CertificateRefusal.WRONG_CERTIFICATE_TYPE, ((X509Verdict.Refused) verdict).reason(),
                verdict.toString());
    }

    private X509Lab.Issued issue(X509Lab.Issued issuer, String id, String purpose) {
        return lab.device(issuer, id).validity(now.minusSeconds(3600), now.plusSeconds(86_400))
                .key(X509Lab.key(X509Algorithm.ECDSA_NISTP256)).keyUsage(KeyUsage.digitalSignature)
                .extendedKeyUsage(purpose).issue();
    }

    /** What each end saw: the NMS's verdict on the device, the device's on the NMS, the channels after the handshake. */
    private record Ends(CompletableFuture<X509Verdict> nmsSide, CompletableFuture<X509Verdict> deviceSide,
                        CompletableFuture<Channel> nmsChannel, CompletableFuture<Channel> deviceChannel,
                        CompletableFuture<SSLEngine> nmsEngine, CompletableFuture<Channel> deviceHandshake) {
    }

    private Ends connect(X509Lab.Issued device, X509Lab.Issued nms) throws Exception {
        return connect(device, nms, TlsContexts.PROTOCOLS);
    }

    /** As {@link #connect(X509Lab.Issued, X509Lab.Issued)}, the NMS offering only {@code nmsProtocols}. */
    private Ends connect(X509Lab.Issued device, X509Lab.Issued nms, List<String> nmsProtocols) throws Exception {
        X509ChainCheck check = new X509ChainCheck(X509Authorities.of(List.of(ca.certificate())), RevokedKeys.NONE);
        ChainJudge<X509Verdict> devicesJudge = ChainJudge.of(X509ChainCheck.Purpose.TLS_SERVER,
                chain -> check.check(chain, X509ChainCheck.Purpose.TLS_SERVER, Instant.now()),
                List.of(ca.certificate()));
        ChainJudge<X509Verdict> nmsJudge = ChainJudge.of(X509ChainCheck.Purpose.TLS_CLIENT,
                chain -> check.check(chain, X509ChainCheck.Purpose.TLS_CLIENT, Instant.now()),
                List.of(ca.certificate()));
        SslContext nmsContext = TlsContexts.nms(nms.keyPair().getPrivate(), List.of(nms.certificate()), devicesJudge);
        SslContext deviceContext = TlsContexts.device(device.keyPair().getPrivate(),
                List.<X509Certificate>of(device.certificate()), nmsJudge);
        Ends ends = new Ends(new CompletableFuture<>(), new CompletableFuture<>(), new CompletableFuture<>(),
                new CompletableFuture<>(), new CompletableFuture<>(), new CompletableFuture<>());

        Channel listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        SslHandler tls = nmsContext.newHandler(channel.alloc());
                        tls.engine().setEnabledProtocols(nmsProtocols.toArray(String[]::new));
                        channel.pipeline().addLast("tls", tls);
                        tls.handshakeFuture().addListener(done -> {
                            ends.nmsSide.complete(devicesJudge.verdict(tls.engine()).orElse(null));
                            if (done.isSuccess()) {
                                ends.nmsEngine.complete(tls.engine());
                                ends.nmsChannel.complete(channel);
                            }
                        });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                SslHandler tls = deviceContext.newHandler(channel.alloc());
                channel.pipeline().addLast("tls", tls);
                tls.handshakeFuture().addListener(done -> {
                    ends.deviceSide.complete(nmsJudge.verdict(tls.engine()).orElse(null));
                    if (done.isSuccess()) {
                        ends.deviceChannel.complete(channel);
                        ends.deviceHandshake.complete(channel);
                    } else {
                        ends.deviceHandshake.completeExceptionally(done.cause());
                    }
                });
            }
        }).connect(listener.localAddress()).sync();
        return ends;
    }

    private static byte[] pattern(int length, int step) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * step % 251);
        }
        return bytes;
    }

    /** Collects what a transport delivers. */
    private static final class Recorder implements ByteReceiver {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<Boolean> closed = new CompletableFuture<>();

        @Override
        public synchronized void receive(byte[] buffer, int offset, int length) {
            bytes.write(buffer, offset, length);
            notifyAll();
        }

        @Override
        public void transportClosed() {
            closed.complete(true);
        }

        synchronized byte[] await(int count) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (bytes.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("received " + bytes.size() + " of " + count + " bytes");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return bytes.toByteArray();
        }
    }
}
