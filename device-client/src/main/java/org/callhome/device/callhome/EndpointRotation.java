package org.callhome.device.callhome;

import java.util.List;
import java.util.random.RandomGenerator;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.ReconnectStrategy;

/**
 * Which endpoint the next attempt goes to: each round starts where start-with says, tries one
 * endpoint max-attempts times, then the next, round robin, for as long as it takes. Remembers the
 * endpoint that last connected for last-connected. Confined to the dialer's serial executor.
 */
final class EndpointRotation {

    private final List<Endpoint> endpoints;
    private final ReconnectStrategy strategy;
    private final RandomGenerator random;
    private int index;
    private int attempt;
    /** Index of the endpoint that last accepted a connection, -1 before the first. */
    private int lastConnected = -1;

    EndpointRotation(List<Endpoint> endpoints, ReconnectStrategy strategy, RandomGenerator random) {
        this.endpoints = List.copyOf(endpoints);
        this.strategy = strategy;
        this.random = random;
    }

    /** Starts a round of attempts, after start-up or after a connection ended. */
    void beginRound() {
        index = switch (strategy.startWith()) {
            case FIRST_LISTED -> 0;
            case LAST_CONNECTED -> Math.max(lastConnected, 0);
            case RANDOM_SELECTION -> random.nextInt(endpoints.size());
        };
        attempt = 1;
    }

    Endpoint endpoint() {
        return endpoints.get(index);
    }

    /** 1 for the first attempt on the current endpoint in this turn. */
    int attemptOnEndpoint() {
        return attempt;
    }

    void failed() {
        if (attempt < strategy.maxAttempts()) {
            attempt++;
        } else {
            index = (index + 1) % endpoints.size();
            attempt = 1;
        }
    }

    void connected() {
        lastConnected = index;
    }
}
