package org.callhome.device.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.callhome.device.callhome.Connection;
import org.callhome.device.callhome.ConnectionEnd;
import org.callhome.shared.config.Endpoint;

/**
 * One TLS call-home connection as the dialer sees it: the channel the device opened to the NMS,
 * from TCP connect until it closes. It sits in the channel's pipeline behind the TLS handler, where
 * it notes when bytes last went either way (a periodic dialer closes an idle connection) and the
 * first failure. As for SSH, the end is orderly (normal completion of {@link #closed()}) when the
 * device closed it or the NETCONF session had ended first; any other end completes it
 * exceptionally, so a periodic dialer calls again at once.
 */
final class TlsConnection extends ChannelDuplexHandler implements Connection {

    /** Why the connection ended when the NMS closed it without a reason the device knows. */
    static final String CLOSED_BY_NMS = "the NMS closed the TLS connection";

    private final Channel channel;
    private final Endpoint endpoint;
    private final long openedNanos = System.nanoTime();
    private final ConnectionEnd end = new ConnectionEnd(CLOSED_BY_NMS);
    private volatile long lastActivityNanos = openedNanos;
    private volatile List<X509Certificate> nmsChain;

    TlsConnection(Channel channel, Endpoint endpoint) {
        this.channel = channel;
        this.endpoint = endpoint;
    }

    @Override
    public CompletionStage<String> closed() {
        return end.closed();
    }

    @Override
    public void close() {
        end.closedLocally();
        channel.close();
    }

    @Override
    public Instant lastActivity() {
        return Instant.now().minusNanos(System.nanoTime() - lastActivityNanos);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastActivityNanos = System.nanoTime();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        lastActivityNanos = System.nanoTime();
        ctx.write(msg, promise);
    }

    /** Any failure in the pipeline ends the connection; the first is the reason reported. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failed(TlsCall.describe(cause));
        ctx.close();
    }

    Channel channel() {
        return channel;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** {@link System#nanoTime()} when the connection was made, for handshake durations above. */
    long openedNanos() {
        return openedNanos;
    }

    /** The NMS's chain as the handshake accepted it; null before. */
    List<X509Certificate> nmsChain() {
        return nmsChain;
    }

    void established(List<X509Certificate> chain) {
        nmsChain = List.copyOf(chain);
    }

    /** The first failure seen (I/O, TLS, a refusal of ours): the reason reported if the connection ends. */
    void failed(String reason) {
        end.failed(reason);
    }

    void netconfEnded(String reason) {
        end.netconfEnded(reason);
    }

    /** Ends the connection for {@code reason} (the NMS's certificate was revoked): a failure. */
    void drop(String reason) {
        end.dropped(reason);
        channel.close();
    }

    /** Completes {@link #closed()} once the channel has closed; returns the reason, for the log. */
    String channelClosed() {
        return end.ended();
    }

    String failureReason() {
        return end.failureReason();
    }
}
