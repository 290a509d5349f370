package org.callhome.shared.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The project's command lines, alike in how they speak:
 * <ul>
 * <li>a usage error (an unknown option, a missing or malformed value) prints the error and one line
 *     pointing at {@code --help}, and exits with 2: the whole help would bury the one line that
 *     matters;</li>
 * <li>a failure its user can fix (a file that cannot be read or is damaged, a port in use, a
 *     setting out of range, devices that did not connect in time) prints one line naming the
 *     cause and exits with 1, instead of a stack trace; anything else is a bug and keeps its
 *     stack trace;</li>
 * <li>{@code --help} is as wide as the terminal (80 columns when there is none), and descriptions
 *     are written as paragraphs that picocli wraps, never broken by hand.</li>
 * </ul>
 */
public final class CommandLines {

    private CommandLines() {
    }

    public static CommandLine of(Object command) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setUsageHelpAutoWidth(true);
        headings(commandLine);
        commandLine.setParameterExceptionHandler(CommandLines::usageError);
        commandLine.setExecutionExceptionHandler((failure, failed, parseResult) -> {
            if (failure instanceof IOException || failure instanceof UncheckedIOException
                    || failure instanceof IllegalArgumentException || failure instanceof IllegalStateException) {
                failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + failure.getMessage());
                return 1;
            }
            throw failure;
        });
        return commandLine;
    }

    /** A blank line and a title between the description, the options and the subcommands of every command. */
    private static void headings(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage()
                .optionListHeading("%nOptions:%n")
                .commandListHeading("%nCommands:%n");
        commandLine.getSubcommands().values().forEach(CommandLines::headings);
    }

    /** {@code nms-server: unknown option: '--bogus'} and {@code Try 'nms-server --help' for more information.} */
    private static int usageError(ParameterException failure, String[] args) {
        CommandLine failed = failure.getCommandLine();
        String name = failed.getCommandSpec().qualifiedName();
        PrintWriter err = failed.getErr();
        err.println(name + ": " + lowerFirst(failure.getMessage()));
        UnmatchedArgumentException.printSuggestions(failure, err);
        err.println("Try '" + name + " --help' for more information.");
        return failed.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** picocli starts its messages with a capital, ours continue the program's name in lower case. */
    private static String lowerFirst(String message) {
        return message.length() > 1 && Character.isUpperCase(message.charAt(0))
                && Character.isLowerCase(message.charAt(1))
                ? Character.toLowerCase(message.charAt(0)) + message.substring(1) : message;
    }
}
