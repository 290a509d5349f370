package org.callhome.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.callhome.system.MarkdownBlocks.Block;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README, pasted as a reader would: its first block (build and compare, run the tests) and
 * then every other command block in order, from the clone's root, with the output each block
 * shows checked against what it printed. Every block of the README is one of those; anything
 * else fails here, so the README cannot hold a command nobody ran.
 */
class ReadmeTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path README = ROOT.resolve("README.md");
    private static final String BUILD_AND_COMPARE = "mvn -B -q package -DskipTests && java -jar compare/target/compare.jar";
    private static final String TEST_COMMAND = "mvn -B verify";

    @TempDir
    Path tmp;

    @Test
    void everyBlockIsACommandOrTheOutputOfTheCommandBeforeIt() throws IOException {
        List<Block> blocks = MarkdownBlocks.of(README);
        assertTrue(blocks.size() > 3, "README blocks: " + blocks);
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            switch (block.info()) {
                case "sh" -> { }
                case "text" -> assertTrue(i > 0 && blocks.get(i - 1).info().equals("sh"),
                        "the output at " + block.where() + " does not follow a command block");
                default -> fail("README block at " + block.where() + " is neither a command (sh) nor the output"
                        + " of one (text): info string '" + block.info() + "'");
            }
        }
    }

    @Test
    void firstScreenHasTheBuildAndCompareCommandAndTheTestCommandThatCiRuns() throws IOException {
        Block first = MarkdownBlocks.of(README).get(0);
        assertTrue(first.line() <= 25, "the commands are on the first screen: " + first.where());
        assertEquals(List.of(BUILD_AND_COMPARE, TEST_COMMAND), commands(first));
        List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run")).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertEquals(TEST_COMMAND, ci.get(ci.size() - 1), ".ci/run ends with the README's test command");
    }

    /**
     * The first block as written, from the clone's root. Maven itself is the build that runs this
     * test (CI runs exactly the test command, checked above), so {@code mvn} is a stand-in that
     * records its arguments; the comparison is the real one, writing {@code ./report/}.
     */
    @Test
    void firstBlockBuildsThenRunsTheComparisonIntoTheReportFolder() throws Exception {
        Block first = MarkdownBlocks.of(README).get(0);
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path mvnArgs = tmp.resolve("mvn-args");
        Path mvn = Files.writeString(bin.resolve("mvn"), "#!/bin/sh\necho \"$*\" >> '" + mvnArgs + "'\n");
        assertTrue(mvn.toFile().setExecutable(true));
        Instant before = Instant.now().minusSeconds(2);
        PastedShell.Outputs out = PastedShell.run(List.of(first), ROOT, tmp,
                Map.of("PATH", bin + ":" + System.getenv("PATH")), Duration.ofMinutes(8));
        assertEquals(List.of("-B -q package -DskipTests", "-B verify"), Files.readAllLines(mvnArgs));
        String printed = out.of(first);
        assertTrue(printed.contains("Report: "), printed);
        for (String name : List.of("report.md", "report.html", "report.txt", "results.json")) {
            Path file = ROOT.resolve("report").resolve(name);
            FileTime written = Files.getLastModifiedTime(file);
            assertTrue(written.toInstant().isAfter(before), file + " written by this run");
        }
        assertReadmeFindingsAreThisRunsFindings(Files.readString(ROOT.resolve("report/report.md")));
    }

    /**
     * Each cell of the README's findings table must be, word for word, what this run's report
     * says for that strategy, so the README's claims are the program's, not typed in beside it.
     */
    private static void assertReadmeFindingsAreThisRunsFindings(String report) throws IOException {
        String readme = Files.readString(README);
        String section = readme.substring(readme.indexOf("## What the comparison finds"));
        section = section.substring(0, section.indexOf("\n## ", 5));
        int checked = 0;
        List<String> strategies = List.of();
        for (String line : section.lines().toList()) {
            if (line.startsWith("| |")) {
                // a table's header names its strategy columns: tls has none under OpenSSH certificates
                strategies = List.of(line.substring(4, line.length() - 2).split(" \\| "));
                continue;
            }
            if (!line.startsWith("| ") || line.startsWith("|---")) {
                continue;
            }
            String[] cells = line.substring(2, line.length() - 2).split(" \\| ");
            assertEquals(strategies.size() + 1, cells.length, line);
            for (int i = 0; i < strategies.size(); i++) {
                String expected = "- " + strategies.get(i) + ": " + cells[i + 1];
                assertTrue(report.contains(expected), "the README says for " + cells[0] + ", " + strategies.get(i)
                        + ": '" + cells[i + 1] + "', which this run's report.md does not:\n" + report);
            }
            checked++;
        }
        assertTrue(checked >= 10, "findings rows in the README: " + checked);
    }

    @Test
    void walkthroughRunsAsWrittenFromANewEmptyFolderAndShowsWhatItSays() throws Exception {
        List<Block> blocks = MarkdownBlocks.of(README);
        List<Block> commands = blocks.subList(1, blocks.size()).stream()
                .filter(block -> block.info().equals("sh")).toList();
        Set<String> rootBefore = listing(ROOT);
        PastedShell.Outputs out = PastedShell.run(commands, ROOT, tmp, Map.of(), Duration.ofMinutes(4));
        PastedShell.assertShownOutputs(blocks, out);
        assertEquals(rootBefore, listing(ROOT), "the walkthrough writes nothing into the clone");
        assertTrue(Files.exists(findOne(tmp, "nms.log")), "the NMS logged into the new folder");
    }

    /** The command lines of a block, comments and trailing comments removed. */
    private static List<String> commands(Block block) {
        List<String> lines = new ArrayList<>();
        for (String line : block.text().lines().toList()) {
            String command = line.replaceFirst("\\s+#.*$", "").strip();
            if (!command.isEmpty() && !command.startsWith("#")) {
                lines.add(command);
            }
        }
        return lines;
    }

    private static Set<String> listing(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(path -> path.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static Path findOne(Path dir, String name) throws IOException {
        try (Stream<Path> files = Files.walk(dir, 3)) {
            return files.filter(file -> file.getFileName().toString().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + name + " under " + dir));
        }
    }
}
