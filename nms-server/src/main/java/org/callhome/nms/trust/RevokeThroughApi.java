package org.callhome.nms.trust;

import java.time.Instant;
import java.util.Optional;

/**
 * The revocation rule: a device revoked through the API is no longer trusted, whatever trusted it,
 * and its key is recorded as revoked so that a trust file listing it cannot bring it back; only an
 * approval can. Revoking an id that is not trusted changes nothing.
 */
record RevokeThroughApi(String id) implements TrustChange<Optional<TrustedDevice>, RuntimeException> {

    @Override
    public Applied<Optional<TrustedDevice>> applyTo(TrustSnapshot before, Instant now) {
        TrustSnapshot.Draft draft = before.draft();
        Optional<TrustedDevice> device = draft.distrust(id);
        if (device.isEmpty()) {
            return new Applied<>(before, Optional.empty());
        }
        draft.revoke(new Revocation(id, device.get().fingerprint(), now));
        return new Applied<>(draft.snapshot(), device);
    }
}
