package org.callhome.shared.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.callhome.shared.text.PeerText;

/**
 * Where a JSON text breaks the JSON grammar (RFC 8259), and why, in words for the person who wrote
 * the file. Jackson's messages name its own classes and features ("was expecting double-quote to
 * start field name", "not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`", "[Source:
 * REDACTED ...]"); each kind it reports is matched here and said again plainly, and a kind not known
 * here keeps only the words before Jackson's details.
 *
 * @param line   1-based line of the offending character, 0 if unknown
 * @param column 1-based column, 0 if unknown
 * @param reason what is wrong there, without library names
 */
public record JsonSyntaxError(int line, int column, String reason) {

    private static final String VALUE = "a string, number, object, array, true, false or null";
    private static final Pattern UNEXPECTED_CHARACTER = Pattern.compile(
            "Unexpected character \\('(.+?)' \\(code \\d+\\)\\)( in numeric value)?: (.*)", Pattern.DOTALL);
    private static final Pattern CLOSE_MARKER = Pattern.compile("Unexpected close marker '(.)': expected '(.)' "
            + "\\(for (Array|Object) starting at .*?line: (\\d+), column: (\\d+)\\].*", Pattern.DOTALL);
    private static final Pattern QUOTED = Pattern.compile("^[^']*'(.*?)'", Pattern.DOTALL);
    private static final Pattern CONTROL_CODE = Pattern.compile("code (\\d+)");

    /** Reads the place and the reason off Jackson's exception. */
    public static JsonSyntaxError of(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        int line = at == null ? 0 : Math.max(0, at.getLineNr());
        int column = at == null ? 0 : Math.max(0, at.getColumnNr());
        return new JsonSyntaxError(line, column, reason(e));
    }

    /** {@code line 3, column 7}, or {@code /} (the whole document) when Jackson did not say. */
    public String location() {
        return line == 0 ? "/" : column == 0 ? "line " + line : "line " + line + ", column " + column;
    }

    private static String reason(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof MismatchedInputException && message.startsWith("Trailing token")) {
            return "more text after the end of the JSON document; a file holds one object";
        }
        if (e instanceof JsonEOFException || message.startsWith("Unexpected end-of-input")) {
            return endOfInput(message);
        }
        Matcher unexpected = UNEXPECTED_CHARACTER.matcher(message);
        if (unexpected.matches()) {
            return unexpected(shown(unexpected.group(1)), unexpected.group(2) != null, unexpected.group(3));
        }
        Matcher close = CLOSE_MARKER.matcher(message);
        if (close.matches()) {
            return "'" + close.group(1) + "' where '" + close.group(2) + "' must close the "
                    + close.group(3).toLowerCase(Locale.ROOT) + " opened at line " + close.group(4)
                    + ", column " + close.group(5);
        }
        if (message.startsWith("Unexpected close marker")) {
            return PeerText.quote(quoted(message)) + " closes nothing";
        }
        if (message.startsWith("Duplicate field")) {
            return "member " + PeerText.quote(quoted(message)) + " appears twice in the same object";
        }
        if (message.startsWith("Unrecognized token") || message.startsWith("Non-standard token")) {
            return PeerText.quote(quoted(message)) + " is not a JSON value; expected " + VALUE;
        }
        if (message.startsWith("Illegal unquoted character")) {
            Matcher code = CONTROL_CODE.matcher(message);
            String which = code.find() && code.group(1).equals("10") ? "a line break" : "a control character";
            return which + " inside a string; write it escaped, such as \\n or \\t";
        }
        if (message.startsWith("Unrecognized character escape")) {
            return "'\\" + PeerText.shown(quoted(message))
                    + "' is not a JSON escape; a backslash itself is written \\\\";
        }
        if (message.startsWith("Invalid numeric value")) {
            return "invalid number: " + lowerFirst(message.substring(message.indexOf(':') + 1).strip());
        }
        int details = indexOfAny(message, ":", " (", "\n");
        return lowerFirst(details < 0 ? message : message.substring(0, details));
    }

    private static String endOfInput(String message) {
        if (message.contains("Object")) {
            return "the file ends inside an object: a '}' is missing";
        }
        if (message.contains("Array")) {
            return "the file ends inside an array: a ']' is missing";
        }
        if (message.contains("string value")) {
            return "the file ends inside a string: a closing '\"' is missing";
        }
        return "the file ends before the JSON document does";
    }

    private static String unexpected(String character, boolean inNumber, String expectation) {
        String found = "unexpected " + character;
        if (expectation.startsWith("maybe a (non-standard) comment")) {
            return "comments are not allowed in JSON";
        }
        if (inNumber) {
            return found + " in a number";
        }
        if (expectation.contains("double-quote to start field name")) {
            return found + "; expected a member name in double quotes"
                    + ("'}'".equals(character) ? " (a ',' before '}' has nothing to separate)" : "");
        }
        if (expectation.contains("colon to separate field name and value")) {
            return found + "; expected ':' after the member name";
        }
        if (expectation.contains("comma to separate Object entries")) {
            return found + "; expected ',' or '}' after a member";
        }
        if (expectation.contains("comma to separate Array entries")) {
            return found + "; expected ',' or ']' after an array entry";
        }
        if (expectation.contains("hex-digit")) {
            return found + "; \\u must be followed by four hex digits";
        }
        if (expectation.contains("expected a valid value") || expectation.contains("expected a value")) {
            return found + "; expected " + VALUE;
        }
        return found;
    }

    /** A character as the message shows it, named when it would be invisible. */
    private static String shown(String character) {
        return switch (character) {
            case "'" -> "single quote (JSON strings use double quotes)";
            case "\t" -> "tab";
            default -> PeerText.quote(character);
        };
    }

    private static String quoted(String message) {
        Matcher matcher = QUOTED.matcher(message);
        return matcher.find() ? matcher.group(1) : "";
    }

    private static int indexOfAny(String text, String... markers) {
        int first = -1;
        for (String marker : markers) {
            int at = text.indexOf(marker);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    private static String lowerFirst(String text) {
        return text.length() > 1 && Character.isUpperCase(text.charAt(0)) && Character.isLowerCase(text.charAt(1))
                ? Character.toLowerCase(text.charAt(0)) + text.substring(1) : text;
    }
}
