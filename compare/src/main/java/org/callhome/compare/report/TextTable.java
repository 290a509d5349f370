package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fixed-width table for the plain-text outputs: columns two spaces apart, a dashed line under
 * the headers, and cells wrapped onto more lines when the table would be wider than allowed.
 * Columns shrink in stages: headers wider than their cells wrap first; then cells wrap down to
 * their longest word while headers may also split after a hyphen ("device-ssh-" and "client");
 * then cells' words split after hyphens too, and only then anywhere. Within a stage the column
 * narrowed next is the one that adds the fewest lines to the table, the widest of those: so a wide
 * label column keeps its labels on one line while a figure's unit moves under its number, and a
 * strategy's name splits in a header that takes two lines anyway. Tables of {@link #facts} narrow
 * the widest column instead.
 */
final class TextTable {

    /** How a column's cells sit in it. */
    enum Align { LEFT, RIGHT }

    private static final String GAP = "  ";

    private final List<String> headers;
    private final List<Align> aligns;
    /** Whether a stage narrows the column that adds the fewest lines, rather than the widest. */
    private final boolean fewestLines;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(List<String> headers, List<Align> aligns) {
        this(headers, aligns, true);
    }

    private TextTable(List<String> headers, List<Align> aligns, boolean fewestLines) {
        if (headers.size() != aligns.size()) {
            throw new IllegalArgumentException(headers.size() + " headers but " + aligns.size() + " alignments");
        }
        this.headers = List.copyOf(headers);
        this.aligns = List.copyOf(aligns);
        this.fewestLines = fewestLines;
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

    /**
     * Labels and their values, rendered with {@link #renderRows}: the widest column narrows first,
     * so that a label stays on one line while its value wraps beside it (a wrapped label would
     * interleave with the value's lines).
     */
    static TextTable facts() {
        return new TextTable(List.of("", ""), List.of(Align.LEFT, Align.LEFT), false);
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
        // the floors of the stages: headers wrapped at spaces, cells whole; headers split after
        // hyphens, cells wrapped at spaces; cells split after hyphens too; anything
        int[] cellWidths = new int[columns];
        int[] wordWidths = new int[columns];
        int[] partWidths = new int[columns];
        for (int i = 0; i < columns; i++) {
            widths[i] = Math.max(1, headers.get(i).strip().length());
            cellWidths[i] = TextWrap.longestWord(headers.get(i));
            wordWidths[i] = TextWrap.longestPart(headers.get(i));
            partWidths[i] = wordWidths[i];
        }
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                int width = row.get(i).strip().length();
                widths[i] = Math.max(widths[i], width);
                cellWidths[i] = Math.max(cellWidths[i], width);
                wordWidths[i] = Math.max(wordWidths[i], TextWrap.longestWord(row.get(i)));
                partWidths[i] = Math.max(partWidths[i], TextWrap.longestPart(row.get(i)));
            }
        }
        int[] anyWidth = new int[columns];
        Heights heights = fewestLines ? new Heights(widths) : null;
        for (int[] floor : List.of(cellWidths, wordWidths, partWidths, anyWidth)) {
            while (Arrays.stream(widths).sum() + GAP.length() * (columns - 1) > maxWidth) {
                int narrowed = fewestLines ? heights.cheapestAbove(widths, floor) : widestAbove(widths, floor);
                if (narrowed < 0) {
                    break;
                }
                widths[narrowed]--;
                if (fewestLines) {
                    heights.narrowed(narrowed, widths[narrowed]);
                }
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

    /**
     * The lines each cell (the headers' first) takes at the widths being fitted, and at one
     * character less, kept column by column as the columns narrow.
     */
    private final class Heights {

        private final int[][] atWidth;
        private final int[][] narrower;

        Heights(int[] widths) {
            atWidth = new int[widths.length][];
            narrower = new int[widths.length][];
            for (int column = 0; column < widths.length; column++) {
                narrowed(column, widths[column]);
            }
        }

        /** Records that {@code column} is now {@code width} wide. */
        void narrowed(int column, int width) {
            atWidth[column] = lines(column, width);
            narrower[column] = width > 1 ? lines(column, width - 1) : null;
        }

        /**
         * The column above its floor whose narrowing by one character adds the fewest lines to
         * the table, the widest of those (the first of equals); -1 when every column is at its floor.
         */
        int cheapestAbove(int[] widths, int[] floor) {
            int cheapest = -1;
            int fewest = Integer.MAX_VALUE;
            for (int column = 0; column < widths.length; column++) {
                if (widths[column] <= Math.max(1, floor[column])) {
                    continue;
                }
                int lines = heightWith(column);
                if (lines < fewest || lines == fewest && widths[column] > widths[cheapest]) {
                    cheapest = column;
                    fewest = lines;
                }
            }
            return cheapest;
        }

        /** The table's lines, without the rule, with {@code column} one character narrower. */
        private int heightWith(int column) {
            int total = 0;
            for (int row = 0; row < narrower[column].length; row++) {
                int height = narrower[column][row];
                for (int other = 0; other < atWidth.length; other++) {
                    if (other != column) {
                        height = Math.max(height, atWidth[other][row]);
                    }
                }
                total += height;
            }
            return total;
        }

        private int[] lines(int column, int width) {
            int[] lines = new int[rows.size() + 1];
            lines[0] = TextWrap.lines(headers.get(column), width).size();
            for (int row = 0; row < rows.size(); row++) {
                lines[row + 1] = TextWrap.lines(rows.get(row).get(column), width).size();
            }
            return lines;
        }
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
