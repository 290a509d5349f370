package org.callhome.shared.text;

/**
 * Text someone else chose (a peer's name, request or reply, a word of a file or a command line),
 * made fit for a log line or an error message: control characters (including line breaks, so no
 * one can forge a log line), format characters such as the bidirectional overrides, line and
 * paragraph separators and unpaired surrogates are escaped, {@code \n}, {@code \r} and
 * {@code \t} by name and the others as {@code \}{@code uXXXX}; and the result is cut after a
 * bound, marked with {@code ...}. Ordinary text within the bound comes out as it went in.
 *
 * <p>{@link #quote} also puts it in single quotes, escaping a quote or backslash inside, so the
 * reader sees where the text ends; {@link #shown} leaves quoting to the message around it.
 */
public final class PeerText {

    /** Characters kept of a name, a word or a token: enough to recognise it, short enough for one line. */
    public static final int NAME_CHARS = 40;
    /** Characters kept of a whole message someone else wrote, such as a peer's error or its process's output. */
    public static final int MESSAGE_CHARS = 300;

    private static final String CUT = "...";

    private PeerText() {
    }

    /** {@code 'text'}, escaped and cut after {@link #NAME_CHARS}; {@code 'null'} for null. */
    public static String quote(String text) {
        return quote(text, NAME_CHARS);
    }

    /** {@code 'text'}, escaped and cut after {@code maxChars} characters of the escaped form. */
    public static String quote(String text, int maxChars) {
        return "'" + escape(text, maxChars, true) + "'";
    }

    /** The text escaped and cut after {@link #NAME_CHARS}, without quotes; {@code null} for null. */
    public static String shown(String text) {
        return shown(text, NAME_CHARS);
    }

    /** The text escaped and cut after {@code maxChars} characters of the escaped form, without quotes. */
    public static String shown(String text, int maxChars) {
        return escape(text, maxChars, false);
    }

    /**
     * The whole text, escaped as {@link #shown} escapes it but not cut: for showing a value someone
     * else chose where it is shown whole (a dashboard, an API answer), so that a bidirectional
     * override or a control character cannot change how it or the text around it reads. Null for null.
     */
    public static String neutralised(String text) {
        return text == null ? null : escape(text, Integer.MAX_VALUE, false);
    }

    private static String escape(String text, int maxChars, boolean quoted) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive, got " + maxChars);
        }
        String value = String.valueOf(text);
        StringBuilder out = new StringBuilder(Math.min(value.length(), 1024) + CUT.length());
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            int width = Character.charCount(c);
            String escape = escapeOf(c, quoted);
            if (out.length() + (escape == null ? width : escape.length()) > maxChars) {
                return out.append(CUT).toString();
            }
            if (escape == null) {
                out.appendCodePoint(c);
            } else {
                out.append(escape);
            }
            i += width;
        }
        return out.toString();
    }

    /** How {@code c} is written, or null when it stands for itself. */
    private static String escapeOf(int c, boolean quoted) {
        if (c == '\'' || c == '\\') {
            return quoted ? "\\" + (char) c : null;
        }
        String named = switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> null;
        };
        if (named != null) {
            return named;
        }
        int type = Character.getType(c);
        if (type != Character.CONTROL && type != Character.FORMAT && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR && type != Character.SURROGATE) {
            return null;
        }
        StringBuilder units = new StringBuilder();
        for (char unit : Character.toChars(c)) {
            units.append(String.format("\\u%04X", (int) unit));
        }
        return units.toString();
    }
}
