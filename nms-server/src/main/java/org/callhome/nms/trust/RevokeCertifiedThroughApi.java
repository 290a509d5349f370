package org.callhome.nms.trust;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The revocation rule for a device that a certificate identified: it is in no trust file and was
 * never approved, so no trust can be withdrawn; instead its id is recorded as revoked, with the key
 * it last used, and from then on every NMS half refuses a certificate naming that id
 * ({@link DeviceTrust#revocationOf}) until the id is approved through the API. An id that is trusted
 * is {@link RevokeThroughApi}'s to revoke and is left alone here; revoking an id whose revocation
 * stands changes nothing.
 *
 * @param fingerprint the key the device's certificate certified when it was last seen
 */
record RevokeCertifiedThroughApi(String id, String fingerprint)
        implements TrustChange<Optional<Revocation>, RuntimeException> {

    RevokeCertifiedThroughApi {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** The revocation now standing against the id; empty when the id is trusted. */
    @Override
    public Applied<Optional<Revocation>> applyTo(TrustSnapshot before, Instant now) {
        if (before.device(id).isPresent()) {
            return new Applied<>(before, Optional.empty());
        }
        Revocation standing = before.standingRevocationsById().get(id);
        if (standing != null) {
            return new Applied<>(before, Optional.of(standing));
        }
        Revocation revocation = new Revocation(id, fingerprint, now);
        TrustSnapshot.Draft draft = before.draft();
        draft.revoke(revocation);
        return new Applied<>(draft.snapshot(), Optional.of(revocation));
    }
}
