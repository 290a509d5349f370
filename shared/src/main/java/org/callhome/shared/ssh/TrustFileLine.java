package org.callhome.shared.ssh;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One meaningful line of an OpenSSH trust file (known_hosts, authorized_keys): its text without
 * surrounding whitespace and its 1-based number, so every error can point at
 * {@code <file>:<line>: <what is wrong>} the way compilers do. Blank lines and {@code #} comments
 * are not returned.
 */
record TrustFileLine(Path file, int number, String text) {

    /** @throws IOException naming the file when it is missing, unreadable or not UTF-8 text */
    static List<TrustFileLine> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": file does not exist", e);
        } catch (AccessDeniedException e) {
            throw new IOException(file + ": file cannot be read (permission denied)", e);
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text", e);
        }
        List<TrustFileLine> meaningful = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (i == 0 && text.startsWith("\uFEFF")) {
                text = text.substring(1).strip();
            }
            if (!text.isEmpty() && !text.startsWith("#")) {
                meaningful.add(new TrustFileLine(file, i + 1, text));
            }
        }
        return meaningful;
    }

    /** An exception saying what is wrong with this line. */
    IOException error(String what) {
        return new IOException(file + ":" + number + ": " + what);
    }

    /** The same, keeping the cause (e.g. the key parser's exception). */
    IOException error(String what, Throwable cause) {
        return new IOException(file + ":" + number + ": " + what, cause);
    }
}
