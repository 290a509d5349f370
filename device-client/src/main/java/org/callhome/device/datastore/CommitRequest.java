package org.callhome.device.datastore;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The parameters of a {@code <commit>} (RFC 6241 §8.3.4.1, §8.4.5.1).
 *
 * @param confirmed     a confirmed commit: running rolls back unless confirmed within {@code timeout}
 * @param timeout       the confirm-timeout, from 1 second; {@link #DEFAULT_TIMEOUT} when not given
 * @param persist       the token that lets any session confirm or cancel, instead of only this one
 * @param persistId     the token of the pending confirmed commit this commit confirms or follows up
 */
public record CommitRequest(boolean confirmed, Duration timeout, Optional<String> persist, Optional<String> persistId) {

    /** RFC 6241 §8.4.5.1: 600 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(600);

    /** The longest persist token kept (it is stored in the data folder and compared on each confirm). */
    public static final int MAX_PERSIST_CHARS = 256;

    public CommitRequest {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(persist, "persist");
        Objects.requireNonNull(persistId, "persistId");
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("confirm-timeout must be at least 1 second, not " + timeout);
        }
        if (!confirmed && persist.isPresent()) {
            throw new IllegalArgumentException("persist belongs to a confirmed commit");
        }
        if (persist.map(String::length).orElse(0) > MAX_PERSIST_CHARS) {
            throw new IllegalArgumentException("persist is longer than " + MAX_PERSIST_CHARS + " characters");
        }
    }

    /** A plain commit, which also confirms a pending confirmed commit of the same session. */
    public static CommitRequest plain() {
        return new CommitRequest(false, DEFAULT_TIMEOUT, Optional.empty(), Optional.empty());
    }
}
