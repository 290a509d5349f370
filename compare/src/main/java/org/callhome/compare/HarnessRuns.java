package org.callhome.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.callhome.compare.model.ComparedStrategies;
import org.callhome.shared.strategy.CallHomeStrategy;
import picocli.CommandLine;

/**
 * What the measuring commands ({@code compare scale}, {@code compare cluster}) share: the strategies
 * given, one run per strategy in a work folder of its own, what the report says of the machine,
 * and how the report is announced.
 */
final class HarnessRuns {

    /** One strategy's run, in its own folder. */
    @FunctionalInterface
    interface StrategyRun<T> {
        T run(CallHomeStrategy strategy, Path folder) throws Exception;
    }

    private HarnessRuns() {
    }

    /** The strategies of {@code --strategies}, in the order given; a usage error for a wrong one. */
    static List<CallHomeStrategy> strategies(CommandLine.Model.CommandSpec spec, List<String> given) {
        try {
            return ComparedStrategies.parse(given);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--strategies: " + e.getMessage());
        }
    }

    /**
     * Runs {@code run} for each strategy of {@code order}, in the folder named after it under
     * {@code work}, or under a temporary folder (named {@code prefix}...) deleted afterwards when
     * {@code work} is null.
     */
    static <T> List<T> eachStrategy(List<CallHomeStrategy> order, Path work, String prefix, StrategyRun<T> run)
            throws Exception {
        boolean temporary = work == null;
        Path workDir = temporary ? Files.createTempDirectory(prefix) : Files.createDirectories(work);
        List<T> measured = new ArrayList<>();
        try {
            for (CallHomeStrategy strategy : order) {
                measured.add(run.run(strategy, workDir.resolve(strategy.wireName())));
            }
        } finally {
            if (temporary) {
                CompareMain.deleteQuietly(workDir);
            }
        }
        return measured;
    }

    /** The JVM that ran, as the reports name it. */
    static String jvm() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.version");
    }

    /** The operating system that ran, as the reports name it. */
    static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
    }

    /** Prints the text report and where the files went, on standard output. */
    static void announce(String text, List<Path> files) {
        System.out.println(text);
        System.out.println("Report: " + String.join(", ", files.stream().map(Path::toString).toList()));
    }
}
