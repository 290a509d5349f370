package org.callhome.system;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.callhome.system.MarkdownBlocks.Block;

/**
 * Runs a page's {@code sh} blocks as a reader pasting them one after another into one terminal
 * would: one bash, the blocks' text unchanged and in order, started in a given folder. Stricter
 * than a terminal: the first failing command ({@code set -e -o pipefail}) stops the run and fails
 * the test, naming the block. Whatever the blocks leave running in the background is stopped at
 * the end. Each block's output is kept apart, so that the {@code text} block shown after it can
 * be checked against what it really printed.
 */
final class PastedShell {

    private static final String MARKER = "@@callhome-block ";
    private static final Pattern MARKER_LINE = Pattern.compile("^" + MARKER + "(\\d+)@@$", Pattern.MULTILINE);

    /** Each block's output, in the order of the blocks run. */
    record Outputs(List<Block> blocks, List<String> outputs) {

        String of(Block block) {
            return outputs.get(blocks.indexOf(block));
        }
    }

    private PastedShell() {
    }

    /**
     * Runs {@code blocks} in {@code folder}; {@code tmp} becomes TMPDIR (so {@code mktemp -d} makes
     * its folder there) and its {@code *.log} files are shown if a block fails.
     */
    static Outputs run(List<Block> blocks, Path folder, Path tmp, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder()
                .append("set -e -o pipefail\n")
                .append("trap 'set +e; kill $(jobs -p) 2>/dev/null; wait' EXIT\n");
        for (int i = 0; i < blocks.size(); i++) {
            script.append("printf '\\n").append(MARKER).append(i).append("@@\\n'\n").append(blocks.get(i).text());
        }
        Path scriptFile = Files.writeString(tmp.resolve("pasted.sh"), script);
        Path outFile = tmp.resolve("pasted.out");
        ProcessBuilder builder = new ProcessBuilder("bash", scriptFile.toString()).directory(folder.toFile())
                .redirectErrorStream(true).redirectOutput(outFile.toFile());
        builder.environment().put("TMPDIR", tmp.toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        boolean finished = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(outFile, StandardCharsets.UTF_8);
        List<String> outputs = split(out);
        int reached = outputs.size() - 1;
        if (!finished || process.exitValue() != 0) {
            Block block = blocks.get(Math.max(reached, 0));
            fail((finished ? "exit code " + process.exitValue() : "no end within " + timeout) + " in the block at "
                    + block.where() + ":\n" + block.text() + "\n--- its output:\n" + outputs.get(outputs.size() - 1)
                    + logs(tmp));
        }
        return new Outputs(List.copyOf(blocks), outputs);
    }

    /** Checks each {@code text} block of a page against the output of the {@code sh} block it follows. */
    static void assertShownOutputs(List<Block> page, Outputs outputs) {
        for (int i = 1; i < page.size(); i++) {
            if (page.get(i).info().equals("text")) {
                assertShows(page.get(i), outputs.of(page.get(i - 1)));
            }
        }
    }

    /**
     * Checks a {@code text} block against the output of the block it follows: each of its lines
     * must appear, in order, as a line of the output (both trimmed); a line {@code ...} stands for
     * lines left out and {@code <ANYTHING>} in angle brackets for a value that differs per run.
     */
    static void assertShows(Block shown, String output) {
        List<String> actual = output.lines().map(String::strip).toList();
        int at = 0;
        for (String expected : shown.text().lines().map(String::strip).toList()) {
            if (expected.isEmpty() || expected.equals("...")) {
                continue;
            }
            Pattern pattern = linePattern(expected);
            while (at < actual.size() && !pattern.matcher(actual.get(at)).matches()) {
                at++;
            }
            if (at == actual.size()) {
                fail("the output shown at " + shown.where() + " has the line\n  " + expected
                        + "\nwhich the command did not print (in this order). It printed:\n" + output);
            }
            at++;
        }
    }

    private static Pattern linePattern(String expected) {
        StringBuilder regex = new StringBuilder();
        Matcher placeholder = Pattern.compile("<[A-Z][A-Z0-9_-]*>").matcher(expected);
        int from = 0;
        while (placeholder.find()) {
            regex.append(Pattern.quote(expected.substring(from, placeholder.start()))).append(".+?");
            from = placeholder.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(expected.substring(from))).toString());
    }

    private static List<String> split(String out) {
        List<String> outputs = new ArrayList<>();
        Matcher marker = MARKER_LINE.matcher(out);
        int start = -1;
        while (marker.find()) {
            if (start >= 0) {
                outputs.add(out.substring(start, marker.start()));
            }
            start = marker.end();
        }
        outputs.add(start < 0 ? out : out.substring(start));
        return outputs;
    }

    private static String logs(Path tmp) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(tmp, 3)) {
            for (Path log : files.filter(file -> file.toString().endsWith(".log")).sorted().toList()) {
                text.append("\n--- ").append(tmp.relativize(log)).append(":\n").append(Files.readString(log));
            }
        }
        return text.toString();
    }
}
