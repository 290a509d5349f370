package org.callhome.nms.session;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.callhome.nms.config.StartupLimits;
import org.callhome.shared.strategy.SecurityFacts;

/**
 * Admission control for the connections of one device-facing listener that have not authenticated
 * yet, like OpenSSH's MaxStartups and PerSourceMaxStartups ({@link StartupLimits}). It decides in
 * the listener's {@link IoHandler} ({@link #guard}), when TCP is accepted and before MINA creates an
 * SSH session: a refused connection is closed there and leaves nothing behind. An admitted one
 * holds its place until it authenticates or closes, and is closed if its first key exchange is not
 * done within the key-exchange deadline. Without it, a thousand devices calling back at once after
 * an NMS restart all share the CPU, all miss the authentication deadline and none gets in; and one
 * host that opens connections and sends nothing keeps every device out.
 *
 * <p>The SSH listeners put it in MINA's handler ({@link #guard}); the tls listener, on Netty, asks
 * {@link #admit(SocketAddress, Runnable)} itself and releases the place when its handshake ends.
 * Runs on the I/O threads (accept, events) and on {@code timers} (deadlines); no locks.
 */
public final class StartupLimiter implements SessionListener {

    /** Why a connection was closed before key exchange; the word is the metrics' {@code reason}. */
    public enum Refusal {
        /** As many connections as {@code full} are in progress. */
        FULL,
        /** Random early drop, between {@code start} and {@code full} connections in progress. */
        EARLY_DROP,
        /** Its source has {@code perSource} connections in progress. */
        PER_SOURCE,
        /** Admitted, it did not finish key exchange within {@code kexTimeout}. */
        KEX_TIMEOUT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static final String ADMISSION = StartupLimiter.class.getName() + ".admission";

    private final StartupLimits limits;
    private final ScheduledExecutorService timers;
    private final Consumer<Refusal> onRefused;
    private final DoubleSupplier random;
    private final RefusalLog log;
    private final SourceCounts sources = new SourceCounts();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param listener  what the log calls the listener, e.g. the strategy's name
     * @param timers    runs the key-exchange deadlines; never blocked
     * @param onRefused told of every connection refused or timed out before key exchange (for metrics)
     */
    public StartupLimiter(StartupLimits limits, String listener, ScheduledExecutorService timers,
                          Consumer<Refusal> onRefused) {
        this(limits, listener, timers, onRefused, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** As the public constructor, drawing the early drops from {@code random} (values in [0, 1)). */
    StartupLimiter(StartupLimits limits, String listener, ScheduledExecutorService timers,
                   Consumer<Refusal> onRefused, DoubleSupplier random) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.onRefused = Objects.requireNonNull(onRefused, "onRefused");
        this.random = Objects.requireNonNull(random, "random");
        this.log = new RefusalLog(listener, limits);
    }

    /** {@code sessions}, MINA's handler that makes an SSH session of each connection, behind this admission. */
    public IoHandler guard(IoHandler sessions) {
        return new StartupGuard(this, sessions);
    }

    /** Connections admitted and not yet authenticated or closed. */
    public int pending() {
        return pending.get();
    }

    /** Sources with a connection admitted and not yet authenticated or closed. */
    int sourcesInProgress() {
        return sources.size();
    }

    /** Connections refused or timed out before key exchange so far. */
    public long refused() {
        return refused.get();
    }

    /**
     * The chance that a new connection is refused with {@code pending} connections in progress:
     * none below {@code start}, {@code rate}% at it, rising linearly to certain at {@code full}.
     */
    static double dropChance(StartupLimits limits, int pending) {
        if (pending >= limits.full()) {
            return 1;
        }
        if (pending < limits.start()) {
            return 0;
        }
        double rate = limits.ratePercent();
        return (rate + (100 - rate) * (pending - limits.start()) / (limits.full() - limits.start())) / 100;
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        Admission admission = admissionOf(session.getIoSession());
        if (admission == null) {
            return;
        }
        if (event == Event.KeyEstablished) {
            admission.keyExchanged();
        } else if (event == Event.Authenticated) {
            release(admission);
        }
    }

    @Override
    public void sessionClosed(Session session) {
        Admission admission = admissionOf(session.getIoSession());
        if (admission != null) {
            release(admission);
        }
    }

    /** Admits {@code connection}, or refuses it and says why; on the acceptor's thread. */
    Admission admit(IoSession connection) {
        Admission admission = admit(connection.getRemoteAddress(), () -> connection.close(true)).orElse(null);
        if (admission != null) {
            connection.setAttribute(ADMISSION, admission);
        }
        return admission;
    }

    /**
     * Admits a connection from {@code remote} of a transport that is not MINA's (tls), or refuses
     * it, counted and logged with why, and returns empty: the caller then closes it. An admitted one
     * holds its place until {@link #release}; {@code close} ends it if its first key exchange (the
     * TLS handshake) is not {@linkplain Admission#keyExchanged done} within the key-exchange deadline.
     */
    public Optional<Admission> admit(SocketAddress remote, Runnable close) {
        Object source = sourceOf(remote);
        if (!sources.tryTake(source, limits.perSource())) {
            refuse(Refusal.PER_SOURCE, remote);
            return Optional.empty();
        }
        while (true) {
            int now = pending.get();
            Refusal refusal = now >= limits.full() ? Refusal.FULL
                    : now >= limits.start() && random.getAsDouble() < dropChance(limits, now) ? Refusal.EARLY_DROP
                    : null;
            if (refusal != null) {
                sources.release(source);
                refuse(refusal, remote);
                return Optional.empty();
            }
            if (pending.compareAndSet(now, now + 1)) {
                break;
            }
        }
        Admission admission = new Admission(source);
        admission.deadline(timers.schedule(() -> expire(remote, close, admission), limits.kexTimeout().toMillis(),
                TimeUnit.MILLISECONDS));
        return Optional.of(admission);
    }

    /** The admission of {@code connection}, or null if it was refused (or never came through the guard). */
    static Admission admissionOf(IoSession connection) {
        return connection == null ? null : (Admission) connection.getAttribute(ADMISSION);
    }

    /** Gives the place of {@code admission} back, once however often it is called. */
    public void release(Admission admission) {
        if (admission.release()) {
            pending.decrementAndGet();
            sources.release(admission.source());
        }
    }

    private void expire(SocketAddress remote, Runnable close, Admission admission) {
        if (admission.keyExchangeDone() || !admission.held()) {
            return;
        }
        refuse(Refusal.KEX_TIMEOUT, remote);
        release(admission);
        close.run();
    }

    private void refuse(Refusal refusal, SocketAddress remote) {
        refused.incrementAndGet();
        log.refused(refusal, SecurityFacts.addressOf(remote), pending.get());
        onRefused.accept(refusal);
    }

    /** Who a limit per source counts against: an IPv4 address, an IPv6 /64 (what one host is routed). */
    static Object sourceOf(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return String.valueOf(remote);
        }
        InetAddress address = inet.getAddress();
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        try {
            return InetAddress.getByAddress(Arrays.copyOf(Arrays.copyOf(address.getAddress(), 8), 16));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }
}
