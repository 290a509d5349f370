package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Word wrapping for the fixed-width outputs. Line breaks in the text are kept, runs of white
 * space inside a line become one space, and a word longer than a line is split across lines,
 * so every character of the text stays in the output.
 */
final class TextWrap {

    private TextWrap() {
    }

    /** {@code text} in lines of at most {@code width} characters. */
    static List<String> lines(String text, int width) {
        return lines(text, width, width);
    }

    /** {@code text} in lines of at most {@code firstWidth} characters for the first line, {@code restWidth} after. */
    static List<String> lines(String text, int firstWidth, int restWidth) {
        if (firstWidth < 1 || restWidth < 1) {
            throw new IllegalArgumentException("line widths (" + firstWidth + ", " + restWidth + ") must be positive");
        }
        List<String> out = new ArrayList<>();
        for (String source : text.split("\\R", -1)) {
            String trimmed = source.strip();
            if (trimmed.isEmpty()) {
                out.add("");
                continue;
            }
            StringBuilder line = new StringBuilder();
            for (String word : trimmed.split("\\s+")) {
                int width = out.isEmpty() ? firstWidth : restWidth;
                if (!line.isEmpty() && line.length() + 1 + word.length() <= width) {
                    line.append(' ').append(word);
                    continue;
                }
                if (!line.isEmpty()) {
                    out.add(line.toString());
                    line.setLength(0);
                    width = restWidth;
                }
                while (word.length() > width) {
                    out.add(word.substring(0, width));
                    word = word.substring(width);
                    width = restWidth;
                }
                line.append(word);
            }
            out.add(line.toString());
        }
        return out;
    }

    /**
     * {@code text} after {@code firstPrefix} on its first line and {@code restPrefix} on the
     * others, every line at most {@code width} characters including its prefix.
     */
    static List<String> hanging(String text, int width, String firstPrefix, String restPrefix) {
        List<String> wrapped = lines(text, width - firstPrefix.length(), width - restPrefix.length());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < wrapped.size(); i++) {
            out.add(((i == 0 ? firstPrefix : restPrefix) + wrapped.get(i)).stripTrailing());
        }
        return out;
    }

    /** The length of the longest word of {@code text}: the narrowest width that wraps it without splitting a word. */
    static int longestWord(String text) {
        int longest = 0;
        for (String word : text.strip().split("\\s+")) {
            longest = Math.max(longest, word.length());
        }
        return longest;
    }
}
