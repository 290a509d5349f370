package org.callhome.nms.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the HTTP API takes from its clients: the {@code Host} names it answers to, and how much a
 * client may hold (connections, event streams) and for how long. Each bound is positive and has a
 * ceiling; none means unlimited.
 *
 * @param allowedHosts            {@code host} (any port) or {@code host:port} entries a request's {@code Host}
 *                                header must match; empty: the loopback names and addresses and the
 *                                {@code --http} host (any IP address when that is a wildcard address)
 * @param maxHeaderBytes          the request line and headers together, past which a request is refused (431)
 * @param idleTimeout             a connection on which nothing is read or written this long is closed
 * @param requestTimeout          a request's headers and body must have arrived this long after the connection
 *                                opened or the previous response ended; otherwise the connection is closed
 * @param maxConnectionsPerSource connections open at once from one IP address; more are closed on accept
 * @param maxStreamsPerSource     event streams ({@code /api/events}) open at once from one IP address (503 past it)
 * @param streamWriteTimeout      an event stream whose write queue stays full this long is closed
 */
public record HttpLimits(List<String> allowedHosts, int maxHeaderBytes, Duration idleTimeout,
                         Duration requestTimeout, int maxConnectionsPerSource, int maxStreamsPerSource,
                         Duration streamWriteTimeout) {

    public static final int DEFAULT_MAX_HEADER_BYTES = 8 * 1024;
    public static final int MAX_HEADER_BYTES_CEILING = 64 * 1024;
    /** Longer than the event stream's 15-second heartbeat, which keeps a quiet stream from counting as idle. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
    public static final int DEFAULT_MAX_CONNECTIONS_PER_SOURCE = 32;
    public static final int DEFAULT_MAX_STREAMS_PER_SOURCE = 8;
    public static final Duration DEFAULT_STREAM_WRITE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    private static final int MAX_PER_SOURCE = 10_000;

    public static final HttpLimits DEFAULT = new HttpLimits(List.of(), DEFAULT_MAX_HEADER_BYTES, DEFAULT_IDLE_TIMEOUT,
            DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_CONNECTIONS_PER_SOURCE, DEFAULT_MAX_STREAMS_PER_SOURCE,
            DEFAULT_STREAM_WRITE_TIMEOUT);

    public HttpLimits {
        allowedHosts = allowedHosts.stream().map(host -> host.strip().toLowerCase(Locale.ROOT)).toList();
        for (String host : allowedHosts) {
            if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c >= 0x7f || c == '/' || c == '@')) {
                throw new IllegalArgumentException("an allowed host is a name or address with an optional :port, "
                        + "not '" + host + "'");
            }
        }
        if (maxHeaderBytes < 1024 || maxHeaderBytes > MAX_HEADER_BYTES_CEILING) {
            throw new IllegalArgumentException("max header bytes must be 1024 to " + MAX_HEADER_BYTES_CEILING
                    + ", got " + maxHeaderBytes);
        }
        requireTimeout("idle timeout", idleTimeout);
        requireTimeout("request timeout", requestTimeout);
        requireTimeout("stream write timeout", streamWriteTimeout);
        if (maxConnectionsPerSource < 1 || maxConnectionsPerSource > MAX_PER_SOURCE) {
            throw new IllegalArgumentException("connections per source must be 1 to " + MAX_PER_SOURCE + ", got "
                    + maxConnectionsPerSource);
        }
        if (maxStreamsPerSource < 1 || maxStreamsPerSource > maxConnectionsPerSource) {
            throw new IllegalArgumentException("event streams per source must be 1 to the connections per source ("
                    + maxConnectionsPerSource + "), got " + maxStreamsPerSource);
        }
    }

    /** These limits with other allowed hosts. */
    public HttpLimits withAllowedHosts(List<String> hosts) {
        return new HttpLimits(hosts, maxHeaderBytes, idleTimeout, requestTimeout, maxConnectionsPerSource,
                maxStreamsPerSource, streamWriteTimeout);
    }

    private static void requireTimeout(String name, Duration timeout) {
        Objects.requireNonNull(timeout, name);
        if (timeout.toMillis() < 1 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(name + " must be 1 ms to 1 hour, got " + timeout);
        }
    }
}
