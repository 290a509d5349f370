package org.callhome.device.datastore;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * A confirmed commit waiting for its confirmation, as kept in the data folder's
 * {@code confirmed-commit} file (a properties file: {@code deadline}, {@code session-id} and,
 * when given, {@code persist}).
 *
 * @param deadline  when running rolls back unless confirmed
 * @param persist   the token a confirming commit or cancel-commit must quote as persist-id; when
 *                  empty only {@code sessionId} may confirm, and its end rolls back
 * @param sessionId the session that issued the last confirmed commit
 */
public record ConfirmedCommit(Instant deadline, Optional<String> persist, long sessionId) {

    public ConfirmedCommit {
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(persist, "persist");
    }

    String encode() throws IOException {
        Properties properties = new Properties();
        properties.setProperty("deadline", deadline.toString());
        properties.setProperty("session-id", Long.toString(sessionId));
        persist.ifPresent(token -> properties.setProperty("persist", token));
        StringWriter out = new StringWriter();
        properties.store(out, "a confirmed commit waiting for its confirmation (RFC 6241 8.4)");
        return out.toString();
    }

    static ConfirmedCommit decode(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        try {
            return new ConfirmedCommit(Instant.parse(required(properties, "deadline")),
                    Optional.ofNullable(properties.getProperty("persist")),
                    Long.parseLong(required(properties, "session-id")));
        } catch (DateTimeException | NumberFormatException e) {
            throw new IOException("the confirmed-commit file is damaged: " + e.getMessage(), e);
        }
    }

    private static String required(Properties properties, String key) throws IOException {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IOException("the confirmed-commit file has no " + key);
        }
        return value;
    }
}
