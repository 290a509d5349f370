package org.callhome.compare.report;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Map<String, String> files = new LinkedHashMap<>();
        files.put(JSON, results.toJson().encodePrettily() + "\n");
        files.put(MARKDOWN, MarkdownReport.render(results));
        files.put(HTML, HtmlReport.render(results));
        files.put(TEXT, TextReport.render(results));
        return writeAll(outDir, files);
    }

    /**
     * Writes a harness's report into {@code outDir}: results.json ({@code json}), report.md and
     * report.txt.
     *
     * @return the files written, in that order
     */
    static List<Path> writeHarnessReport(Path outDir, JsonObject json, String markdown, String text)
            throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(JSON, json.encodePrettily() + "\n");
        files.put(MARKDOWN, markdown);
        files.put(TEXT, text);
        return writeAll(outDir, files);
    }

    /**
     * Writes each file of {@code files} (name to content, UTF-8) into {@code outDir}, creating it if
     * needed and replacing files of an earlier run; every report of compare is written here.
     *
     * @return the files written, in the order given
     */
    static List<Path> writeAll(Path outDir, Map<String, String> files) throws IOException {
        Files.createDirectories(outDir);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            written.add(Files.writeString(outDir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8));
        }
        return written;
    }
}
