package org.callhome.shared.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import java.util.ArrayDeque;
import java.util.Queue;
import org.callhome.shared.netconf.session.ByteReceiver;
import org.callhome.shared.netconf.session.Transport;
import org.callhome.shared.strategy.SecurityFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NETCONF transport over a Netty channel whose TLS handshake is done: the last handler of its
 * pipeline, it hands the decrypted bytes to the session and writes the session's bytes through
 * the TLS handler. Its state belongs to the channel's event loop: calls from other threads
 * ({@link #attach}, {@link #pauseReading}, {@link #resumeReading}) run there as tasks, in order.
 *
 * <p>Reading stops (Netty's auto-read off, so TCP stops the peer) until {@link #attach}, while the
 * session holds as many requests as it may, and while the unsent output exceeds the bound given
 * (a peer that does not read): the channel's high water mark; reading resumes at half of it. At
 * most the bytes of one read already under way still arrive after a pause. {@link #close} writes
 * what is queued, then closes, which sends TLS's close_notify.
 */
public final class NettyTransport extends ChannelInboundHandlerAdapter implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);

    private final Channel channel;
    private final String description;
    /** Bytes that came before {@link #attach}; on the event loop only, as every field below. */
    private final Queue<byte[]> held = new ArrayDeque<>();
    private ByteReceiver receiver;
    private boolean sessionPaused;
    private boolean ended;
    private volatile boolean closed;

    /**
     * Installs the transport as the last handler of {@code channel}'s pipeline; nothing is read
     * until {@link #attach}.
     *
     * @param maxBacklogBytes unsent output beyond which the transport stops reading
     */
    public NettyTransport(Channel channel, long maxBacklogBytes) {
        if (maxBacklogBytes < 2) {
            throw new IllegalArgumentException("the write backlog bound must be at least 2 bytes, got "
                    + maxBacklogBytes);
        }
        this.channel = channel;
        this.description = "tls connection of " + SecurityFacts.addressOf(channel.remoteAddress());
        int high = (int) Math.min(Integer.MAX_VALUE, maxBacklogBytes);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(high / 2, high));
        channel.config().setAutoRead(false);
        channel.pipeline().addLast("netconf", this);
    }

    /** Starts delivering the peer's bytes (those that came already first) to {@code target}. */
    public void attach(ByteReceiver target) {
        onEventLoop(() -> {
            receiver = target;
            while (!held.isEmpty()) {
                byte[] bytes = held.poll();
                target.receive(bytes, 0, bytes.length);
            }
            if (ended) {
                target.transportClosed();
                return;
            }
            updateReading();
        });
    }

    @Override
    public void send(byte[] bytes) {
        if (closed) {
            return;
        }
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(future -> {
            if (!future.isSuccess() && !closed) {
                LOG.debug("writing to {} failed: {}", description, String.valueOf(future.cause()));
                closed = true;
                channel.close();
            }
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // after the writes queued before this one
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void pauseReading() {
        onEventLoop(() -> {
            sessionPaused = true;
            updateReading();
        });
    }

    @Override
    public void resumeReading() {
        onEventLoop(() -> {
            sessionPaused = false;
            updateReading();
        });
    }

    @Override
    public String describe() {
        return description;
    }

    /** The channel under the transport, for the strategy that made it. */
    public Channel channel() {
        return channel;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buffer)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            int length = buffer.readableBytes();
            if (length == 0 || ended) {
                return;
            }
            if (receiver == null) {
                byte[] copy = new byte[length];
                buffer.readBytes(copy);
                held.add(copy);
            } else if (buffer.hasArray()) {
                receiver.receive(buffer.array(), buffer.arrayOffset() + buffer.readerIndex(), length);
            } else {
                byte[] copy = new byte[length];
                buffer.readBytes(copy);
                receiver.receive(copy, 0, length);
            }
        } finally {
            buffer.release();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateReading();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        if (!ended) {
            ended = true;
            if (receiver != null) {
                receiver.transportClosed();
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{} failed: {}", description, cause.toString());
        ctx.close();
    }

    /** Reads while attached, the session takes more and the peer reads what we send. */
    private void updateReading() {
        channel.config().setAutoRead(receiver != null && !sessionPaused && !ended && channel.isWritable());
    }

    private void onEventLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }
}
