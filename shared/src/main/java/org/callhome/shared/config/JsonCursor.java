package org.callhome.shared.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A node of the configuration tree together with its JSON path, so that every check can say
 * where the file is wrong. Members are checked against the names the reader knows before any of
 * them is read: content the device would silently ignore is refused instead.
 */
final class JsonCursor {

    private final String source;
    private final Map<String, String> unsupported;
    private final JsonNode node;
    private final String path;

    private JsonCursor(String source, Map<String, String> unsupported, JsonNode node, String path) {
        this.source = source;
        this.unsupported = unsupported;
        this.node = node;
        this.path = path;
    }

    /**
     * @param unsupported member names of the model the device refuses, each with the reason given
     *                    to the operator, wherever they occur
     */
    static JsonCursor root(String source, JsonNode node, Map<String, String> unsupported) {
        return new JsonCursor(source, unsupported, node, "");
    }

    String path() {
        return path.isEmpty() ? "/" : path;
    }

    /** Requires an object whose members are all among {@code known}. */
    JsonCursor object(String... known) throws InvalidConfigException {
        if (!node.isObject()) {
            throw error("expected a JSON object, got " + describe(node));
        }
        Set<String> allowed = Set.of(known);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String reason = unsupported.get(name);
                String expected = known.length == 0 ? "none" : String.join(", ", known);
                throw child(name).error(reason != null ? reason
                        : "unknown or unsupported member; expected " + expected);
            }
        }
        return this;
    }

    /** Requires an empty object: a presence container without content, such as {@code persistent}. */
    void emptyObject() throws InvalidConfigException {
        object();
    }

    boolean has(String name) {
        return node.has(name);
    }

    Optional<JsonCursor> optional(String name) throws InvalidConfigException {
        if (!node.has(name)) {
            return Optional.empty();
        }
        JsonCursor child = child(name);
        if (child.node.isNull()) {
            throw child.error("must not be null");
        }
        return Optional.of(child);
    }

    JsonCursor required(String name) throws InvalidConfigException {
        return optional(name).orElseThrow(() -> error("missing member '" + name + "'"));
    }

    /** The entries of a list (a JSON array), each with its index in the path; at least one. */
    List<JsonCursor> list(String name) throws InvalidConfigException {
        JsonCursor array = required(name);
        if (!array.node.isArray()) {
            throw array.error("expected a JSON array (a YANG list), got " + describe(array.node));
        }
        if (array.node.isEmpty()) {
            throw array.error("must have at least one entry");
        }
        List<JsonCursor> entries = new ArrayList<>();
        for (int i = 0; i < array.node.size(); i++) {
            entries.add(new JsonCursor(source, unsupported, array.node.get(i), array.path + "[" + i + "]"));
        }
        return entries;
    }

    String text() throws InvalidConfigException {
        if (!node.isTextual()) {
            throw error("expected a JSON string, got " + describe(node));
        }
        return node.textValue();
    }

    /** An unsigned integer leaf (uint8, uint16): RFC 7951 writes it as a JSON number. */
    int integer(int min, int max) throws InvalidConfigException {
        if (!node.isIntegralNumber()) {
            throw error("expected a JSON number without fraction, got " + describe(node));
        }
        if (!node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            throw error("must be in " + min + ".." + max + ", got " + node.asText());
        }
        return node.intValue();
    }

    /** An unsigned integer leaf too wide for an int (uint32): RFC 7951 writes it as a JSON number. */
    long longInteger(long min, long max) throws InvalidConfigException {
        if (!node.isIntegralNumber()) {
            throw error("expected a JSON number without fraction, got " + describe(node));
        }
        if (!node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw error("must be in " + min + ".." + max + ", got " + node.asText());
        }
        return node.longValue();
    }

    /** A boolean leaf: RFC 7951 writes it as the JSON literal {@code true} or {@code false}. */
    boolean bool() throws InvalidConfigException {
        if (!node.isBoolean()) {
            throw error("expected true or false, got " + describe(node));
        }
        return node.booleanValue();
    }

    /** An optional integer member; {@code ifAbsent}, the model's default, when it is left out. */
    int integer(String name, int min, int max, int ifAbsent) throws InvalidConfigException {
        Optional<JsonCursor> member = optional(name);
        return member.isPresent() ? member.get().integer(min, max) : ifAbsent;
    }

    InvalidConfigException error(String problem) {
        return new InvalidConfigException(source, path(), problem);
    }

    private JsonCursor child(String name) {
        return new JsonCursor(source, unsupported, node.get(name), path + "/" + name);
    }

    private static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "the string \"" + value.textValue() + "\"";
        }
        return value.isContainerNode() ? (value.isArray() ? "an array" : "an object") : value.toString();
    }
}
