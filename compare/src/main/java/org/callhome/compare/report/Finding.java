package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One line of thought of the findings section: what was compared, one line per strategy (or one
 * comparing them), each computed from the run's results, and why it matters (a fixed sentence).
 *
 * @param subject e.g. "Rogue NMS" or "NMS CPU per session"
 * @param lines   e.g. "reverse-ssh: holds: device refused the rogue; no credential or data sent"
 * @param matters why a working group should care, one sentence
 */
record Finding(String subject, List<String> lines, String matters) {

    /** The findings about one part of the comparison, under a title, after a lead computed over them all. */
    record Group(String title, List<String> lead, List<Finding> findings) {
        Group {
            Objects.requireNonNull(title, "title");
            lead = List.copyOf(lead);
            findings = List.copyOf(findings);
        }
    }

    Finding {
        Objects.requireNonNull(subject, "subject");
        lines = List.copyOf(lines);
        Objects.requireNonNull(matters, "matters");
    }

    /** The finding as plain text of at most {@code width} characters a line, every line after {@code indent}. */
    List<String> asText(int width, String indent) {
        List<String> out = new ArrayList<>(TextWrap.hanging(subject, width, indent, indent + "  "));
        lines.forEach(line -> out.addAll(TextWrap.hanging(line, width, indent + "- ", indent + "  ")));
        out.addAll(TextWrap.hanging(matters, width, indent + "  " + Headings.WHY + ": ", indent + "    "));
        return out;
    }
}
