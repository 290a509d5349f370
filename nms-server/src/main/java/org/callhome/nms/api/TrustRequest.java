package org.callhome.nms.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.callhome.nms.registry.DeviceRegistry.UnknownDevice;
import org.callhome.nms.trust.NmsCredentials;
import org.callhome.nms.trust.TrustStore;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * What a {@code POST /api/devices} asks to trust, checked: a device seen and rejected
 * ({@code approveFingerprint}), or one given with its {@code strategy} and {@code publicKey}; with
 * optional {@code notes} and, for reverse-ssh, the {@code nmsUsername} and {@code nmsIdentityFile}
 * the NMS logs in with. {@link #parse} refuses with an {@link ApiException}: 400 for a malformed
 * request, 404 for a rejected device that is not remembered. Parsing reads no file.
 */
record TrustRequest(String id, CallHomeStrategy strategy, PublicKey key, String notes, String nmsUsername,
                    String nmsIdentityFile) {

    private static final Set<String> FIELDS = Set.of("id", "approveFingerprint", "strategy", "publicKey", "notes",
            "nmsUsername", "nmsIdentityFile");

    /**
     * @param rejected the device refused as unknown with this fingerprint, if the registry remembers it
     * @param served   whether this NMS serves a strategy
     */
    static TrustRequest parse(RequestBody body, Function<String, Optional<UnknownDevice>> rejected,
                              Predicate<CallHomeStrategy> served) {
        JsonObject json = object(body);
        for (String field : json.fieldNames()) {
            if (!FIELDS.contains(field)) {
                throw ApiException.badRequest("unknown field '" + SshKeys.abbreviate(field) + "'; known: "
                        + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        String id = string(json, "id");
        String problem = TrustStore.problemWithApiId(id);
        if (problem != null) {
            throw ApiException.badRequest(problem);
        }
        String fingerprint = string(json, "approveFingerprint");
        CallHomeStrategy strategy;
        PublicKey key;
        if (fingerprint != null) {
            if (json.containsKey("publicKey") || json.containsKey("strategy")) {
                throw ApiException.badRequest("give either approveFingerprint, or strategy and publicKey");
            }
            UnknownDevice seen = rejected.apply(fingerprint).orElseThrow(() -> ApiException.notFound("no rejected "
                    + "device with fingerprint '" + SshKeys.abbreviate(fingerprint) + "' (it must have tried to "
                    + "connect; GET /api/devices lists the rejected ones)"));
            if (seen.strategy() == CallHomeStrategy.DEVICE_SSH_CLIENT && seen.claimedName() != null
                    && !seen.claimedName().equals(id)) {
                throw ApiException.badRequest("this device logs in as '" + seen.claimedName() + "': a "
                        + "device-ssh-client device is its login name, so approve it with id '"
                        + seen.claimedName() + "'");
            }
            strategy = seen.strategy();
            key = seen.key();
        } else {
            String strategyName = string(json, "strategy");
            String publicKey = string(json, "publicKey");
            if (strategyName == null || publicKey == null) {
                throw ApiException.badRequest("give approveFingerprint (a rejected device), or strategy "
                        + "(reverse-ssh or device-ssh-client) and publicKey (\"ssh-ed25519 AAAA...\")");
            }
            try {
                strategy = CallHomeStrategy.fromWireName(strategyName);
                key = SshKeys.parsePublicKey(publicKey);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        }
        if (!served.test(strategy)) {
            throw ApiException.badRequest("this NMS does not serve " + strategy.wireName() + " (see --mode)");
        }
        String nmsUsername = string(json, "nmsUsername");
        String nmsIdentityFile = string(json, "nmsIdentityFile");
        if ((nmsUsername != null || nmsIdentityFile != null) && strategy != CallHomeStrategy.REVERSE_SSH) {
            throw ApiException.badRequest("nmsUsername and nmsIdentityFile are for reverse-ssh devices, "
                    + "which the NMS logs into; a device-ssh-client device logs into the NMS");
        }
        if (nmsUsername != null && (nmsUsername.isEmpty() || nmsUsername.length() > 64
                || nmsUsername.chars().anyMatch(c -> c <= ' ' || c >= 0x7f))) {
            throw ApiException.badRequest("nmsUsername must be 1 to 64 printable ASCII characters, no spaces");
        }
        return new TrustRequest(id, strategy, key, string(json, "notes"), nmsUsername, nmsIdentityFile);
    }

    /**
     * The NMS credentials asked for, with the identity read from its file now (so not on an event
     * loop), or null if none were.
     */
    NmsCredentials credentials() {
        if (nmsUsername == null && nmsIdentityFile == null) {
            return null;
        }
        try {
            return TrustStore.credentials(id, nmsUsername, nmsIdentityFile == null ? null : Path.of(nmsIdentityFile));
        } catch (IOException | InvalidPathException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static JsonObject object(RequestBody body) {
        JsonObject json;
        try {
            json = body.asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            // their messages name the parser's and the JDK's classes, nothing the client can act on
            throw ApiException.badRequest("the body must be a JSON object such as {\"id\": \"dev-1\", ...}"
                    + (e instanceof ClassCastException ? ", not an array or a value" : ", and is not valid JSON"));
        }
        if (json == null) {
            throw ApiException.badRequest("the body must be a JSON object such as {\"id\": \"dev-1\", "
                    + "\"approveFingerprint\": \"SHA256:...\"}");
        }
        return json;
    }

    private static String string(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value != null && !(value instanceof String)) {
            throw ApiException.badRequest("'" + field + "' must be a string");
        }
        return (String) value;
    }
}
