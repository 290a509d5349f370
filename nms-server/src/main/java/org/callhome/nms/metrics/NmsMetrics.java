package org.callhome.nms.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.callhome.nms.session.DeviceState;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NmsHalf.Rejection;

/**
 * What the NMS measures about call home, per strategy, in two forms: Micrometer meters for
 * {@code GET /metrics} (Prometheus text), and HdrHistograms since start for the dashboard's
 * side-by-side panel ({@link #summary}). Meter names, as Prometheus shows them:
 * <ul>
 * <li>{@code callhome_sessions{strategy,state}}: devices in each state now;</li>
 * <li>{@code callhome_handshakes_total{strategy,outcome}}: connections that reached NETCONF
 *     ({@code ok}) or failed after the device's key was accepted ({@code failed});</li>
 * <li>{@code callhome_handshake_seconds{strategy}}: TCP connection to the device's NETCONF hello
 *     (histogram);</li>
 * <li>{@code callhome_rejections_total{strategy,reason}}: keys and certificates refused, by
 *     {@link Rejection#refusal()}: a {@code RejectionKind}, or for a certificate why it was refused;</li>
 * <li>{@code callhome_rpc_seconds{strategy,outcome}}: RPCs sent through the API (histogram);</li>
 * <li>{@code callhome_startups_refused_total{strategy,reason}}: connections closed before key exchange;
 *     reason full or early-drop ({@code --max-startups}), per-source ({@code --per-source-max-startups}),
 *     kex-timeout ({@code --kex-timeout}).</li>
 * </ul>
 * Thread-safe.
 */
public final class NmsMetrics {

    /** The Prometheus histogram buckets of both latencies: a few, from LAN handshakes to a congested WAN. */
    private static final Duration[] BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    /** Longest duration the histograms hold; longer ones are clamped to it. */
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final MeterRegistry meters;
    private final Map<CallHomeStrategy, Map<DeviceState, AtomicInteger>> sessions = new EnumMap<>(CallHomeStrategy.class);
    private final Map<CallHomeStrategy, Histogram> handshakes = new EnumMap<>(CallHomeStrategy.class);
    private final Map<CallHomeStrategy, Histogram> rpcs = new EnumMap<>(CallHomeStrategy.class);
    private final Map<CallHomeStrategy, AtomicInteger> failedHandshakes = new EnumMap<>(CallHomeStrategy.class);
    private final Map<CallHomeStrategy, AtomicInteger> rejections = new EnumMap<>(CallHomeStrategy.class);

    public NmsMetrics(MeterRegistry meters) {
        this.meters = meters;
        for (CallHomeStrategy strategy : CallHomeStrategy.values()) {
            Map<DeviceState, AtomicInteger> byState = new EnumMap<>(DeviceState.class);
            for (DeviceState state : DeviceState.values()) {
                AtomicInteger count = new AtomicInteger();
                byState.put(state, count);
                Gauge.builder("callhome.sessions", count, AtomicInteger::get)
                        .description("Devices in each state, by the strategy they use")
                        .tag("strategy", strategy.wireName()).tag("state", state.wireName())
                        .register(meters);
            }
            sessions.put(strategy, byState);
            handshakes.put(strategy, new Histogram(MAX_MICROS, 3));
            rpcs.put(strategy, new Histogram(MAX_MICROS, 3));
            failedHandshakes.put(strategy, new AtomicInteger());
            rejections.put(strategy, new AtomicInteger());
        }
    }

    /** Replaces the per-state device counts of every strategy. */
    public void states(Map<CallHomeStrategy, Map<DeviceState, Integer>> counts) {
        sessions.forEach((strategy, byState) -> byState.forEach((state, gauge) ->
                gauge.set(counts.getOrDefault(strategy, Map.of()).getOrDefault(state, 0))));
    }

    /** A connection reached NETCONF: its TCP connection to the device's hello took {@code duration}. */
    public void handshake(CallHomeStrategy strategy, Duration duration) {
        counter("callhome.handshakes", strategy, "outcome", "ok").increment();
        Timer.builder("callhome.handshake").description("TCP connection to the device's NETCONF hello")
                .tag("strategy", strategy.wireName()).serviceLevelObjectives(BUCKETS)
                .register(meters).record(duration);
        record(handshakes.get(strategy), duration);
    }

    /** A connection whose device key was accepted failed before NETCONF was up. */
    public void handshakeFailed(CallHomeStrategy strategy) {
        counter("callhome.handshakes", strategy, "outcome", "failed").increment();
        failedHandshakes.get(strategy).incrementAndGet();
    }

    /**
     * A connection closed before key exchange: too many connections in progress in all or from its source,
     * or no key exchange within the deadline; {@code reason} is the limiter's word for which.
     */
    public void startupRefused(CallHomeStrategy strategy, String reason) {
        Counter.builder("callhome.startups.refused").description("Connections closed before key exchange: too many "
                + "in progress (--max-startups, --per-source-max-startups) or none within --kex-timeout")
                .tag("strategy", strategy.wireName()).tag("reason", reason).register(meters).increment();
    }

    /** A key or certificate was refused; {@code refusal} is the one word for why ({@code Rejection.refusal()}). */
    public void rejected(CallHomeStrategy strategy, String refusal) {
        counter("callhome.rejections", strategy, "reason", refusal).increment();
        rejections.get(strategy).incrementAndGet();
    }

    /** An RPC sent through the API finished with {@code outcome} (ok, rpc-error, timeout, closed). */
    public void rpc(CallHomeStrategy strategy, String outcome, Duration duration) {
        Timer.builder("callhome.rpc").description("RPCs sent to devices through the API, until the reply")
                .tag("strategy", strategy.wireName()).tag("outcome", outcome).serviceLevelObjectives(BUCKETS)
                .register(meters).record(duration);
        record(rpcs.get(strategy), duration);
    }

    /**
     * For the dashboard: per strategy, devices by state, handshakes and RPCs with their latency
     * percentiles in milliseconds since the NMS started.
     */
    public JsonObject summary(CallHomeStrategy strategy) {
        JsonObject states = new JsonObject();
        sessions.get(strategy).forEach((state, count) -> states.put(state.wireName(), count.get()));
        return new JsonObject()
                .put("strategy", strategy.wireName())
                .put("devices", states)
                .put("handshakes", latency(handshakes.get(strategy))
                        .put("failed", failedHandshakes.get(strategy).get()))
                .put("rejections", rejections.get(strategy).get())
                .put("rpcs", latency(rpcs.get(strategy)));
    }

    private Counter counter(String name, CallHomeStrategy strategy, String tag, String value) {
        return Counter.builder(name).tag("strategy", strategy.wireName()).tag(tag, value).register(meters);
    }

    private static void record(Histogram histogram, Duration duration) {
        long micros = Math.max(0, Math.min(MAX_MICROS, duration.toNanos() / 1_000));
        synchronized (histogram) {
            histogram.recordValue(micros);
        }
    }

    private static JsonObject latency(Histogram histogram) {
        synchronized (histogram) {
            long count = histogram.getTotalCount();
            JsonObject json = new JsonObject().put("count", count);
            if (count > 0) {
                json.put("p50Millis", millis(histogram.getValueAtPercentile(50)))
                        .put("p90Millis", millis(histogram.getValueAtPercentile(90)))
                        .put("p99Millis", millis(histogram.getValueAtPercentile(99)))
                        .put("maxMillis", millis(histogram.getMaxValue()))
                        .put("meanMillis", Math.round(histogram.getMean()) / 1000.0);
            }
            return json;
        }
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
