package org.callhome.shared.sztp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.callhome.shared.json.JsonPathNode;
import org.callhome.shared.text.PeerText;

/**
 * A node of an artifact's RFC 7951 JSON tree with its path, so every refusal says where. Strict:
 * an object's members are checked against the names the model has before any is read, so a member
 * this implementation would ignore is refused instead; duplicate members, trailing text and JSON
 * nested deeper than {@value #MAX_DEPTH} are refused while parsing.
 */
final class JsonTree extends JsonPathNode<JsonTree, ArtifactFormatException> {

    static final int MAX_DEPTH = 16;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonTree(JsonNode node, String path) {
        super(node, path);
    }

    /** The document's root, which must be an object. */
    static JsonTree parse(byte[] json) throws ArtifactFormatException {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null) {
                throw new ArtifactFormatException("/", "empty document");
            }
            return new JsonTree(root, "");
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the text, and conveyed information may hold secrets: say where only
            JsonLocation at = e.getLocation();
            throw new ArtifactFormatException("/", at == null ? "not JSON, or nested deeper than " + MAX_DEPTH
                    : "not JSON, or nested deeper than " + MAX_DEPTH + ", at line " + at.getLineNr() + ", column "
                    + at.getColumnNr());
        } catch (IOException e) {
            throw new ArtifactFormatException("/", "not JSON");
        }
    }

    static JsonMapper mapper() {
        return MAPPER;
    }

    /** A string of 1 to {@code maxChars} characters. */
    String text(int maxChars) throws ArtifactFormatException {
        String text = text();
        if (text.isEmpty() || text.length() > maxChars) {
            throw error("must have 1 to " + maxChars + " characters, has " + text.length());
        }
        return text;
    }

    /** A {@code binary} leaf: base64 (RFC 7951 §6.6). */
    Binary binary() throws ArtifactFormatException {
        try {
            return Binary.ofBase64(text());
        } catch (IllegalArgumentException e) {
            throw error("not base64");
        }
    }

    /** A {@code yang:date-and-time} leaf (RFC 6991): RFC 3339 with an offset. */
    Instant dateAndTime() throws ArtifactFormatException {
        String text = text();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw error("not a date-and-time (RFC 3339, such as 2031-03-01T12:00:00Z): " + PeerText.quote(text));
        }
    }

    /** A {@code uint16} leaf: RFC 7951 writes it as a JSON number. */
    int integer(int min, int max) throws ArtifactFormatException {
        JsonNode node = node();
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            throw error("expected a number in " + min + ".." + max + ", got " + describe(node));
        }
        return node.intValue();
    }

    /** The model allows the member here, this implementation does not support it. */
    ArtifactFormatException unsupported(String problem) {
        return new ArtifactFormatException(path(), problem, true);
    }

    @Override
    protected JsonTree at(JsonNode node, String path) {
        return new JsonTree(node, path);
    }

    @Override
    protected ArtifactFormatException newError(String path, String problem) {
        return new ArtifactFormatException(path, problem);
    }

    @Override
    protected String unknownMember(String name, String expected) {
        return "unknown member; expected " + expected;
    }

    @Override
    protected String quoted(String text) {
        return PeerText.quote(text);
    }

    @Override
    protected String shown(String json) {
        return PeerText.shown(json);
    }
}
