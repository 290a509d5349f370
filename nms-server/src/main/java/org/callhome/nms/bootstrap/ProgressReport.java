package org.callhome.nms.bootstrap;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.callhome.shared.ssh.SshKeys;

/**
 * The input of {@code report-progress} (RFC 8572 §7.3), read strictly from its RFC 7951 JSON
 * <pre>
 * {"ietf-sztp-bootstrap-server:input": {
 *     "progress-type": "bootstrap-complete", "message": "...",
 *     "ssh-host-keys": {"ssh-host-key": [{"algorithm": "ssh-ed25519", "key-data": "&lt;base64&gt;"}]},
 *     "trust-anchor-certs": {"trust-anchor-cert": ["&lt;base64 CMS&gt;"]}}}
 * </pre>
 * {@code progress-type} is mandatory and one of the module's enums; the host keys and trust anchors
 * only with {@code bootstrap-complete} (the module's {@code when}), at most {@link #MAX_KEYS} of each.
 * A host key must be of a type the NMS reads ({@link SshKeys#KEY_TYPES}).
 */
record ProgressReport(String progressType, Optional<String> message, List<PublicKey> sshHostKeys,
                      int trustAnchorCerts) {

    static final String BOOTSTRAP_COMPLETE = "bootstrap-complete";
    static final int MAX_KEYS = 8;
    static final int MAX_MESSAGE = 1024;

    /** The enums of {@code progress-type} in ietf-sztp-bootstrap-server@2019-04-30. */
    static final Set<String> PROGRESS_TYPES = Set.of("bootstrap-initiated", "parsing-initiated", "parsing-warning",
            "parsing-error", "parsing-complete", "boot-image-initiated", "boot-image-warning", "boot-image-error",
            "boot-image-mismatch", "boot-image-installed-rebooting", "boot-image-complete", "pre-script-initiated",
            "pre-script-warning", "pre-script-error", "pre-script-complete", "config-initiated", "config-warning",
            "config-error", "config-complete", "post-script-initiated", "post-script-warning", "post-script-error",
            "post-script-complete", "bootstrap-warning", "bootstrap-error", BOOTSTRAP_COMPLETE, "informational");

    private static final Set<String> MEMBERS = Set.of("progress-type", "message", "ssh-host-keys",
            "trust-anchor-certs");

    static ProgressReport parse(Buffer body) {
        if (body == null || body.length() == 0) {
            throw RestconfException.malformed("report-progress needs an input with 'progress-type'");
        }
        JsonObject input = BootstrapInput.operationInput(body, BootstrapInput.MEMBER);
        for (String name : input.fieldNames()) {
            if (!MEMBERS.contains(name)) {
                throw RestconfException.malformed("unknown member '" + BootstrapInput.abbreviate(name)
                        + "' in the input");
            }
        }
        String type = BootstrapInput.text(input, "progress-type")
                .orElseThrow(() -> RestconfException.invalidValue("'progress-type' is mandatory"));
        if (!PROGRESS_TYPES.contains(type)) {
            throw RestconfException.invalidValue("unknown progress-type '" + BootstrapInput.abbreviate(type) + "'");
        }
        Optional<String> message = optionalString(input, "message");
        boolean complete = BOOTSTRAP_COMPLETE.equals(type);
        if (!complete && (input.containsKey("ssh-host-keys") || input.containsKey("trust-anchor-certs"))) {
            throw RestconfException.invalidValue("ssh-host-keys and trust-anchor-certs come with bootstrap-complete only");
        }
        return new ProgressReport(type, message, hostKeys(input), trustAnchors(input));
    }

    private static Optional<String> optionalString(JsonObject input, String name) {
        if (!input.containsKey(name)) {
            return Optional.empty();
        }
        if (!(input.getValue(name) instanceof String value)) {
            throw RestconfException.invalidValue("'" + name + "' must be a string");
        }
        if (value.length() > MAX_MESSAGE) {
            throw RestconfException.invalidValue("'" + name + "' longer than " + MAX_MESSAGE + " characters");
        }
        return Optional.of(value);
    }

    private static List<PublicKey> hostKeys(JsonObject input) {
        JsonArray list = list(input, "ssh-host-keys", "ssh-host-key");
        List<PublicKey> keys = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof JsonObject entry) || !(entry.getValue("algorithm") instanceof String algorithm)
                    || !(entry.getValue("key-data") instanceof String data) || entry.size() != 2) {
                throw RestconfException.invalidValue("an ssh-host-key is {\"algorithm\": ..., \"key-data\": base64}");
            }
            try {
                Base64.getDecoder().decode(data);
                keys.add(SshKeys.parsePublicKey(algorithm + " " + data));
            } catch (IllegalArgumentException e) {
                throw RestconfException.invalidValue("ssh-host-key '" + BootstrapInput.abbreviate(algorithm) + "': "
                        + e.getMessage());
            }
        }
        return List.copyOf(keys);
    }

    private static int trustAnchors(JsonObject input) {
        JsonArray list = list(input, "trust-anchor-certs", "trust-anchor-cert");
        for (Object item : list) {
            if (!(item instanceof String text)) {
                throw RestconfException.invalidValue("a trust-anchor-cert is a base64 string");
            }
            try {
                Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw RestconfException.invalidValue("a trust-anchor-cert is not base64");
            }
        }
        return list.size();
    }

    /** The list {@code container/list}: empty when the container is absent; at most {@link #MAX_KEYS} entries. */
    private static JsonArray list(JsonObject input, String container, String name) {
        if (!input.containsKey(container)) {
            return new JsonArray();
        }
        if (!(input.getValue(container) instanceof JsonObject holder) || holder.size() != 1
                || !(holder.getValue(name) instanceof JsonArray list)) {
            throw RestconfException.invalidValue("'" + container + "' must be {\"" + name + "\": [...]}");
        }
        if (list.size() > MAX_KEYS) {
            throw RestconfException.invalidValue("'" + container + "' has " + list.size() + " entries, at most "
                    + MAX_KEYS + " are taken");
        }
        return list;
    }
}
