package org.callhome.nms.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.callhome.shared.io.AtomicFiles;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices the NMS trusts, kept in {@code <state-dir>/trusted-devices.json} ({@link TrustFile})
 * so that approvals and revocations survive restarts. Three rules tie it to the trust files given
 * at start ({@code --known-devices}, {@code --device-accounts}):
 * <ul>
 * <li>devices listed in a trust file follow the file: added, re-keyed or dropped as it changes
 *     ({@link SeedFromTrustFile});</li>
 * <li>devices approved through the API stay until they are revoked ({@link ApproveThroughApi});</li>
 * <li>a revoked key stays untrusted, even if a trust file still lists it, until it is approved
 *     again through the API ({@link RevokeThroughApi});</li>
 * <li>a device a certificate identified, which the store does not hold, is revoked by its id: a
 *     certificate naming that id is refused until the id is approved ({@link RevokeCertifiedThroughApi}).</li>
 * </ul>
 * A device id names one device of one strategy, and a key identifies one device. Thread-safe:
 * changes are serialized and each is written to the file (temporary file, fsync, atomic rename,
 * fsync of the folder) before its snapshot replaces the current one; reads take the current
 * snapshot and never wait, not even for a change that is being saved. Opening it removes the
 * temporary files that writes killed midway (a {@code kill -9} during a save) left in the state
 * folder ({@link #isLeftover}).
 */
public final class TrustStore {

    public static final String FILE_NAME = "trusted-devices.json";

    private static final Logger LOG = LoggerFactory.getLogger(TrustStore.class);
    private static final Pattern LEFTOVER_KEY = Pattern.compile("\\..+\\.[0-9]+\\.tmp");

    /** The result of {@link #approve}: the device as trusted, and whether this call added it. */
    public record Approval(TrustedDevice device, boolean created) {
    }

    /** A snapshot and the lookups the NMS halves make in it, replaced together. */
    private record Published(TrustSnapshot snapshot, Map<CallHomeStrategy, DeviceTrust> views,
                             Map<String, Revocation> revokedIds) {
        static Published of(TrustSnapshot snapshot) {
            Map<String, Revocation> revokedIds = snapshot.standingRevocationsById();
            return new Published(snapshot, SnapshotTrust.of(snapshot, revokedIds), revokedIds);
        }
    }

    private final TrustFile file;
    private final Clock clock;
    /** Held by one change at a time, across its save; readers never take it. */
    private final ReentrantLock changing = new ReentrantLock();
    private volatile Published current;

    private TrustStore(TrustFile file, Clock clock, Published current) {
        this.file = file;
        this.clock = clock;
        this.current = current;
    }

    /**
     * Reads the store in {@code stateDir} (empty if there is none yet), applies the trust files
     * given at start, and writes the result back.
     *
     * @param seeds the trust file of each strategy the NMS serves, as loaded
     * @throws IOException naming the file and what is wrong with it; a damaged store is never overwritten
     */
    public static TrustStore open(Path stateDir, Map<CallHomeStrategy, KnownDevices> seeds, Clock clock)
            throws IOException {
        return open(stateDir, seeds, clock, TrustFile.ATOMIC);
    }

    /** As above, the file written through {@code writer}. */
    static TrustStore open(Path stateDir, Map<CallHomeStrategy, KnownDevices> seeds, Clock clock,
                           TrustFile.Writer writer) throws IOException {
        for (Path leftover : AtomicFiles.removeLeftovers(stateDir, TrustStore::isLeftover)) {
            LOG.info("removed {}, left by a write that did not finish (the NMS was stopped during it)", leftover);
        }
        TrustFile file = new TrustFile(stateDir.resolve(FILE_NAME), writer);
        TrustSnapshot snapshot = file.read();
        Instant now = clock.instant();
        for (Map.Entry<CallHomeStrategy, KnownDevices> seed : seeds.entrySet()) {
            snapshot = new SeedFromTrustFile(seed.getKey(), seed.getValue()).applyTo(snapshot, now).after();
        }
        // only now, with the store read and the trust files merged without a conflict, is anything created
        Published published = Published.of(snapshot);
        Files.createDirectories(stateDir);
        file.write(snapshot);
        return new TrustStore(file, clock, published);
    }

    /**
     * Whether a file of the state folder is a temporary file of a write that never finished: the
     * store's own ({@code trusted-devices.json.tmp-<uuid>}, {@link TrustFile#ATOMIC}) or a host key's
     * ({@code .<key file>.<digits>.tmp}, as a new key is written before it is linked into place).
     */
    static boolean isLeftover(String name) {
        return name.startsWith(FILE_NAME + ".tmp-") || LEFTOVER_KEY.matcher(name).matches();
    }

    /** What the NMS half of {@code strategy} may accept, always the latest. */
    public DeviceTrust view(CallHomeStrategy strategy) {
        return new DeviceTrust() {
            @Override
            public Optional<String> deviceFor(PublicKey key) {
                return latest().deviceFor(key);
            }

            @Override
            public Optional<PublicKey> keyOf(String deviceId) {
                return latest().keyOf(deviceId);
            }

            @Override
            public Optional<PublicKey> pinnedKeyOf(String deviceId) {
                return latest().pinnedKeyOf(deviceId);
            }

            @Override
            public int size() {
                return latest().size();
            }

            @Override
            public Optional<NmsCredentials> credentialsFor(String deviceId) {
                return latest().credentialsFor(deviceId);
            }

            @Override
            public Optional<Revocation> revocationOf(String deviceId) {
                return latest().revocationOf(deviceId);
            }

            private DeviceTrust latest() {
                return current.views().get(strategy);
            }
        };
    }

    /** Whether {@code deviceId} is trusted for {@code strategy} with the key of this fingerprint. */
    public boolean trusts(CallHomeStrategy strategy, String deviceId, String fingerprint) {
        return current.snapshot().device(deviceId)
                .map(device -> device.strategy() == strategy && device.fingerprint().equals(fingerprint))
                .orElse(false);
    }

    /** The revocation through the API that still refuses {@code deviceId} ({@link DeviceTrust#revocationOf}). */
    public Optional<Revocation> revocationOf(String deviceId) {
        return Optional.ofNullable(current.revokedIds().get(deviceId));
    }

    public List<TrustedDevice> devices() {
        return List.copyOf(current.snapshot().devices().values());
    }

    public Optional<TrustedDevice> device(String id) {
        return current.snapshot().device(id);
    }

    public List<Revocation> revocations() {
        return List.copyOf(current.snapshot().revocations().values());
    }

    /**
     * Trusts a device through the API, from its next connection on; lifts a revocation of its key.
     * Trusting the same id with the same key and strategy again changes nothing.
     *
     * @throws IllegalArgumentException for an id the API does not accept, or notes that are too long
     * @throws TrustConflictException   if the id is trusted otherwise, or the key is another device's
     * @throws IOException              if the store could not be written (nothing changed then)
     */
    public Approval approve(String id, CallHomeStrategy strategy, PublicKey key, NmsCredentials credentials,
                            String notes) throws TrustConflictException, IOException {
        Approval approval = update(new ApproveThroughApi(id, strategy, key, credentials, notes));
        if (approval.created()) {
            LOG.info("trusted device {} ({}, key {}) through the API", id, strategy.wireName(),
                    approval.device().fingerprint());
        }
        return approval;
    }

    /**
     * Trusts a device by the key learnt at the end of its zero-touch bootstrap (the SSH host key a
     * reverse-ssh device reported, the IDevID key of a tls device; {@link TrustedDevice.Source#ZERO_TOUCH}),
     * with the rules of {@link #approve}: reporting the same
     * key again changes nothing, another key for a trusted id is a conflict (revoke it first).
     */
    public Approval approveZeroTouch(String id, CallHomeStrategy strategy, PublicKey key, String notes)
            throws TrustConflictException, IOException {
        Approval approval = update(new ApproveThroughApi(id, strategy, key, null, notes,
                TrustedDevice.Source.ZERO_TOUCH));
        if (approval.created()) {
            LOG.info("trusted device {} ({}, key {}) reported by zero-touch bootstrap", id, strategy.wireName(),
                    approval.device().fingerprint());
        }
        return approval;
    }

    /**
     * Stops trusting a device, from its next connection on, and records its key as revoked (so a
     * trust file listing it cannot bring it back). Dropping a live session is the caller's job.
     *
     * @return the device as it was trusted, or empty if no device has this id
     * @throws IOException if the store could not be written (nothing changed then)
     */
    public Optional<TrustedDevice> revoke(String id) throws IOException {
        Optional<TrustedDevice> revoked = update(new RevokeThroughApi(id));
        revoked.ifPresent(device -> LOG.info("revoked device {} ({}, key {})", id, device.strategy().wireName(),
                device.fingerprint()));
        return revoked;
    }

    /**
     * Revokes a device that a certificate identified, by its id: from its next connection on, a
     * certificate naming {@code id} is refused, until the id is approved through the API. Dropping a
     * live session is the caller's job.
     *
     * @param fingerprint the key its certificate certified when it was last seen, kept with the revocation
     * @return the revocation standing against the id, or empty if the id is trusted (revoke it with {@link #revoke})
     * @throws IOException if the store could not be written (nothing changed then)
     */
    public Optional<Revocation> revokeCertified(String id, String fingerprint) throws IOException {
        Optional<Revocation> revoked = update(new RevokeCertifiedThroughApi(id, fingerprint));
        revoked.ifPresent(revocation -> LOG.info("revoked certificate-identified device {} (last key {}): "
                + "certificates naming it are refused until it is approved", id, fingerprint));
        return revoked;
    }

    /**
     * Applies {@code change} to the current snapshot, saves what it makes and only then publishes
     * it. The one place a failed save is undone, by not publishing: the current snapshot stays,
     * and the error reaches the caller.
     */
    private <R, X extends Exception> R update(TrustChange<R, X> change) throws X, IOException {
        changing.lock();
        try {
            TrustSnapshot before = current.snapshot();
            TrustChange.Applied<R> applied = change.applyTo(before, clock.instant());
            if (applied.after() != before) {
                Published next = Published.of(applied.after());
                file.write(next.snapshot());
                current = next;
            }
            return applied.result();
        } finally {
            changing.unlock();
        }
    }

    /** Why the API cannot take {@code id} as a device id, or null if it can. */
    public static String problemWithApiId(String id) {
        return ApproveThroughApi.problemWithId(id);
    }

    /**
     * Per-device NMS credentials, the identity read from its file now.
     *
     * @throws IOException naming the device and the file if the key cannot be read
     */
    public static NmsCredentials credentials(String deviceId, String username, Path identityFile) throws IOException {
        KeyPair identity = null;
        if (identityFile != null) {
            try {
                identity = SshKeys.loadPrivateKey(identityFile);
            } catch (IOException e) {
                throw new IOException("device '" + deviceId + "': NMS identity " + identityFile + ": " + e.getMessage(),
                        e);
            }
        }
        return new NmsCredentials(username, identity, identity == null ? null : identityFile);
    }
}
