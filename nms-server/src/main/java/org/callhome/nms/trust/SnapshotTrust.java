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
 * for the lookup at every connection, and their NMS credentials. Immutable, built once per
 * snapshot, so MINA I/O threads read it without a lock.
 */
final class SnapshotTrust implements DeviceTrust {

    private final KnownDevices keys;
    private final Map<String, NmsCredentials> credentials;

    private SnapshotTrust(KnownDevices keys, Map<String, NmsCredentials> credentials) {
        this.keys = keys;
        this.credentials = credentials;
    }

    /** One for each strategy, an empty one where no device of it is trusted. */
    static Map<CallHomeStrategy, DeviceTrust> of(TrustSnapshot snapshot) {
        Map<CallHomeStrategy, Map<String, PublicKey>> keys = new EnumMap<>(CallHomeStrategy.class);
        Map<CallHomeStrategy, Map<String, NmsCredentials>> credentials = new EnumMap<>(CallHomeStrategy.class);
        for (CallHomeStrategy strategy : CallHomeStrategy.values()) {
            keys.put(strategy, new LinkedHashMap<>());
            credentials.put(strategy, new HashMap<>());
        }
        for (TrustedDevice device : snapshot.devices().values()) {
            keys.get(device.strategy()).put(device.id(), device.key());
            if (device.credentials() != null) {
                credentials.get(device.strategy()).put(device.id(), device.credentials());
            }
        }
        Map<CallHomeStrategy, DeviceTrust> views = new EnumMap<>(CallHomeStrategy.class);
        for (CallHomeStrategy strategy : CallHomeStrategy.values()) {
            views.put(strategy, new SnapshotTrust(KnownDevices.of(keys.get(strategy)),
                    Map.copyOf(credentials.get(strategy))));
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
    public int size() {
        return keys.asMap().size();
    }

    @Override
    public Optional<NmsCredentials> credentialsFor(String deviceId) {
        return Optional.ofNullable(credentials.get(deviceId));
    }
}
