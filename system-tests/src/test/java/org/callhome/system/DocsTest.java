package org.callhome.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;
import org.callhome.system.MarkdownBlocks.Block;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every page under {@code docs/} and {@code yang/ietf/README.md}, held to the README's rule: each
 * code block is a command that runs here ({@code sh}: a page's blocks run in order in one shell
 * from the clone's root), the output of the command before it ({@code text}, checked), or a
 * program's synopsis ({@code usage}: each option it names must be in that program's
 * {@code --help}). Only the performance page may hold {@code bench} blocks, benchmark commands
 * that run for minutes and are run by hand.
 */
class DocsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern PROGRAM = Pattern.compile("java -jar (\\S+\\.jar)((?: [a-z]+)?)");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyCodeBlockRunsOrIsChecked() throws IOException {
        List<Path> pages = docsPages();
        assertTrue(pages.size() >= 8, "pages: " + pages);
        return pages.stream().map(page -> DynamicTest.dynamicTest(ROOT.relativize(page).toString(),
                () -> check(page)));
    }

    /** Relative links of the README and the docs point at files, and headings, that exist. */
    @Test
    void linksPointAtFilesAndHeadingsThatExist() throws IOException {
        List<Path> pages = new ArrayList<>(docsPages());
        pages.add(ROOT.resolve("README.md"));
        pages.add(ROOT.resolve("ARCHITECTURE.md"));
        Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
        for (Path page : pages) {
            Matcher matcher = link.matcher(Files.readString(page));
            while (matcher.find()) {
                String target = matcher.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue;
                }
                String[] parts = target.split("#", 2);
                Path file = parts[0].isEmpty() ? page : page.getParent().resolve(parts[0]).normalize();
                assertTrue(Files.exists(file), page + " links to " + target + ": no such file");
                if (parts.length == 2) {
                    assertTrue(anchors(file).contains(parts[1]), page + " links to " + target
                            + ": no such heading in " + file + " (headings: " + anchors(file) + ")");
                }
            }
        }
    }

    /** The strategies page explains, in its table, every value of peerVerification the code can record. */
    @Test
    void theStrategiesPageExplainsEveryPeerVerification() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/strategies.md"));
        for (PeerVerification value : PeerVerification.values()) {
            assertTrue(page.contains("\n| `" + value.wireName() + "` |"), "docs/strategies.md has no row for "
                    + value.wireName());
        }
    }

    /** The pages under {@code docs/}, then {@code yang/ietf/README.md}. */
    private static List<Path> docsPages() throws IOException {
        List<Path> pages = new ArrayList<>();
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(page -> page.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        pages.add(ROOT.resolve("yang/ietf/README.md"));
        return pages;
    }

    /** GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as hyphens. */
    private static List<String> anchors(Path page) throws IOException {
        List<String> anchors = new ArrayList<>();
        boolean inBlock = false;
        for (String line : Files.readAllLines(page)) {
            inBlock ^= line.startsWith("```");
            if (!inBlock && line.startsWith("#")) {
                anchors.add(line.replaceFirst("^#+\\s*", "").toLowerCase(java.util.Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    private void check(Path page) throws Exception {
        List<Block> blocks = MarkdownBlocks.of(page);
        List<Block> commands = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            switch (block.info()) {
                case "sh" -> commands.add(block);
                case "text" -> assertTrue(i > 0 && blocks.get(i - 1).info().equals("sh"),
                        page + ": the output at " + block.where() + " does not follow a command block");
                case "usage" -> checkUsage(block);
                case "bench" -> assertEquals("performance.md", page.getFileName().toString(),
                        page + ": a benchmark block outside the performance page at " + block.where());
                default -> fail(page + ": the block at " + block.where() + " is neither a command (sh), its output"
                        + " (text), a synopsis (usage) nor a benchmark (bench): '" + block.info() + "'");
            }
        }
        if (commands.isEmpty()) {
            return;
        }
        Path pageTmp = Files.createDirectories(tmp.resolve(page.getFileName().toString()));
        PastedShell.Outputs out = PastedShell.run(commands, ROOT, pageTmp, Map.of(), Duration.ofMinutes(3));
        PastedShell.assertShownOutputs(blocks, out);
    }

    /** Each synopsis line names a program; every option on it must be one that program's help lists. */
    private static void checkUsage(Block block) throws Exception {
        for (String line : block.text().lines().filter(line -> !line.isBlank()).toList()) {
            Matcher program = PROGRAM.matcher(line);
            assertTrue(program.find(), "synopsis without 'java -jar X.jar' at " + block.where() + ": " + line);
            String help = help(ROOT.resolve(program.group(1)), program.group(2).strip());
            Matcher option = OPTION.matcher(line);
            while (option.find()) {
                assertTrue(help.contains(option.group()), "the synopsis at " + block.where() + " names "
                        + option.group() + ", which --help of " + program.group(1) + program.group(2) + " does not list:\n"
                        + help);
            }
        }
    }

    private static String help(Path jar, String subcommand) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toString()));
        if (!subcommand.isEmpty()) {
            command.add(subcommand);
        }
        command.add("--help");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "--help did not finish: " + command);
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + out);
        return out;
    }
}
