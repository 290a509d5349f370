package org.callhome.shared.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.callhome.shared.testing.CommandRun;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** How every program of the project answers a mistake on its command line. */
class CommandLinesTest {

    @Command(name = "sample", mixinStandardHelpOptions = true, subcommands = Sub.class,
            description = "A paragraph long enough to need wrapping, written in one piece so that picocli wraps it "
                    + "once, at the width of the terminal, instead of a second time after a hand-made break.")
    static final class Sample implements Callable<Integer> {
        @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Where to listen.")
        String listen;

        @Option(names = "--file", paramLabel = "FILE", description = "A file to read.")
        String file;

        @Override
        public Integer call() throws IOException {
            if (file != null) {
                throw new IOException("--file " + file + ": file does not exist");
            }
            return 0;
        }
    }

    @Command(name = "sub", mixinStandardHelpOptions = true)
    static final class Sub implements Callable<Integer> {
        @Option(names = "--datastore", required = true, paramLabel = "DIR")
        String datastore;

        @Override
        public Integer call() {
            return 0;
        }
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(new Sample(), args);
    }

    @Test
    void aUsageErrorPrintsTheErrorAndOneLinePointingAtHelp() {
        assertEquals(new CommandRun(2, "",
                "sample: unknown option: '--bogus'\nTry 'sample --help' for more information.\n"),
                run("--bogus"), "no usage text");
    }

    @Test
    void aMisspelledOptionGetsPicoclisSuggestion() {
        assertEquals("sample: unknown options: '--lisen', '127.0.0.1:1'\nPossible solutions: --listen\n"
                + "Try 'sample --help' for more information.\n", run("--lisen", "127.0.0.1:1").err());
    }

    @Test
    void aSubcommandsUsageErrorNamesTheSubcommand() {
        assertEquals(new CommandRun(2, "", "sample sub: missing required option: '--datastore=DIR'\n"
                + "Try 'sample sub --help' for more information.\n"), run("sub"));
    }

    @Test
    void aProblemTheUserCanFixIsOneLineAndExitCodeOne() {
        assertEquals(new CommandRun(1, "", "sample: --file nope.txt: file does not exist\n"),
                run("--file", "nope.txt"));
    }

    @Test
    void helpWrapsEachParagraphOnceWithinEightyColumnsWithoutATerminal() {
        CommandRun help = run("--help");
        assertEquals(0, help.exitCode());
        List<String> lines = help.out().lines().toList();
        int first = lines.indexOf("A paragraph long enough to need wrapping, written in one piece so that picocli");
        assertTrue(first > 0, help.out());
        assertEquals(List.of("wraps it once, at the width of the terminal, instead of a second time after a",
                "hand-made break.", "", "Options:"), lines.subList(first + 1, first + 5),
                "a blank line and a title between the description and the options");
        assertTrue(lines.stream().allMatch(line -> line.length() <= 80), help.out());
    }
}
