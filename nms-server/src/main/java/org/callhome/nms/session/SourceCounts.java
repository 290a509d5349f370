package org.callhome.nms.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections (or streams) held per source. A source is in the table only while it holds one, so
 * the table never holds more entries than there are connections, which each user bounds: the
 * startup limiter's connections in progress, the HTTP API's connections and event streams.
 * Thread-safe.
 */
public final class SourceCounts {

    private final Map<Object, Integer> counts = new ConcurrentHashMap<>();

    /** Counts one more connection of {@code source} unless it has {@code max} already; whether it did. */
    public boolean tryTake(Object source, int max) {
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
    public void release(Object source) {
        counts.computeIfPresent(source, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** How many {@code source} holds. */
    public int count(Object source) {
        return counts.getOrDefault(source, 0);
    }

    /** Sources with a connection in progress. */
    int size() {
        return counts.size();
    }
}
