package org.callhome.compare.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.callhome.compare.model.ComparisonResults;

/**
 * Writes the reports of one comparison run into a folder: results.json with every raw number,
 * and report.md, report.html and report.txt rendered from the same results, each showing the
 * findings, the trust models (when the run compared several), the configuration burden, the
 * security properties, the zero-touch bootstrap (when it ran), tls's liveness (when the run probed
 * it), the costs and the run, in that order; the configuration, security and cost sections once
 * per trust model, each saying which strategy that trust model does not apply to, and why.
 */
public final class ReportWriter {

    static final String JSON = "results.json";
    static final String MARKDOWN = "report.md";
    static final String HTML = "report.html";
    static final String TEXT = "report.txt";

    private ReportWriter() {
    }

    /**
     * Writes the four files into {@code outDir}, creating it if needed and replacing files of an
     * earlier run.
     *
     * @return the files written, in the order above
     */
    public static List<Path> write(ComparisonResults results, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        List<Path> written = new ArrayList<>();
        written.add(write(outDir.resolve(JSON), results.toJson().encodePrettily() + "\n"));
        written.add(write(outDir.resolve(MARKDOWN), MarkdownReport.render(results)));
        written.add(write(outDir.resolve(HTML), HtmlReport.render(results)));
        written.add(write(outDir.resolve(TEXT), TextReport.render(results)));
        return written;
    }

    private static Path write(Path file, String content) throws IOException {
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
