package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Word wrapping for the fixed-width outputs. Line breaks in the text are kept, runs of white
 * space inside a line become one space, and a word longer than a line is split across lines,
 * after a hyphen where one falls within the line ("device-ssh-" and "client"), so every character
 * of the text stays in the output.
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
                    int cut = cut(word, width);
                    out.add(word.substring(0, cut));
                    word = word.substring(cut);
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

    /**
     * Where to split {@code word}, longer than {@code width}: after its last hyphen within the
     * width (one that has a character before it), else at the width.
     */
    private static int cut(String word, int width) {
        for (int at = width - 1; at >= 1; at--) {
            if (word.charAt(at) == '-') {
                return at + 1;
            }
        }
        return width;
    }

    /**
     * The length of the longest part of {@code text} when its words are split after each hyphen
     * (one that has a character before and after it): the narrowest width that wraps it without
     * splitting a word elsewhere.
     */
    static int longestPart(String text) {
        int longest = 0;
        for (String word : text.strip().split("\\s+")) {
            int start = 0;
            for (int at = 1; at < word.length() - 1; at++) {
                if (word.charAt(at) == '-' && at > start) {
                    longest = Math.max(longest, at + 1 - start);
                    start = at + 1;
                }
            }
            longest = Math.max(longest, word.length() - start);
        }
        return longest;
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
