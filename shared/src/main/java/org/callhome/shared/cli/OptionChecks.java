package org.callhome.shared.cli;

import java.io.File;
import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Checks of option values that picocli's types do not express, worded alike in every program:
 * each message starts with the option, then its value or the file it names.
 */
public final class OptionChecks {

    /** Reads what a file given on the command line holds. */
    @FunctionalInterface
    public interface FileReader<T> {
        T read() throws IOException;
    }

    private OptionChecks() {
    }

    /**
     * A usage error unless {@code min <= value <= max}: {@code --max-startups must be in 1..65535, got 0}.
     *
     * @return the value
     */
    public static long inRange(CommandLine commandLine, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ParameterException(commandLine, option + " must be in " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    /**
     * Runs {@code reader}; its failure, whose message names the file, is led by the option that gave
     * it: {@code --known-devices devices.txt:3: <problem>}, or {@code --state-dir nms-state: <problem>}
     * for a message that does not start with the value.
     */
    public static <T> T read(String option, Object value, FileReader<T> reader) throws IOException {
        try {
            return reader.read();
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            String shown = String.valueOf(value);
            throw new IOException(option + " " + (namesFirst(message, shown) ? message : shown + ": " + message), e);
        }
    }

    /** Whether {@code message} starts with the file {@code value}, or a file in that folder. */
    private static boolean namesFirst(String message, String value) {
        return message.startsWith(value) && (message.length() == value.length()
                || message.charAt(value.length()) == ':' || message.charAt(value.length()) == File.separatorChar);
    }
}
