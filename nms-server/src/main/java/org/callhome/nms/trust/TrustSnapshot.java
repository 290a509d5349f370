package org.callhome.nms.trust;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What is trusted at one moment: the trusted devices by id and the keys revoked through the API
 * by fingerprint, each in the order it was added (the order of the file and of the API's lists).
 * Immutable, so that any thread may read one without a lock; a change is made on a {@link Draft}
 * and frozen into the next snapshot.
 */
record TrustSnapshot(Map<String, TrustedDevice> devices, Map<String, Revocation> revocations, long revision) {

    static final TrustSnapshot EMPTY = new TrustSnapshot(Map.of(), Map.of(), 0);

    /**
     * @param revision how many changes through the store made it: each change saved adds one, so
     *                 that of two copies of a store (the nodes of a cluster) the one with the higher
     *                 revision is the newer
     */
    TrustSnapshot {
        devices = Collections.unmodifiableMap(new LinkedHashMap<>(devices));
        revocations = Collections.unmodifiableMap(new LinkedHashMap<>(revocations));
    }

    /** The same trust as of another revision. */
    TrustSnapshot withRevision(long other) {
        return new TrustSnapshot(devices, revocations, other);
    }

    Optional<TrustedDevice> device(String id) {
        return Optional.ofNullable(devices.get(id));
    }

    /**
     * The revocations that still refuse their id ({@link DeviceTrust#revocationOf}), by id: for each
     * id no device is trusted with, the latest revocation naming it.
     */
    Map<String, Revocation> standingRevocationsById() {
        Map<String, Revocation> byId = new HashMap<>();
        for (Revocation revocation : revocations.values()) {
            if (!devices.containsKey(revocation.id())) {
                byId.merge(revocation.id(), revocation,
                        (one, other) -> other.revokedAt().isBefore(one.revokedAt()) ? one : other);
            }
        }
        return Map.copyOf(byId);
    }

    /** A copy to change; the snapshot itself stays as it is. */
    Draft draft() {
        return new Draft(this);
    }

    /** A working copy of a snapshot, owned by the one change that makes it. */
    static final class Draft {

        private final Map<String, TrustedDevice> devices;
        private final Map<String, Revocation> revocations;
        private final long revision;

        private Draft(TrustSnapshot from) {
            devices = new LinkedHashMap<>(from.devices());
            revocations = new LinkedHashMap<>(from.revocations());
            revision = from.revision();
        }

        Optional<TrustedDevice> device(String id) {
            return Optional.ofNullable(devices.get(id));
        }

        /** The id of a device other than {@code except} trusted with this key, or null. */
        String ownerOf(String fingerprint, String except) {
            for (TrustedDevice device : devices.values()) {
                if (device.fingerprint().equals(fingerprint) && !device.id().equals(except)) {
                    return device.id();
                }
            }
            return null;
        }

        Optional<Revocation> revocationOf(String fingerprint) {
            return Optional.ofNullable(revocations.get(fingerprint));
        }

        /** Trusts {@code device}, in place of a device of the same id. */
        void trust(TrustedDevice device) {
            devices.put(device.id(), device);
        }

        Optional<TrustedDevice> distrust(String id) {
            return Optional.ofNullable(devices.remove(id));
        }

        void distrustIf(Predicate<TrustedDevice> dropped) {
            devices.values().removeIf(dropped);
        }

        void revoke(Revocation revocation) {
            revocations.put(revocation.fingerprint(), revocation);
        }

        void liftRevocation(String fingerprint) {
            revocations.remove(fingerprint);
        }

        TrustSnapshot snapshot() {
            return new TrustSnapshot(devices, revocations, revision);
        }
    }
}
