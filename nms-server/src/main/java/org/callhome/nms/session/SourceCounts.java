package org.callhome.nms.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections in progress per source. A source is in the table only while it has one, so the
 * table never holds more entries than there are connections in progress, which the limiter bounds.
 */
final class SourceCounts {

    private final Map<Object, Integer> counts = new ConcurrentHashMap<>();

    /** Counts one more connection of {@code source} unless it has {@code max} already; whether it did. */
    boolean tryTake(Object source, int max) {
        boolean[] taken = {false};
        counts.compute(source, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= max) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /** One connection of {@code source} is no longer in progress. */
    void release(Object source) {
        counts.computeIfPresent(source, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** Sources with a connection in progress. */
    int size() {
        return counts.size();
    }
}
