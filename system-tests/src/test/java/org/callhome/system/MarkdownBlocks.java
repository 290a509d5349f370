package org.callhome.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fenced code blocks of a Markdown page, in order, each with its info string, the heading it
 * sits under and its line number, so that a test can run what a reader would paste.
 *
 * <p>The project's pages use three kinds: {@code sh} (commands, run by the tests), {@code text}
 * (what the {@code sh} block before it prints, checked against the real output) and
 * {@code usage} (a command synopsis, checked against the program's {@code --help}).
 */
final class MarkdownBlocks {

    /** One fenced block; {@code line} is the line of its opening fence, counted from 1. */
    record Block(String info, String text, String heading, int line) {

        String where() {
            return "line " + line + " (under \"" + heading + "\")";
        }
    }

    private MarkdownBlocks() {
    }

    static List<Block> of(Path page) throws IOException {
        List<String> lines = Files.readAllLines(page);
        List<Block> blocks = new ArrayList<>();
        String heading = "(top)";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#")) {
                heading = line.replaceFirst("^#+\\s*", "");
            } else if (line.startsWith("```")) {
                int open = i;
                StringBuilder text = new StringBuilder();
                for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                    text.append(lines.get(i)).append('\n');
                }
                if (i == lines.size()) {
                    throw new IllegalStateException(page + ": the block at line " + (open + 1) + " is never closed");
                }
                blocks.add(new Block(line.substring(3).strip(), text.toString(), heading, open + 1));
            }
        }
        return List.copyOf(blocks);
    }
}
