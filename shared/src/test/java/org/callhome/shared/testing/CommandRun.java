package org.callhome.shared.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.callhome.shared.cli.CommandLines;
import picocli.CommandLine;

/**
 * One run of a program's command line in this JVM, through the same {@link CommandLines} the
 * program's {@code main} uses, with what it printed on stdout and stderr. A run that starts the
 * program for real does not return until it stops: use it for runs that must fail.
 */
public record CommandRun(int exitCode, String out, String err) {

    public static CommandRun of(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = CommandLines.of(command);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }
}
