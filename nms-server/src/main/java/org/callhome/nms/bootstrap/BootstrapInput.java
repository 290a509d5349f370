package org.callhome.nms.bootstrap;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The input of {@code get-bootstrapping-data} (RFC 8572 §7.1), read strictly from its RFC 7951 JSON
 * <pre>
 * {"ietf-sztp-bootstrap-server:input": {
 *     "signed-data-preferred": [null], "hw-model": "...", "os-name": "...", "os-version": "...",
 *     "nonce": "&lt;base64, 16..32 bytes&gt;"}}
 * </pre>
 * every member optional, an empty body the same as an empty input. An unknown member, a value of
 * the wrong type or a string longer than {@link #MAX_TEXT} is refused (400), as is any other document.
 */
record BootstrapInput(boolean signedDataPreferred, Optional<String> hwModel, Optional<String> osName,
                      Optional<String> osVersion, Optional<byte[]> nonce) {

    static final String MEMBER = "ietf-sztp-bootstrap-server:input";
    /** Longest hw-model, os-name or os-version kept. */
    static final int MAX_TEXT = 256;
    static final int MIN_NONCE_BYTES = 16;
    static final int MAX_NONCE_BYTES = 32;

    private static final Set<String> MEMBERS = Set.of("signed-data-preferred", "hw-model", "os-name", "os-version",
            "nonce");

    static final BootstrapInput NONE = new BootstrapInput(false, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    static BootstrapInput parse(Buffer body) {
        if (body == null || body.length() == 0) {
            return NONE;
        }
        JsonObject input = operationInput(body, MEMBER);
        for (String name : input.fieldNames()) {
            if (!MEMBERS.contains(name)) {
                throw RestconfException.malformed("unknown member '" + abbreviate(name) + "' in the input");
            }
        }
        return new BootstrapInput(empty(input, "signed-data-preferred"), text(input, "hw-model"),
                text(input, "os-name"), text(input, "os-version"), nonce(input));
    }

    /** The object under {@code member}, the document's only member. */
    static JsonObject operationInput(Buffer body, String member) {
        JsonObject document;
        try {
            document = new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            throw RestconfException.malformed("the body is not a JSON object");
        }
        if (document.size() != 1 || !(document.getValue(member) instanceof JsonObject input)) {
            throw RestconfException.malformed("the body must be {\"" + member + "\": {...}}");
        }
        return input;
    }

    /** A leaf of type empty, {@code [null]} in RFC 7951 §6.9. */
    private static boolean empty(JsonObject input, String name) {
        if (!input.containsKey(name)) {
            return false;
        }
        if (input.getValue(name) instanceof JsonArray array && array.size() == 1 && array.getValue(0) == null) {
            return true;
        }
        throw RestconfException.invalidValue("'" + name + "' is of type empty: [null]");
    }

    static Optional<String> text(JsonObject input, String name) {
        if (!input.containsKey(name)) {
            return Optional.empty();
        }
        if (!(input.getValue(name) instanceof String value)) {
            throw RestconfException.invalidValue("'" + name + "' must be a string");
        }
        if (value.length() > MAX_TEXT) {
            throw RestconfException.invalidValue("'" + name + "' longer than " + MAX_TEXT + " characters");
        }
        return Optional.of(value);
    }

    private static Optional<byte[]> nonce(JsonObject input) {
        Optional<byte[]> nonce = binary(input, "nonce");
        if (nonce.isPresent() && (nonce.get().length < MIN_NONCE_BYTES || nonce.get().length > MAX_NONCE_BYTES)) {
            throw RestconfException.invalidValue("'nonce' must be " + MIN_NONCE_BYTES + " to " + MAX_NONCE_BYTES
                    + " bytes, got " + nonce.get().length);
        }
        return nonce;
    }

    /** A leaf of type binary: base64 (RFC 7951 §6.6). */
    static Optional<byte[]> binary(JsonObject input, String name) {
        if (!input.containsKey(name)) {
            return Optional.empty();
        }
        if (!(input.getValue(name) instanceof String value)) {
            throw RestconfException.invalidValue("'" + name + "' must be a base64 string");
        }
        try {
            return Optional.of(Base64.getDecoder().decode(value));
        } catch (IllegalArgumentException e) {
            throw RestconfException.invalidValue("'" + name + "' is not base64");
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
