package org.callhome.nms.trust;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.callhome.shared.config.JsonSyntaxError;
import org.callhome.shared.io.AtomicFiles;
import org.callhome.shared.io.TextFiles;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices the NMS trusts, kept in {@code <state-dir>/trusted-devices.json} so that approvals
 * and revocations survive restarts. Three rules tie it to the trust files given at start
 * ({@code --known-devices}, {@code --device-accounts}):
 * <ul>
 * <li>devices listed in a trust file follow the file: added, re-keyed or dropped as it changes;</li>
 * <li>devices approved through the API stay until they are revoked;</li>
 * <li>a revoked key stays untrusted, even if a trust file still lists it, until it is approved
 *     again through the API.</li>
 * </ul>
 * A device id names one device of one strategy, and a key identifies one device. Every change is
 * written to the file first (temporary file, fsync, atomic rename, fsync of the folder) and only
 * then visible to the NMS halves, which read an immutable snapshot through {@link #view}.
 * Thread-safe; changes are serialized, reads never block.
 */
public final class TrustStore {

    public static final String FILE_NAME = "trusted-devices.json";
    static final String FORMAT = "callhome-nms-trust/1";
    static final int MAX_FILE_BYTES = 64 * 1024 * 1024;
    /** Ids the API accepts: they become SSH login names and appear in URLs. */
    private static final Pattern API_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:-]{0,63}");
    private static final int MAX_NOTES = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(TrustStore.class);

    /** Where a trusted device came from. */
    public enum Source {
        TRUST_FILE("trust-file"),
        API("api");

        private final String wireName;

        Source(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        static Source fromWireName(String name) {
            for (Source source : values()) {
                if (source.wireName.equals(name)) {
                    return source;
                }
            }
            throw new IllegalArgumentException("unknown source '" + name + "'");
        }
    }

    /**
     * One trusted device.
     *
     * @param key         its SSH host key (reverse-ssh) or login key (device-ssh-client)
     * @param credentials what the NMS logs in with instead of its defaults (reverse-ssh), or null
     * @param notes       the operator's text, or null
     */
    public record TrustedDevice(String id, CallHomeStrategy strategy, PublicKey key, String fingerprint,
                                NmsCredentials credentials, String notes, Instant trustedAt, Source source) {
        public TrustedDevice {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(trustedAt, "trustedAt");
            Objects.requireNonNull(source, "source");
        }

        /** What the API and the file show: public key, fingerprint, credential names; never a private key. */
        public JsonObject toJson() {
            return new JsonObject()
                    .put("id", id)
                    .put("strategy", strategy.wireName())
                    .put("publicKey", SshKeys.toOpenSsh(key))
                    .put("fingerprint", fingerprint)
                    .put("nmsUsername", credentials == null ? null : credentials.username())
                    .put("nmsIdentityFile", credentials == null ? null
                            : credentials.identityPath().map(Path::toString).orElse(null))
                    .put("notes", notes)
                    .put("trustedAt", trustedAt.toString())
                    .put("source", source.wireName());
        }
    }

    /** A key revoked through the API. */
    public record Revocation(String id, String fingerprint, Instant revokedAt) {
        public JsonObject toJson() {
            return new JsonObject().put("id", id).put("fingerprint", fingerprint).put("revokedAt", revokedAt.toString());
        }
    }

    /** A change that contradicts what is trusted: a second key for an id, or one key for two ids. */
    public static final class TrustConflictException extends Exception {
        TrustConflictException(String message) {
            super(message);
        }
    }

    /** The result of {@link #approve}: the device as trusted, and whether this call added it. */
    public record Approval(TrustedDevice device, boolean created) {
    }

    private record Snapshot(Map<CallHomeStrategy, KnownDevices> byStrategy, Map<String, NmsCredentials> credentials) {
    }

    private final Path file;
    private final Clock clock;
    private final Map<String, TrustedDevice> devices = new LinkedHashMap<>();
    private final Map<String, Revocation> revokedByFingerprint = new LinkedHashMap<>();
    private volatile Snapshot snapshot;

    private TrustStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
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
        TrustStore store = new TrustStore(stateDir.resolve(FILE_NAME), clock);
        synchronized (store) {
            store.load();
            for (Map.Entry<CallHomeStrategy, KnownDevices> seed : seeds.entrySet()) {
                store.seed(seed.getKey(), seed.getValue());
            }
            // only now, with the store read and the trust files merged without a conflict, is anything created
            Files.createDirectories(stateDir);
            store.save();
            store.publish();
        }
        return store;
    }

    /** What the NMS half of {@code strategy} may accept, always the latest. */
    public DeviceTrust view(CallHomeStrategy strategy) {
        return new DeviceTrust() {
            @Override
            public Optional<String> deviceFor(PublicKey key) {
                return known().deviceFor(key);
            }

            @Override
            public Optional<PublicKey> keyOf(String deviceId) {
                return known().keyOf(deviceId);
            }

            @Override
            public int size() {
                return known().asMap().size();
            }

            @Override
            public Optional<NmsCredentials> credentialsFor(String deviceId) {
                return known().keyOf(deviceId).isEmpty() ? Optional.empty()
                        : Optional.ofNullable(snapshot.credentials().get(deviceId));
            }

            private KnownDevices known() {
                return snapshot.byStrategy().get(strategy);
            }
        };
    }

    /** Whether {@code deviceId} is trusted for {@code strategy} with the key of this fingerprint. */
    public boolean trusts(CallHomeStrategy strategy, String deviceId, String fingerprint) {
        return snapshot.byStrategy().get(strategy).keyOf(deviceId)
                .map(key -> SshKeys.fingerprint(key).equals(fingerprint)).orElse(false);
    }

    public synchronized List<TrustedDevice> devices() {
        return List.copyOf(devices.values());
    }

    public synchronized Optional<TrustedDevice> device(String id) {
        return Optional.ofNullable(devices.get(id));
    }

    public synchronized List<Revocation> revocations() {
        return List.copyOf(revokedByFingerprint.values());
    }

    /**
     * Trusts a device through the API, from its next connection on; lifts a revocation of its key.
     * Trusting the same id with the same key and strategy again changes nothing.
     *
     * @throws IllegalArgumentException for an id the API does not accept, or notes that are too long
     * @throws TrustConflictException   if the id is trusted otherwise, or the key is another device's
     * @throws IOException              if the store could not be written (nothing changed then)
     */
    public synchronized Approval approve(String id, CallHomeStrategy strategy, PublicKey key,
                                         NmsCredentials credentials, String notes)
            throws TrustConflictException, IOException {
        String problem = problemWithApiId(id);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (notes != null && notes.length() > MAX_NOTES) {
            throw new IllegalArgumentException("notes longer than " + MAX_NOTES + " characters");
        }
        String fingerprint = SshKeys.fingerprint(key);
        TrustedDevice existing = devices.get(id);
        if (existing != null) {
            if (existing.strategy() == strategy && existing.fingerprint().equals(fingerprint)) {
                return new Approval(existing, false);
            }
            throw new TrustConflictException("device '" + id + "' is already trusted"
                    + (existing.strategy() != strategy ? " for " + existing.strategy().wireName()
                    : " with another key (" + existing.fingerprint() + ")") + "; revoke it first");
        }
        String owner = ownerOf(fingerprint, id);
        if (owner != null) {
            throw new TrustConflictException("key " + fingerprint + " is already trusted for device '" + owner
                    + "'; each device needs its own key");
        }
        TrustedDevice device = new TrustedDevice(id, strategy, key, fingerprint, credentials, notes, clock.instant(),
                Source.API);
        Revocation lifted = revokedByFingerprint.remove(fingerprint);
        devices.put(id, device);
        try {
            save();
        } catch (IOException e) {
            devices.remove(id);
            if (lifted != null) {
                revokedByFingerprint.put(fingerprint, lifted);
            }
            throw e;
        }
        publish();
        LOG.info("trusted device {} ({}, key {}) through the API", id, strategy.wireName(), fingerprint);
        return new Approval(device, true);
    }

    /**
     * Stops trusting a device, from its next connection on, and records its key as revoked (so a
     * trust file listing it cannot bring it back). Dropping a live session is the caller's job.
     *
     * @return the device as it was trusted, or empty if no device has this id
     * @throws IOException if the store could not be written (nothing changed then)
     */
    public synchronized Optional<TrustedDevice> revoke(String id) throws IOException {
        TrustedDevice device = devices.remove(id);
        if (device == null) {
            return Optional.empty();
        }
        Revocation revocation = new Revocation(id, device.fingerprint(), clock.instant());
        Revocation before = revokedByFingerprint.put(device.fingerprint(), revocation);
        try {
            save();
        } catch (IOException e) {
            devices.put(id, device);
            if (before == null) {
                revokedByFingerprint.remove(device.fingerprint());
            } else {
                revokedByFingerprint.put(device.fingerprint(), before);
            }
            throw e;
        }
        publish();
        LOG.info("revoked device {} ({}, key {})", id, device.strategy().wireName(), device.fingerprint());
        return Optional.of(device);
    }

    /** Why the API cannot take {@code id} as a device id, or null if it can. */
    public static String problemWithApiId(String id) {
        if (id == null || id.isEmpty()) {
            return "a device id is required";
        }
        if (!API_ID.matcher(id).matches()) {
            return "device id '" + SshKeys.abbreviate(id) + "' must be 1 to 64 characters: letters, digits and "
                    + "._@:- , starting with a letter or digit";
        }
        return null;
    }

    /** The id of a device other than {@code except} trusted with this key, or null. */
    private String ownerOf(String fingerprint, String except) {
        for (TrustedDevice device : devices.values()) {
            if (device.fingerprint().equals(fingerprint) && !device.id().equals(except)) {
                return device.id();
            }
        }
        return null;
    }

    private void seed(CallHomeStrategy strategy, KnownDevices file) throws IOException {
        Set<String> listed = new HashSet<>();
        for (Map.Entry<String, PublicKey> line : file.asMap().entrySet()) {
            String id = line.getKey();
            PublicKey key = line.getValue();
            String fingerprint = SshKeys.fingerprint(key);
            Revocation revocation = revokedByFingerprint.get(fingerprint);
            if (revocation != null) {
                LOG.warn("device {} in the {} trust file has key {}, revoked through the API at {}: not trusted "
                        + "until it is approved again", id, strategy.wireName(), fingerprint, revocation.revokedAt());
                continue;
            }
            TrustedDevice existing = devices.get(id);
            if (existing != null && existing.strategy() != strategy) {
                throw new IOException("device id '" + id + "' is in the " + strategy.wireName() + " trust file but "
                        + "already trusted for " + existing.strategy().wireName() + " (" + file(existing)
                        + "): a device uses one strategy");
            }
            String owner = ownerOf(fingerprint, id);
            if (owner != null) {
                throw new IOException("the key of device '" + id + "' in the " + strategy.wireName()
                        + " trust file (" + fingerprint + ") is already trusted for device '" + owner + "' ("
                        + file(devices.get(owner)) + "); each device needs its own key");
            }
            boolean sameKey = existing != null && existing.fingerprint().equals(fingerprint);
            if (existing != null && !sameKey) {
                LOG.warn("device {}: the {} trust file's key {} replaces the trusted key {}", id,
                        strategy.wireName(), fingerprint, existing.fingerprint());
            }
            devices.put(id, new TrustedDevice(id, strategy, key, fingerprint,
                    existing == null ? null : existing.credentials(), existing == null ? null : existing.notes(),
                    sameKey ? existing.trustedAt() : clock.instant(), Source.TRUST_FILE));
            listed.add(id);
        }
        devices.values().removeIf(device -> {
            boolean dropped = device.source() == Source.TRUST_FILE && device.strategy() == strategy
                    && !listed.contains(device.id());
            if (dropped) {
                LOG.info("device {} is no longer in the {} trust file: no longer trusted", device.id(),
                        strategy.wireName());
            }
            return dropped;
        });
    }

    private static String file(TrustedDevice device) {
        return device.source() == Source.API ? "approved through the API" : "from a trust file";
    }

    private void publish() {
        Map<CallHomeStrategy, Map<String, PublicKey>> keys = new EnumMap<>(CallHomeStrategy.class);
        Map<String, NmsCredentials> credentials = new HashMap<>();
        for (CallHomeStrategy strategy : CallHomeStrategy.values()) {
            keys.put(strategy, new LinkedHashMap<>());
        }
        for (TrustedDevice device : devices.values()) {
            keys.get(device.strategy()).put(device.id(), device.key());
            if (device.credentials() != null) {
                credentials.put(device.id(), device.credentials());
            }
        }
        Map<CallHomeStrategy, KnownDevices> byStrategy = new EnumMap<>(CallHomeStrategy.class);
        keys.forEach((strategy, map) -> byStrategy.put(strategy, KnownDevices.of(map)));
        snapshot = new Snapshot(byStrategy, Map.copyOf(credentials));
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        JsonObject root;
        try {
            root = new JsonObject(TextFiles.read(file, MAX_FILE_BYTES));
        } catch (DecodeException e) {
            // valid JSON of another shape (an array) fails to map to an object: a mismatch, not a syntax error
            if (e.getCause() instanceof JsonProcessingException syntax
                    && !(syntax instanceof MismatchedInputException)) {
                JsonSyntaxError error = JsonSyntaxError.of(syntax);
                throw new IOException(file + ": " + error.location() + ": not valid JSON: " + error.reason(), e);
            }
            throw notAStore(e);
        } catch (ClassCastException e) {
            throw notAStore(e);
        }
        if (!FORMAT.equals(root.getValue("format"))) {
            throw new IOException(file + ": \"format\" must be \"" + FORMAT + "\"");
        }
        try {
            for (Object item : array(root, "devices")) {
                TrustedDevice device = readDevice((JsonObject) item);
                if (devices.putIfAbsent(device.id(), device) != null) {
                    throw new IllegalArgumentException("device '" + device.id() + "' is listed twice");
                }
                String owner = ownerOf(device.fingerprint(), device.id());
                if (owner != null) {
                    throw new IllegalArgumentException("devices '" + owner + "' and '" + device.id()
                            + "' have the same key");
                }
            }
            for (Object item : array(root, "revoked")) {
                JsonObject json = (JsonObject) item;
                Revocation revocation = new Revocation(text(json, "id"), text(json, "fingerprint"),
                        Instant.parse(text(json, "revokedAt")));
                revokedByFingerprint.put(revocation.fingerprint(), revocation);
            }
        } catch (RuntimeException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private IOException notAStore(Exception cause) {
        return new IOException(file + ": not a trust store, which is one JSON object with \"format\": \"" + FORMAT
                + "\"", cause);
    }

    private TrustedDevice readDevice(JsonObject json) throws IOException {
        String id = text(json, "id");
        String problem = KnownDevices.problemWithId(id);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        CallHomeStrategy strategy = CallHomeStrategy.fromWireName(text(json, "strategy"));
        PublicKey key = SshKeys.parsePublicKey(text(json, "publicKey"));
        String username = json.getString("nmsUsername");
        String identityFile = json.getString("nmsIdentityFile");
        NmsCredentials credentials = null;
        if (username != null || identityFile != null) {
            credentials = credentials(id, username, identityFile == null ? null : Path.of(identityFile));
        }
        return new TrustedDevice(id, strategy, key, SshKeys.fingerprint(key), credentials, json.getString("notes"),
                Instant.parse(text(json, "trustedAt")), Source.fromWireName(text(json, "source")));
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

    private static JsonArray array(JsonObject root, String name) {
        JsonArray array = root.getJsonArray(name);
        return array == null ? new JsonArray() : array;
    }

    private static String text(JsonObject json, String name) {
        String value = json.getString(name);
        if (value == null) {
            throw new IllegalArgumentException("an entry lacks \"" + name + "\": " + SshKeys.abbreviate(json.encode()));
        }
        return value;
    }

    private void save() throws IOException {
        JsonArray deviceArray = new JsonArray();
        devices.values().forEach(device -> deviceArray.add(device.toJson()));
        JsonArray revokedArray = new JsonArray();
        revokedByFingerprint.values().forEach(revocation -> revokedArray.add(revocation.toJson()));
        byte[] bytes = new JsonObject().put("format", FORMAT).put("devices", deviceArray).put("revoked", revokedArray)
                .encodePrettily().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.replace(file, ".tmp-" + UUID.randomUUID(), bytes);
    }
}
