package org.callhome.compare.model;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One figure across the cost runs of a strategy (--repeat): its smallest, median and largest
 * value. With one run the three are that run's value.
 *
 * @param runs how many runs the figure comes from
 */
public record Spread(double min, double median, double max, int runs) {

    public Spread {
        if (runs < 1) {
            throw new IllegalArgumentException("a spread needs at least one run, got " + runs);
        }
        if (!(min <= median && median <= max)) {
            throw new IllegalArgumentException("min " + min + ", median " + median + ", max " + max + " out of order");
        }
    }

    /** The spread of {@code values}, one per run; an even count takes the mean of the middle two as median. */
    public static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a spread needs at least one run");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int size = sorted.size();
        double median = size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
        return new Spread(sorted.get(0), median, sorted.get(size - 1), size);
    }

    /** Whether the two ranges share a value: runs of one could have produced the other's figure. */
    public boolean overlaps(Spread other) {
        return min <= other.max && other.min <= max;
    }

    public JsonObject toJson() {
        return new JsonObject().put("min", min).put("median", median).put("max", max);
    }
}
