package org.callhome.compare;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress of a run on standard error: a bar redrawn in place on a terminal, one line per step
 * otherwise (a CI log), with the step's name and the time since the start.
 */
final class Progress {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private int total;
    private int done;

    Progress(PrintStream out, boolean terminal, int total) {
        this.out = out;
        this.terminal = terminal;
        this.total = Math.max(1, total);
    }

    /** A step starts. */
    synchronized void step(String what) {
        done = Math.min(done + 1, total);
        int filled = WIDTH * (done - 1) / total;
        String line = String.format(Locale.ROOT, "[%s%s] %3d%% %5.1fs  %s", "#".repeat(filled),
                ".".repeat(WIDTH - filled), 100 * (done - 1) / total, (System.nanoTime() - start) / 1e9, what);
        if (terminal) {
            out.print("\r\033[K" + (line.length() > 150 ? line.substring(0, 150) : line));
        } else {
            out.println(line);
        }
        out.flush();
    }

    synchronized void finish(String what) {
        String line = String.format(Locale.ROOT, "[%s] 100%% %5.1fs  %s", "#".repeat(WIDTH),
                (System.nanoTime() - start) / 1e9, what);
        out.println(terminal ? "\r\033[K" + line : line);
        out.flush();
    }
}
