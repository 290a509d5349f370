package org.callhome.device.strategy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.callhome.shared.threads.DaemonThreads;

/**
 * The event loops a device's Netty channels (TLS call home) run on, as {@link SshIo} is for MINA.
 * A device alone ({@link #own()}) gets a group of one loop when its half starts, closed with the
 * half (a device has one connection at a time). A fleet ({@link #shared}) gives every device's half
 * the same group, so that the threads of N devices do not grow with N; a half's close then closes
 * only its channels, and the fleet closes the group last ({@link #close()}). Netty starts a loop's
 * thread when the loop is first given a channel, so a fleet of SSH devices never starts one.
 */
public final class NettyIo implements AutoCloseable {

    private static final NettyIo OWN = new NettyIo(null);
    /** How long a closing group lets a channel still open finish what it was writing. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final EventLoopGroup group;

    private NettyIo(EventLoopGroup group) {
        this.group = group;
    }

    /** Each half its own one-loop group, as a device running alone has. */
    public static NettyIo own() {
        return OWN;
    }

    /** One group of {@code ioThreads} loops (threads named {@code device-tls-io}) for every half of a fleet. */
    public static NettyIo shared(int ioThreads) {
        if (ioThreads < 1 || ioThreads > 256) {
            throw new IllegalArgumentException("I/O threads must be between 1 and 256, got " + ioThreads);
        }
        return new NettyIo(newGroup(ioThreads));
    }

    /** Whether this is a fleet's shared group. */
    public boolean isShared() {
        return group != null;
    }

    /** The group a half runs its channels on: the fleet's, or a new one-loop group it gives back with {@link #release}. */
    public EventLoopGroup acquire() {
        return group != null ? group : newGroup(1);
    }

    /** Gives back what {@link #acquire} returned: a half's own group is shut down, the fleet's stays. */
    public void release(EventLoopGroup acquired) {
        Objects.requireNonNull(acquired, "acquired");
        if (acquired != group) {
            shutdown(acquired);
        }
    }

    /** Stops the fleet's loops; the devices on them must be closed first. No-op for {@link #own()}. */
    @Override
    public void close() {
        if (group != null) {
            shutdown(group);
        }
    }

    private static EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, DaemonThreads.named("device-tls-io"),
                NioIoHandler.newFactory());
    }

    private static void shutdown(EventLoopGroup group) {
        group.shutdownGracefully(0, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(CLOSE_GRACE.toMillis() * 2);
    }
}
