package org.callhome.nms.trust;

import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;
import org.callhome.shared.ssh.KnownDevices;

/**
 * The devices an NMS half may accept right now, asked on MINA I/O threads at every connection:
 * which device a key is pinned for, the key pinned for a device id, and the credentials the NMS
 * logs in with (reverse-ssh). Implementations answer from an immutable snapshot, so trust changes
 * made through the API apply from the next connection on.
 */
public interface DeviceTrust {

    /** The device this key is pinned for. */
    Optional<String> deviceFor(PublicKey key);

    /** The key pinned for {@code deviceId}. */
    Optional<PublicKey> keyOf(String deviceId);

    /**
     * The key pinned for {@code deviceId} under any strategy: an id names one device, so a pin under
     * the other strategy counts too. By default the key of this trust, which knows one strategy.
     */
    default Optional<PublicKey> pinnedKeyOf(String deviceId) {
        return keyOf(deviceId);
    }

    /** How many devices are trusted. */
    int size();

    /** Credentials the NMS uses for this device instead of its default ones, if any were set. */
    default Optional<NmsCredentials> credentialsFor(String deviceId) {
        return Optional.empty();
    }

    /**
     * The revocation through the API that still refuses {@code deviceId} whatever key or certificate
     * it presents: one naming the id while no device of that id is trusted (an approval ends it).
     * A certificate that names a revoked id is refused although its CA is trusted.
     */
    default Optional<Revocation> revocationOf(String deviceId) {
        return Optional.empty();
    }

    /** A fixed set of devices, as read from a trust file. */
    static DeviceTrust of(KnownDevices devices) {
        Objects.requireNonNull(devices, "devices");
        return new DeviceTrust() {
            @Override
            public Optional<String> deviceFor(PublicKey key) {
                return devices.deviceFor(key);
            }

            @Override
            public Optional<PublicKey> keyOf(String deviceId) {
                return devices.keyOf(deviceId);
            }

            @Override
            public int size() {
                return devices.asMap().size();
            }
        };
    }
}
