package org.callhome.nms.trust;

import java.security.PublicKey;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * What one strategy's NMS half may accept in one {@link TrustSnapshot}: its devices' keys, indexed
 * for the lookup at every connection, their NMS credentials, and the ids revoked through the API. Immutable, built once per
 * snapshot, so MINA I/O threads read it without a lock.
 */
final class SnapshotTrust implements DeviceTrust {

    private final KnownDevices keys;
    private final Map<String, NmsCredentials> credentials;
    private final Map<String, Revocation> revokedIds;
    private final Map<String, PublicKey> pinnedById;

    private SnapshotTrust(KnownDevices keys, Map<String, NmsCredentials> credentials,
                          Map<String, Revocation> revokedIds, Map<String, PublicKey> pinnedById) {
        this.keys = keys;
        this.credentials = credentials;
        this.revokedIds = revokedIds;
        this.pinnedById = pinnedById;
    }

    /** One for each strategy, an empty one where no device of it is trusted. */
    /** @param revokedIds the snapshot's {@link TrustSnapshot#standingRevocationsById()}, made once for every view */
    static Map<CallHomeStrategy, DeviceTrust> of(TrustSnapshot snapshot, Map<String, Revocation> revokedIds) {
        Map<CallHomeStrategy, Map<String, PublicKey>> keys = new EnumMap<>(CallHomeStrategy.class);
        Map<CallHomeStrategy, Map<String, NmsCredentials>> credentials = new EnumMap<>(CallHomeStrategy.class);
        Map<String, PublicKey> pinnedById = new HashMap<>();
        for (CallHomeStrategy strategy : CallHomeStrategy.values()) {
            keys.put(strategy, new LinkedHashMap<>());
            credentials.put(strategy, new HashMap<>());
        }
        for (TrustedDevice device : snapshot.devices().values()) {
            keys.get(device.strategy()).put(device.id(), device.key());
            pinnedById.put(device.id(), device.key());
            if (device.credentials() != null) {
                credentials.get(device.strategy()).put(device.id(), device.credentials());
            }
        }
        // an id is one device whatever its strategy: a revoked id is refused by every strategy, a pin seen by both
        Map<String, PublicKey> pins = Map.copyOf(pinnedById);
        Map<CallHomeStrategy, DeviceTrust> views = new EnumMap<>(CallHomeStrategy.class);
        for (CallHomeStrategy strategy : CallHomeStrategy.values()) {
            views.put(strategy, new SnapshotTrust(KnownDevices.of(keys.get(strategy)),
                    Map.copyOf(credentials.get(strategy)), revokedIds, pins));
        }
        return Collections.unmodifiableMap(views);
    }

    @Override
    public Optional<String> deviceFor(PublicKey key) {
        return keys.deviceFor(key);
    }

    @Override
    public Optional<PublicKey> keyOf(String deviceId) {
        return keys.keyOf(deviceId);
    }

    @Override
    public Optional<PublicKey> pinnedKeyOf(String deviceId) {
        return Optional.ofNullable(pinnedById.get(deviceId));
    }

    @Override
    public int size() {
        return keys.asMap().size();
    }

    @Override
    public Optional<NmsCredentials> credentialsFor(String deviceId) {
        return Optional.ofNullable(credentials.get(deviceId));
    }

    @Override
    public Optional<Revocation> revocationOf(String deviceId) {
        return Optional.ofNullable(revokedIds.get(deviceId));
    }
}
