package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of a side-by-side table: a label, one cell per strategy column, and the ratio cell
 * (empty when the table has no ratio column or the row has no ratio).
 */
record Row(String label, List<String> cells, String ratio) {

    Row {
        cells = List.copyOf(cells);
    }

    /** The label, the strategy cells and, when {@code withRatio}, the ratio cell. */
    List<String> asCells(boolean withRatio) {
        List<String> all = new ArrayList<>();
        all.add(label);
        all.addAll(cells);
        if (withRatio) {
            all.add(ratio);
        }
        return all;
    }
}
