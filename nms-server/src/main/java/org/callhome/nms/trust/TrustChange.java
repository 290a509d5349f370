package org.callhome.nms.trust;

import java.time.Instant;

/**
 * One rule of trust: how one kind of change (a trust file read at start, an approval or a
 * revocation through the API) turns what is trusted into what is trusted next. A rule only
 * computes: it reads the snapshot it is given, changes a draft of it and returns the next snapshot
 * with its answer, or refuses; {@link TrustStore} saves and publishes. Another way of trusting a
 * device (a certificate, say) is another rule beside these, with a {@link TrustedDevice.Source} of
 * its own, not a branch in each of them.
 *
 * @param <R> what the change answers its caller
 * @param <X> how it refuses a change that contradicts what is trusted
 */
interface TrustChange<R, X extends Exception> {

    /** The change applied to {@code before}, made at {@code now}; {@code before} itself is never changed. */
    Applied<R> applyTo(TrustSnapshot before, Instant now) throws X;

    /**
     * A change's outcome.
     *
     * @param after the next snapshot: the very one given if nothing changed, and then nothing is saved
     */
    record Applied<R>(TrustSnapshot after, R result) {
    }
}
