package org.callhome.shared.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * The project's command lines: a failure its user can fix (a file that cannot be read or is
 * damaged, a port in use, a setting out of range, devices that did not connect in time) prints
 * one line naming the cause and exits with 1, instead of a stack trace. Anything else is a bug
 * and keeps its stack trace.
 */
public final class CommandLines {

    private CommandLines() {
    }

    public static CommandLine of(Object command) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setExecutionExceptionHandler((failure, failed, parseResult) -> {
            if (failure instanceof IOException || failure instanceof UncheckedIOException
                    || failure instanceof IllegalArgumentException || failure instanceof IllegalStateException) {
                failed.getErr().println(failed.getCommandName() + ": " + failure.getMessage());
                return 1;
            }
            throw failure;
        });
        return commandLine;
    }
}
