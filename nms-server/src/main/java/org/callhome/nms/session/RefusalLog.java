package org.callhome.nms.session;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.callhome.nms.config.StartupLimits;
import org.callhome.nms.session.StartupLimiter.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of a limiter's refusals, which a flood must not turn into a flood of lines: each reason
 * is logged when it first happens, then at most once per {@link #INTERVAL} with the number refused
 * since its last line. Called on MINA's I/O threads and the timer; lock-free.
 */
final class RefusalLog {

    static final Duration INTERVAL = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(StartupLimiter.class);

    private final String listener;
    private final StartupLimits limits;
    private final Map<Refusal, Line> lines = new EnumMap<>(Refusal.class);

    RefusalLog(String listener, StartupLimits limits) {
        this.listener = listener;
        this.limits = limits;
        long now = System.nanoTime();
        for (Refusal refusal : Refusal.values()) {
            lines.put(refusal, new Line(now));
        }
    }

    void refused(Refusal refusal, String address, int pending) {
        Line line = lines.get(refusal);
        line.unlogged.incrementAndGet();
        long now = System.nanoTime();
        long due = line.due.get();
        if (now - due < 0 || !line.due.compareAndSet(due, now + INTERVAL.toNanos())) {
            return;
        }
        long count = line.unlogged.getAndSet(0);
        LOG.warn("{}: closed {} connection(s) before key exchange since the last such line, the last from {}: {} "
                + "({} in progress); the devices among them call again after their backoff", listener, count,
                address, why(refusal), pending);
    }

    private String why(Refusal refusal) {
        return switch (refusal) {
            case FULL -> limits.full() + " connections were between accept and authentication (--max-startups "
                    + limits.maxStartups() + ")";
            case EARLY_DROP -> "random early drop past " + limits.start() + " connections in progress (--max-startups "
                    + limits.maxStartups() + ")";
            case PER_SOURCE -> "its source had " + limits.perSource()
                    + " connections in progress (--per-source-max-startups)";
            case KEX_TIMEOUT -> "no key exchange within " + limits.kexTimeout().toMillis() + " ms (--kex-timeout)";
        };
    }

    private static final class Line {
        final AtomicLong due;
        final AtomicLong unlogged = new AtomicLong();

        Line(long due) {
            this.due = new AtomicLong(due);
        }
    }
}
