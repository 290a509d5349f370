package org.callhome.shared.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.callhome.shared.json.JsonPathNode;

/**
 * A node of the configuration tree together with its JSON path, so that every check can say
 * where the file is wrong. Members are checked against the names the reader knows before any of
 * them is read: content the device would silently ignore is refused instead, with the reason the
 * device gives for a member of the model it does not support.
 */
final class JsonCursor extends JsonPathNode<JsonCursor, InvalidConfigException> {

    private final String source;
    private final Map<String, String> unsupported;

    private JsonCursor(String source, Map<String, String> unsupported, JsonNode node, String path) {
        super(node, path);
        this.source = source;
        this.unsupported = unsupported;
    }

    /**
     * @param unsupported member names of the model the device refuses, each with the reason given
     *                    to the operator, wherever they occur
     */
    static JsonCursor root(String source, JsonNode node, Map<String, String> unsupported) {
        return new JsonCursor(source, unsupported, node, "");
    }

    /** Requires an empty object: a presence container without content, such as {@code persistent}. */
    void emptyObject() throws InvalidConfigException {
        object();
    }

    /** The entries of the list member {@code name}, each with its index in the path; at least one. */
    List<JsonCursor> list(String name) throws InvalidConfigException {
        return required(name).list();
    }

    /** An unsigned integer leaf (uint8, uint16): RFC 7951 writes it as a JSON number. */
    int integer(int min, int max) throws InvalidConfigException {
        return (int) longInteger(min, max);
    }

    /** An unsigned integer leaf too wide for an int (uint32): RFC 7951 writes it as a JSON number. */
    long longInteger(long min, long max) throws InvalidConfigException {
        JsonNode node = node();
        if (!node.isIntegralNumber()) {
            throw error("expected a JSON number without fraction, got " + describe(node));
        }
        if (!node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw error("must be in " + min + ".." + max + ", got " + node.asText());
        }
        return node.longValue();
    }

    /** An optional integer member; {@code ifAbsent}, the model's default, when it is left out. */
    int integer(String name, int min, int max, int ifAbsent) throws InvalidConfigException {
        Optional<JsonCursor> member = optional(name);
        return member.isPresent() ? member.get().integer(min, max) : ifAbsent;
    }

    @Override
    protected JsonCursor at(JsonNode node, String path) {
        return new JsonCursor(source, unsupported, node, path);
    }

    @Override
    protected InvalidConfigException newError(String path, String problem) {
        return new InvalidConfigException(source, path, problem);
    }

    @Override
    protected String unknownMember(String name, String expected) {
        String reason = unsupported.get(name);
        return reason != null ? reason : "unknown or unsupported member; expected " + expected;
    }

    @Override
    protected String quoted(String text) {
        return "\"" + text + "\"";
    }

    @Override
    protected String shown(String json) {
        return json;
    }
}
