package org.callhome.nms.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * folder ({@link #isLeftover}). Each saved change adds one to the store's revision, which the file
 * keeps; on a node of a cluster every change takes its turn through the cluster ({@link Replication})
 * and a newer copy made elsewhere is taken whole ({@link #adopt}).
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

    /**
     * How a change reaches the other copies of the store (the other nodes of a cluster): a change
     * takes a turn, in which the copy it starts from is the newest anywhere, and hands its result to
     * the turn before it is saved here.
     */
    public interface Replication {

        /** No other copies: a store on its own. */
        Replication NONE = () -> new Turn() {
            @Override
            public void share(long revision, String encoded) {
            }

            @Override
            public void close() {
            }
        };

        /**
         * Starts a change: returns once this change is the only one anywhere and the store here holds
         * the newest copy ({@link #adopt}).
         *
         * @throws IOException if the other copies cannot be reached; nothing changes then
         */
        Turn begin() throws IOException;

        /** One change's turn; closing it lets the next change start and tells the other copies. */
        interface Turn extends AutoCloseable {

            /**
             * Hands the changed store to the other copies before it is saved here.
             *
             * @throws IOException if they did not take it; the change is then not made
             */
            void share(long revision, String encoded) throws IOException;

            @Override
            void close();
        }
    }

    /**
     * What a copy taken from elsewhere changed here ({@link #adopt}): the devices trusted anew or
     * otherwise, the devices no longer trusted, and the ids a revocation now refuses that did not
     * refuse them before.
     */
    public record Adopted(List<TrustedDevice> trusted, List<TrustedDevice> distrusted, List<String> revokedIds) {
    }

    private final TrustFile file;
    private final Clock clock;
    private final Map<CallHomeStrategy, KnownDevices> seeds;
    private volatile Replication replication = Replication.NONE;
    /** Held by one change at a time, across its save; readers never take it. */
    private final ReentrantLock changing = new ReentrantLock();
    private volatile Published current;

    private TrustStore(TrustFile file, Clock clock, Published current, Map<CallHomeStrategy, KnownDevices> seeds) {
        this.file = file;
        this.clock = clock;
        this.current = current;
        this.seeds = Map.copyOf(seeds);
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
        TrustSnapshot read = file.read();
        TrustSnapshot snapshot = read;
        Instant now = clock.instant();
        for (Map.Entry<CallHomeStrategy, KnownDevices> seed : seeds.entrySet()) {
            snapshot = new SeedFromTrustFile(seed.getKey(), seed.getValue()).applyTo(snapshot, now).after();
        }
        // the trust files' changes keep the revision read: a node of a cluster that was away takes the
        // cluster's newer copy when it joins, and then applies its trust files to that (reseed)
        snapshot = snapshot.withRevision(read.revision());
        // only now, with the store read and the trust files merged without a conflict, is anything created
        Published published = Published.of(snapshot);
        Files.createDirectories(stateDir);
        file.write(snapshot);
        return new TrustStore(file, clock, published, seeds);
    }

    /** From now on every change takes its turn through {@code other} ({@link Replication}). */
    public void replicateThrough(Replication other) {
        replication = other;
    }

    /** How many changes made the current store ({@link TrustSnapshot#revision()}). */
    public long revision() {
        return current.snapshot().revision();
    }

    /** The current store as its file holds it, for another copy to {@link #adopt}. */
    public String encoded() {
        return new String(TrustFile.encode(current.snapshot()), StandardCharsets.UTF_8);
    }

    /**
     * Takes the copy {@code encoded} ({@link #encoded}) made elsewhere in place of this one, saved
     * before it is published, if its revision is higher, or, with {@code evenIfNotNewer}, unless its
     * revision is lower.
     *
     * @return what it changed here; empty if it was not taken
     * @throws IOException if the copy is not a store, or could not be saved (nothing changed then)
     */
    public Optional<Adopted> adopt(String encoded, String origin, boolean evenIfNotNewer) throws IOException {
        TrustSnapshot other = TrustFile.decode(encoded, origin);
        changing.lock();
        try {
            TrustSnapshot before = current.snapshot();
            if (other.revision() < before.revision() || other.revision() == before.revision() && !evenIfNotNewer) {
                return Optional.empty();
            }
            Published next = Published.of(other);
            file.write(other);
            Published was = current;
            current = next;
            List<TrustedDevice> trusted = other.devices().values().stream()
                    .filter(device -> !device.equals(before.devices().get(device.id()))).toList();
            List<TrustedDevice> distrusted = before.devices().values().stream()
                    .filter(device -> !other.devices().containsKey(device.id())).toList();
            List<String> revokedIds = next.revokedIds().keySet().stream()
                    .filter(id -> !was.revokedIds().containsKey(id)).toList();
            return Optional.of(new Adopted(trusted, distrusted, revokedIds));
        } finally {
            changing.unlock();
        }
    }

    /**
     * Applies the trust files given at start again, as a change ({@link #replicateThrough}): a node
     * that took a cluster's copy of the store adds what its own trust files say.
     */
    public void reseed() throws IOException {
        for (Map.Entry<CallHomeStrategy, KnownDevices> seed : seeds.entrySet()) {
            update(new SeedFromTrustFile(seed.getKey(), seed.getValue()));
        }
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
     * Applies {@code change} to the current snapshot in its turn ({@link Replication}), hands what it
     * makes to the other copies, saves it and only then publishes it. The one place a failed save is
     * undone, by not publishing: the current snapshot stays, and the error reaches the caller (in a
     * cluster the other copies may have it then; this node takes it back from them, as any newer copy).
     */
    private <R, X extends Exception> R update(TrustChange<R, X> change) throws X, IOException {
        try (Replication.Turn turn = replication.begin()) {
            changing.lock();
            try {
                TrustSnapshot before = current.snapshot();
                TrustChange.Applied<R> applied = change.applyTo(before, clock.instant());
                // a change that leaves every entry as it was (a trust file applied again) is no revision
                if (!applied.after().equals(before)) {
                    Published next = Published.of(applied.after().withRevision(before.revision() + 1));
                    turn.share(next.snapshot().revision(),
                            new String(TrustFile.encode(next.snapshot()), StandardCharsets.UTF_8));
                    file.write(next.snapshot());
                    current = next;
                }
                return applied.result();
            } finally {
                changing.unlock();
            }
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
