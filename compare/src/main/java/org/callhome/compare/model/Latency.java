package org.callhome.compare.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * A latency distribution in milliseconds: percentiles from an HdrHistogram (microsecond
 * resolution, 3 significant digits) and every raw sample, in the order taken.
 *
 * @param method how each sample was taken
 */
public record Latency(long count, double p50, double p90, double p99, double max, double mean, List<Double> samples,
                      String method) {

    public Latency {
        samples = List.copyOf(samples);
        Objects.requireNonNull(method, "method");
    }

    /** The distribution of {@code samplesMillis}; all zero when there are none. */
    public static Latency of(List<Double> samplesMillis, String method) {
        Histogram histogram = new Histogram(3_600_000_000L, 3);
        for (double millis : samplesMillis) {
            histogram.recordValue(Math.max(0, Math.min(3_600_000_000L, Math.round(millis * 1000))));
        }
        if (samplesMillis.isEmpty()) {
            return new Latency(0, 0, 0, 0, 0, 0, samplesMillis, method);
        }
        return new Latency(histogram.getTotalCount(), ms(histogram.getValueAtPercentile(50)),
                ms(histogram.getValueAtPercentile(90)), ms(histogram.getValueAtPercentile(99)),
                ms(histogram.getMaxValue()), histogram.getMean() / 1000.0, samplesMillis, method);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    public JsonObject toJson() {
        return new JsonObject().put("count", count).put("p50Ms", p50).put("p90Ms", p90).put("p99Ms", p99)
                .put("maxMs", max).put("meanMs", mean).put("method", method)
                .put("samplesMs", new JsonArray(List.copyOf(samples)));
    }
}
