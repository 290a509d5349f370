package org.callhome.compare.report;

import java.util.Objects;

/** A labelled value of a report, shown as "label: value" or as a two-column row; a missing value shows as "-". */
record Fact(String label, String value) {

    Fact {
        Objects.requireNonNull(label, "label");
        value = value == null ? "-" : value;
    }
}
