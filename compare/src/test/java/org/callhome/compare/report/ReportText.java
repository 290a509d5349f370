package org.callhome.compare.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading a rendered report in tests: as flowing text, parts in order, counts of a part. */
final class ReportText {

    private ReportText() {
    }

    /** {@code text} with every run of whitespace as one space, so wrapped lines read as one. */
    static String flowing(String text) {
        return text.replaceAll("\\s+", " ");
    }

    static void assertInOrder(String text, String... parts) {
        assertInOrder(text, List.of(parts));
    }

    static void assertInOrder(String text, List<String> parts) {
        int from = 0;
        for (String part : parts) {
            int at = text.indexOf(part, from);
            assertTrue(at >= 0, "'" + part.strip() + "' missing or out of order");
            from = at + part.length();
        }
    }

    static int occurrences(String text, String part) {
        Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
