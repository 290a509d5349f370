package org.callhome.shared.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.callhome.shared.io.TextFiles;

/**
 * The device's call-home configuration file: RFC 7951 JSON of
 * {@code ietf-netconf-server:netconf-server/call-home}, with key files, roles and jitter from the
 * project's module callhome-device-ssh ({@link CallHomeYang}). What {@link #write} produces,
 * {@link #read} reads back to equal settings, and yanglint accepts.
 *
 * <pre>
 * {"ietf-netconf-server:netconf-server": {"call-home": {"netconf-client": [{
 *    "name": "nms",
 *    "endpoints": {"endpoint": [{"name": ..., "ssh": {
 *        "tcp-client-parameters": {"remote-address": ..., "remote-port": 4334},
 *        "ssh-server-parameters": {"server-identity": ..., "client-authentication": ..., "keepalives": ...}}}]},
 *    "connection-type": {"persistent": {}},
 *    "reconnect-strategy": {"start-with": "first-listed", "max-wait": 5, "max-attempts": 3,
 *                           "callhome-device-ssh:jitter-fraction": "0.2"}}]}}}
 * </pre>
 */
public final class CallHomeJson {

    /** Far above any real configuration; a larger file is a mistake, not a configuration. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private CallHomeJson() {
    }

    /**
     * Reads and checks a configuration file; every problem names its place in the file.
     *
     * @throws IOException naming the file when it is missing, unreadable, too large or not UTF-8
     *     ({@link TextFiles}); an {@link InvalidConfigException} when its content is wrong
     */
    public static DeviceCallHomeConfig read(Path file) throws IOException {
        return parse(TextFiles.read(file, MAX_FILE_BYTES), file.toString());
    }

    /** Reads configuration text; {@code source} names it in error messages. */
    public static DeviceCallHomeConfig parse(String json, String source) throws InvalidConfigException {
        return CallHomeJsonReader.read(source, tree(json, source));
    }

    /** The JSON tree of configuration text, or an error at the place the syntax is wrong. */
    static JsonNode tree(String json, String source) throws InvalidConfigException {
        JsonNode document;
        try {
            document = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonSyntaxError error = JsonSyntaxError.of(e);
            throw new InvalidConfigException(source, error.location(), "not valid JSON: " + error.reason());
        }
        if (document == null || document.isMissingNode()) {
            throw new InvalidConfigException(source, "/", "the file is empty");
        }
        return document;
    }

    /**
     * The configuration as an RFC 7951 document, indented by two spaces, ending in a newline.
     *
     * @throws IllegalArgumentException if a setting has no exact form in the model, such as a
     *                                  max-wait that is not a whole number of seconds
     */
    public static String write(DeviceCallHomeConfig config) {
        return print(CallHomeJsonWriter.tree(config));
    }

    /** A tree as the configuration files are written: indented by two spaces, ending in a newline. */
    static String print(JsonNode tree) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        try {
            return MAPPER.writer(printer).writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("writing a JSON tree in memory failed", e);
        }
    }
}
