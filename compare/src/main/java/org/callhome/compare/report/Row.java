package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of a side-by-side table: a label, one cell per strategy column, and one cell per ratio
 * column (none when the table has no ratio column or the row no ratio).
 */
record Row(String label, List<String> cells, List<String> ratios) {

    Row {
        cells = List.copyOf(cells);
        ratios = List.copyOf(ratios);
    }

    /** A row without ratio cells. */
    Row(String label, List<String> cells) {
        this(label, cells, List.of());
    }

    /** The label, the strategy cells and, when {@code withRatios}, the ratio cells. */
    List<String> asCells(boolean withRatios) {
        List<String> all = new ArrayList<>();
        all.add(label);
        all.addAll(cells);
        if (withRatios) {
            all.addAll(ratios);
        }
        return all;
    }
}
