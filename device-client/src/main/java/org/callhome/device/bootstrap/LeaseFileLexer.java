package org.callhome.device.bootstrap;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Splits a dhclient lease file into tokens the way ISC dhclient's own reader does, as far as
 * dhclient's writer needs: whitespace separates; {@code #} starts a comment to the end of the
 * line (outside a string); {@code ;}, <code>{</code> and <code>}</code> stand alone; a quoted
 * string is one token; any other run of characters is a word ({@code 0:1a:68},
 * {@code 2152/03/10}, {@code unknown-143}).
 *
 * <p>In a quoted string, the escapes dhclient's {@code pretty_escape} writes are decoded: a
 * backslash and three octal digits for a byte that is not printable ASCII, and a backslash before
 * any of {@code " ' $ ` \ | &}. Any other escape, and a string or file that ends inside a string,
 * is a {@link LeaseFileException}. The file is read as ISO-8859-1, so a string's characters are
 * its bytes.
 */
final class LeaseFileLexer {

    enum Kind {
        WORD, STRING, SEMICOLON, OPEN, CLOSE, END
    }

    /** @param text a word's characters or a string's decoded bytes (one char per byte) */
    record Token(Kind kind, String text, int line) {
        boolean is(Kind expected) {
            return kind == expected;
        }

        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        String describe() {
            return switch (kind) {
                case WORD -> "'" + printable(text) + "'";
                case STRING -> "a quoted string";
                case SEMICOLON -> "';'";
                case OPEN -> "'{'";
                case CLOSE -> "'}'";
                case END -> "the end of the file";
            };
        }
    }

    private static final int MAX_QUOTED_CHARS = 60;
    private static final String ESCAPED_AS_ITSELF = "\"'$`\\|&";

    private final Path file;
    private final String content;
    private int next;
    private int line = 1;

    LeaseFileLexer(Path file, String content) {
        this.file = file;
        this.content = content;
    }

    Token next() throws LeaseFileException {
        skipBlanksAndComments();
        if (next == content.length()) {
            return new Token(Kind.END, "", line);
        }
        char c = content.charAt(next);
        switch (c) {
            case ';':
                next++;
                return new Token(Kind.SEMICOLON, ";", line);
            case '{':
                next++;
                return new Token(Kind.OPEN, "{", line);
            case '}':
                next++;
                return new Token(Kind.CLOSE, "}", line);
            case '"':
                return string();
            default:
                return word();
        }
    }

    private void skipBlanksAndComments() {
        while (next < content.length()) {
            char c = content.charAt(next);
            if (c == '#') {
                while (next < content.length() && content.charAt(next) != '\n') {
                    next++;
                }
            } else if (Character.isWhitespace(c)) {
                if (c == '\n') {
                    line++;
                }
                next++;
            } else {
                return;
            }
        }
    }

    private Token word() {
        int start = next;
        while (next < content.length() && !endsWord(content.charAt(next))) {
            next++;
        }
        return new Token(Kind.WORD, content.substring(start, next), line);
    }

    private static boolean endsWord(char c) {
        return Character.isWhitespace(c) || c == ';' || c == '{' || c == '}' || c == '"' || c == '#';
    }

    private Token string() throws LeaseFileException {
        int startLine = line;
        StringBuilder value = new StringBuilder();
        next++;
        while (true) {
            if (next == content.length()) {
                throw LeaseFileException.at(file, startLine, "quoted string not closed before the end of the file");
            }
            char c = content.charAt(next++);
            if (c == '"') {
                return new Token(Kind.STRING, value.toString(), startLine);
            }
            if (c == '\n') {
                line++;
            }
            value.append(c == '\\' ? escaped() : c);
        }
    }

    private char escaped() throws LeaseFileException {
        if (next == content.length()) {
            throw LeaseFileException.at(file, line, "quoted string not closed before the end of the file");
        }
        char c = content.charAt(next);
        if (ESCAPED_AS_ITSELF.indexOf(c) >= 0) {
            next++;
            return c;
        }
        if (next + 3 <= content.length() && isOctal(c) && isOctal(content.charAt(next + 1))
                && isOctal(content.charAt(next + 2))) {
            int value = Integer.parseInt(content.substring(next, next + 3), 8);
            if (value <= 0xff) {
                next += 3;
                return (char) value;
            }
        }
        throw LeaseFileException.at(file, line, "escape \\" + printable(c)
                + " in a quoted string is not one dhclient writes (\\ and three octal digits, or \\ before one of "
                + ESCAPED_AS_ITSELF + ")");
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }

    /** A word from the file made safe to quote in a message: cut short, control bytes shown in hex. */
    static String printable(String word) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < Math.min(word.length(), MAX_QUOTED_CHARS); i++) {
            shown.append(printable(word.charAt(i)));
        }
        return word.length() > MAX_QUOTED_CHARS ? shown + "..." : shown.toString();
    }

    private static String printable(char c) {
        return c > 0x20 && c < 0x7f ? String.valueOf(c) : String.format(Locale.ROOT, "<0x%02x>", (int) c);
    }
}
