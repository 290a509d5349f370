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
import java.security.PublicKey;
import java.time.Instant;
import java.util.UUID;
import org.callhome.nms.trust.TrustedDevice.Source;
import org.callhome.shared.config.JsonSyntaxError;
import org.callhome.shared.io.AtomicFiles;
import org.callhome.shared.io.TextFiles;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.text.DeviceIds;

/**
 * The trust store's file, {@code <state-dir>/trusted-devices.json}, one JSON object:
 * <pre>
 * {"format": "callhome-nms-trust/1", "revision": N,
 *  "devices": [{"id", "strategy", "publicKey", "fingerprint", "nmsUsername", "nmsIdentityFile",
 *               "notes", "trustedAt", "source"}, ...],
 *  "revoked": [{"id", "fingerprint", "revokedAt"}, ...]}
 * </pre>
 * Read at most {@link #MAX_FILE_BYTES} long; every problem is an {@link IOException} whose message
 * starts with the file's path, names the entry ({@code devices[3]}) and says what is wrong in plain
 * words (an id the API could not take is one: {@link DeviceIds}), and the caller stops rather
 * than overwrite a damaged file. Written whole through a {@link Writer}, atomically in production.
 */
final class TrustFile {

    static final String FORMAT = "callhome-nms-trust/1";
    static final int MAX_FILE_BYTES = 64 * 1024 * 1024;

    /** How the encoded store reaches the disk; tests stall or fail a save here. */
    @FunctionalInterface
    interface Writer {
        /** Replaces {@code file} with {@code bytes} whole, or throws and leaves it as it was. */
        void replace(Path file, byte[] bytes) throws IOException;
    }

    /** A temporary file beside the target, fsync, atomic rename, fsync of the folder. */
    static final Writer ATOMIC = (file, bytes) -> AtomicFiles.replace(file, ".tmp-" + UUID.randomUUID(), bytes);

    private final Path path;
    private final Writer writer;

    TrustFile(Path path, Writer writer) {
        this.path = path;
        this.writer = writer;
    }

    /** What the file holds, or an empty snapshot if there is no file yet. */
    TrustSnapshot read() throws IOException {
        if (!Files.exists(path)) {
            return TrustSnapshot.EMPTY;
        }
        return decode(parse(), path.toString());
    }

    /**
     * The store a cluster's copy holds, {@code text} as {@link #encode} writes it.
     *
     * @param origin what to name in an error: where the text came from
     */
    static TrustSnapshot decode(String text, String origin) throws IOException {
        JsonObject root;
        try {
            root = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new IOException(origin + ": not a trust store: " + e.getMessage(), e);
        }
        return decode(root, origin);
    }

    private static TrustSnapshot decode(JsonObject root, String path) throws IOException {
        if (!FORMAT.equals(root.getValue("format"))) {
            throw new IOException(path + ": \"format\" must be \"" + FORMAT + "\"");
        }
        if (root.containsKey("revision") && !(root.getValue("revision") instanceof Number)) {
            throw new IOException(path + ": \"revision\" must be a number");
        }
        long revision = root.containsKey("revision") ? root.getLong("revision") : 0;
        if (revision < 0) {
            throw new IOException(path + ": \"revision\" must not be negative");
        }
        TrustSnapshot.Draft draft = TrustSnapshot.EMPTY.withRevision(revision).draft();
        String entry = "";
        try {
            JsonArray devices = array(root, "devices");
            for (int i = 0; i < devices.size(); i++) {
                entry = "devices[" + i + "]: ";
                TrustedDevice device = readDevice(devices.getJsonObject(i));
                if (draft.device(device.id()).isPresent()) {
                    throw new IllegalArgumentException("device '" + device.id() + "' is listed twice");
                }
                String owner = draft.ownerOf(device.fingerprint(), device.id());
                if (owner != null) {
                    throw new IllegalArgumentException("devices '" + owner + "' and '" + device.id()
                            + "' have the same key");
                }
                draft.trust(device);
            }
            JsonArray revoked = array(root, "revoked");
            for (int i = 0; i < revoked.size(); i++) {
                entry = "revoked[" + i + "]: ";
                JsonObject json = revoked.getJsonObject(i);
                draft.revoke(new Revocation(id(json), text(json, "fingerprint"),
                        Instant.parse(text(json, "revokedAt"))));
            }
        } catch (RuntimeException e) {
            throw new IOException(path + ": " + entry + e.getMessage(), e);
        }
        return draft.snapshot();
    }

    /** Replaces the file with {@code snapshot}; if this throws, the file is as it was. */
    void write(TrustSnapshot snapshot) throws IOException {
        writer.replace(path, encode(snapshot));
    }

    static byte[] encode(TrustSnapshot snapshot) {
        JsonArray devices = new JsonArray();
        snapshot.devices().values().forEach(device -> devices.add(device.toJson()));
        JsonArray revoked = new JsonArray();
        snapshot.revocations().values().forEach(revocation -> revoked.add(revocation.toJson()));
        return new JsonObject().put("format", FORMAT).put("revision", snapshot.revision()).put("devices", devices)
                .put("revoked", revoked).encodePrettily().getBytes(StandardCharsets.UTF_8);
    }

    private JsonObject parse() throws IOException {
        try {
            return new JsonObject(TextFiles.read(path, MAX_FILE_BYTES));
        } catch (DecodeException e) {
            // valid JSON of another shape (an array) fails to map to an object: a mismatch, not a syntax error
            if (e.getCause() instanceof JsonProcessingException syntax
                    && !(syntax instanceof MismatchedInputException)) {
                JsonSyntaxError error = JsonSyntaxError.of(syntax);
                throw new IOException(path + ": " + error.location() + ": not valid JSON: " + error.reason(), e);
            }
            throw notAStore(e);
        } catch (ClassCastException e) {
            throw notAStore(e);
        }
    }

    private IOException notAStore(Exception cause) {
        return new IOException(path + ": not a trust store, which is one JSON object with \"format\": \"" + FORMAT
                + "\"", cause);
    }

    private static TrustedDevice readDevice(JsonObject json) throws IOException {
        String id = id(json);
        CallHomeStrategy strategy = CallHomeStrategy.fromWireName(text(json, "strategy"));
        PublicKey key = SshKeys.parsePublicKey(text(json, "publicKey"));
        String username = json.getString("nmsUsername");
        String identityFile = json.getString("nmsIdentityFile");
        NmsCredentials credentials = null;
        if (username != null || identityFile != null) {
            credentials = TrustStore.credentials(id, username, identityFile == null ? null : Path.of(identityFile));
        }
        return new TrustedDevice(id, strategy, key, SshKeys.fingerprint(key), credentials, json.getString("notes"),
                Instant.parse(text(json, "trustedAt")), Source.fromWireName(text(json, "source")));
    }

    /** The entry's id, under the one rule the API also applies ({@link DeviceIds}). */
    private static String id(JsonObject json) {
        String id = text(json, "id");
        String problem = DeviceIds.problemWith(id);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return id;
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
}
