package org.callhome.nms.trust;

import java.security.PublicKey;
import java.time.Instant;
import java.util.Objects;
import org.callhome.nms.trust.TrustStore.Approval;
import org.callhome.nms.trust.TrustedDevice.Source;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.text.DeviceIds;

/**
 * The approval rule: a device approved through the API ({@link Source#API}), or by the key learnt at
 * the end of its zero-touch bootstrap ({@link Source#ZERO_TOUCH}), is trusted from its next
 * connection on, and its key is no longer revoked. One id is one device and one key is one device,
 * whatever trusted them: an id trusted otherwise must be revoked first. Approving the same id with
 * the same key and strategy again changes nothing. Constructing one refuses, with an
 * {@link IllegalArgumentException}, an id the API does not accept and notes that are too long.
 */
record ApproveThroughApi(String id, CallHomeStrategy strategy, PublicKey key, NmsCredentials credentials,
                         String notes, Source source) implements TrustChange<Approval, TrustConflictException> {

    private static final int MAX_NOTES = 1024;

    ApproveThroughApi {
        String problem = problemWithId(id);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (notes != null && notes.length() > MAX_NOTES) {
            throw new IllegalArgumentException("notes longer than " + MAX_NOTES + " characters");
        }
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(source, "source");
    }

    /** An approval through the API ({@link Source#API}). */
    ApproveThroughApi(String id, CallHomeStrategy strategy, PublicKey key, NmsCredentials credentials, String notes) {
        this(id, strategy, key, credentials, notes, Source.API);
    }

    /** Why the API cannot take {@code id} as a device id, or null if it can: the one rule, {@link DeviceIds}. */
    static String problemWithId(String id) {
        return DeviceIds.problemWith(id);
    }

    @Override
    public Applied<Approval> applyTo(TrustSnapshot before, Instant now) throws TrustConflictException {
        String fingerprint = SshKeys.fingerprint(key);
        TrustedDevice existing = before.device(id).orElse(null);
        if (existing != null) {
            if (existing.strategy() == strategy && existing.fingerprint().equals(fingerprint)) {
                return new Applied<>(before, new Approval(existing, false));
            }
            throw new TrustConflictException("device '" + id + "' is already trusted"
                    + (existing.strategy() != strategy ? " for " + existing.strategy().wireName()
                    : " with another key (" + existing.fingerprint() + ")") + "; revoke it first");
        }
        TrustSnapshot.Draft draft = before.draft();
        String owner = draft.ownerOf(fingerprint, id);
        if (owner != null) {
            throw new TrustConflictException("key " + fingerprint + " is already trusted for device '" + owner
                    + "'; each device needs its own key");
        }
        TrustedDevice device = new TrustedDevice(id, strategy, key, fingerprint, credentials, notes, now, source);
        draft.liftRevocation(fingerprint);
        draft.trust(device);
        return new Applied<>(draft.snapshot(), new Approval(device, true));
    }
}
