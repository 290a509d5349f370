package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fixed-width table for the plain-text outputs: columns two spaces apart, a dashed line under
 * the headers, and cells wrapped onto more lines when the table would be wider than allowed.
 * Columns shrink widest first: headers wider than their cells wrap first, then cells down to
 * their longest word, and only then are words split.
 */
final class TextTable {

    /** How a column's cells sit in it. */
    enum Align { LEFT, RIGHT }

    private static final String GAP = "  ";

    private final List<String> headers;
    private final List<Align> aligns;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(List<String> headers, List<Align> aligns) {
        if (headers.size() != aligns.size()) {
            throw new IllegalArgumentException(headers.size() + " headers but " + aligns.size() + " alignments");
        }
        this.headers = List.copyOf(headers);
        this.aligns = List.copyOf(aligns);
    }

    /** A table whose first column is a left-aligned label and whose other columns are right-aligned figures. */
    static TextTable labelled(List<String> headers) {
        List<Align> aligns = new ArrayList<>();
        aligns.add(Align.LEFT);
        headers.stream().skip(1).forEach(header -> aligns.add(Align.RIGHT));
        return new TextTable(headers, aligns);
    }

    /** A table whose columns are all left-aligned text. */
    static TextTable text(List<String> headers) {
        return new TextTable(headers, headers.stream().map(header -> Align.LEFT).toList());
    }

    TextTable add(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException(cells.size() + " cells for " + headers.size() + " columns");
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    /** The table's lines, none longer than {@code maxWidth}. */
    List<String> render(int maxWidth) {
        int[] widths = fit(maxWidth);
        List<String> out = new ArrayList<>(renderRow(headers, widths));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : GAP).append("-".repeat(widths[i]));
        }
        out.add(rule.toString());
        rows.forEach(row -> out.addAll(renderRow(row, widths)));
        return out;
    }

    /** The rows alone, without headers and rule, none longer than {@code maxWidth}. */
    List<String> renderRows(int maxWidth) {
        int[] widths = fit(maxWidth);
        List<String> out = new ArrayList<>();
        rows.forEach(row -> out.addAll(renderRow(row, widths)));
        return out;
    }

    private int[] fit(int maxWidth) {
        int columns = headers.size();
        int[] widths = new int[columns];
        int[] cellWidths = new int[columns];
        int[] wordWidths = new int[columns];
        for (int i = 0; i < columns; i++) {
            widths[i] = Math.max(1, headers.get(i).strip().length());
            cellWidths[i] = TextWrap.longestWord(headers.get(i));
            wordWidths[i] = cellWidths[i];
        }
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                int width = row.get(i).strip().length();
                widths[i] = Math.max(widths[i], width);
                cellWidths[i] = Math.max(cellWidths[i], width);
                wordWidths[i] = Math.max(wordWidths[i], TextWrap.longestWord(row.get(i)));
            }
        }
        int[] anyWidth = new int[columns];
        for (int[] floor : List.of(cellWidths, wordWidths, anyWidth)) {
            while (Arrays.stream(widths).sum() + GAP.length() * (columns - 1) > maxWidth) {
                int widest = widestAbove(widths, floor);
                if (widest < 0) {
                    break;
                }
                widths[widest]--;
            }
        }
        if (Arrays.stream(widths).sum() + GAP.length() * (columns - 1) > maxWidth) {
            throw new IllegalArgumentException(columns + " columns do not fit in " + maxWidth + " characters");
        }
        return widths;
    }

    private static int widestAbove(int[] widths, int[] floor) {
        int widest = -1;
        for (int i = 0; i < widths.length; i++) {
            if (widths[i] > Math.max(1, floor[i]) && (widest < 0 || widths[i] > widths[widest])) {
                widest = i;
            }
        }
        return widest;
    }

    private List<String> renderRow(List<String> cells, int[] widths) {
        List<List<String>> wrapped = new ArrayList<>();
        int height = 1;
        for (int i = 0; i < cells.size(); i++) {
            List<String> lines = TextWrap.lines(cells.get(i), widths[i]);
            wrapped.add(lines);
            height = Math.max(height, lines.size());
        }
        List<String> out = new ArrayList<>();
        for (int line = 0; line < height; line++) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < cells.size(); i++) {
                List<String> lines = wrapped.get(i);
                String part = line < lines.size() ? lines.get(line) : "";
                String padding = " ".repeat(widths[i] - part.length());
                text.append(i == 0 ? "" : GAP).append(aligns.get(i) == Align.LEFT ? part + padding : padding + part);
            }
            out.add(text.toString().stripTrailing());
        }
        return out;
    }
}
