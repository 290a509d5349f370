package org.callhome.shared.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A node of an RFC 7951 JSON tree together with its JSON path, so that every refusal can say where
 * the document is wrong. Strict: an object's members are checked against the names the model has
 * before any of them is read, so that content a reader would silently ignore is refused instead.
 *
 * <p>A reader's own cursor extends this with its exception type, how it words an unknown member and
 * how it shows a value from the document in a message, and with the leaves its model has.
 *
 * @param <C> the reader's cursor, which each navigation returns
 * @param <E> the exception the reader refuses a document with
 */
public abstract class JsonPathNode<C extends JsonPathNode<C, E>, E extends Exception> {

    private final JsonNode node;
    private final String path;

    /** @param path the node's JSON path, {@code ""} for the root */
    protected JsonPathNode(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The same kind of cursor at another node of the tree. */
    protected abstract C at(JsonNode node, String path);

    /** The reader's exception for a problem at {@code path} ({@code /} for the root). */
    protected abstract E newError(String path, String problem);

    /** Why {@code name} is refused where only the {@code expected} members (or {@code none}) may be. */
    protected abstract String unknownMember(String name, String expected);

    /** How a string value from the document appears in a message, quotes included. */
    protected abstract String quoted(String text);

    /** How another scalar value (its JSON text) appears in a message. */
    protected abstract String shown(String json);

    protected final JsonNode node() {
        return node;
    }

    /** The JSON path, {@code /} for the root, list entries as {@code [index]}. */
    public final String path() {
        return path.isEmpty() ? "/" : path;
    }

    /** Requires an object whose members are all among {@code known}. */
    public final C object(String... known) throws E {
        if (!node.isObject()) {
            throw error("expected a JSON object, got " + describe(node));
        }
        Set<String> allowed = Set.of(known);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw child(name).error(unknownMember(name, known.length == 0 ? "none" : String.join(", ", known)));
            }
        }
        return self();
    }

    public final boolean has(String name) {
        return node.has(name);
    }

    public final Optional<C> optional(String name) throws E {
        if (!node.has(name)) {
            return Optional.empty();
        }
        C child = child(name);
        if (child.node().isNull()) {
            throw child.error("must not be null");
        }
        return Optional.of(child);
    }

    public final C required(String name) throws E {
        return optional(name).orElseThrow(() -> error("missing member '" + name + "'"));
    }

    /** The entries of a YANG list (a JSON array), each with its index in the path; at least one. */
    public final List<C> list() throws E {
        if (!node.isArray()) {
            throw error("expected a JSON array (a YANG list), got " + describe(node));
        }
        if (node.isEmpty()) {
            throw error("must have at least one entry");
        }
        List<C> entries = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            entries.add(at(node.get(i), path + "[" + i + "]"));
        }
        return entries;
    }

    public final String text() throws E {
        if (!node.isTextual()) {
            throw error("expected a JSON string, got " + describe(node));
        }
        return node.textValue();
    }

    /** A boolean leaf: RFC 7951 writes it as the JSON literal {@code true} or {@code false}. */
    public final boolean bool() throws E {
        if (!node.isBoolean()) {
            throw error("expected true or false, got " + describe(node));
        }
        return node.booleanValue();
    }

    /** The reader's exception for a problem here. */
    public final E error(String problem) {
        return newError(path(), problem);
    }

    /** A value as a message shows it: a string quoted, an array or object by its kind, else its JSON text. */
    protected final String describe(JsonNode value) {
        if (value.isTextual()) {
            return "the string " + quoted(value.textValue());
        }
        if (value.isContainerNode()) {
            return value.isArray() ? "an array" : "an object";
        }
        return shown(value.toString());
    }

    @SuppressWarnings("unchecked") // C is the class that extends this one
    private C self() {
        return (C) this;
    }

    private C child(String name) {
        return at(node.get(name), path + "/" + name);
    }
}
