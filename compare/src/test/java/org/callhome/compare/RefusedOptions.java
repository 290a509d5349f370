package org.callhome.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A subcommand of compare refusing its options: a usage error that says why, and nothing written. */
final class RefusedOptions {

    private RefusedOptions() {
    }

    /** Runs {@code compare subcommand options... --out dir/never}: exit 2, {@code reason} on stderr, no report. */
    static void assertRefused(Path dir, String subcommand, String reason, String... options) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            String[] args = new String[options.length + 3];
            args[0] = subcommand;
            System.arraycopy(options, 0, args, 1, options.length);
            args[options.length + 1] = "--out";
            args[options.length + 2] = dir.resolve("never").toString();
            code = CompareMain.run(args);
        } finally {
            System.setErr(saved);
        }
        assertEquals(2, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(reason), err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(dir.resolve("never")), "nothing written for refused options");
    }
}
