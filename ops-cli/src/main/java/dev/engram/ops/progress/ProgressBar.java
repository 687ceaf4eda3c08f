package dev.engram.ops.progress;

import java.io.PrintWriter;

/**
 * A command's progress through a known amount of work: a bar redrawn in place on a terminal, else (a pipe, a log,
 * a test) a line at every tenth of the way, so that the output stays readable either way.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final long total;
    private final boolean terminal;
    private int lastTenth;

    public ProgressBar(PrintWriter out, long total) {
        this(out, total, System.console() != null);
    }

    ProgressBar(PrintWriter out, long total, boolean terminal) {
        this.out = out;
        this.total = Math.max(1, total);
        this.terminal = terminal;
    }

    /** Shows that {@code done} of the total are done. */
    public void show(long done) {
        int percent = (int) (100L * done / total);
        if (terminal) {
            int filled = (int) (WIDTH * Math.min(done, total) / total);
            out.print("\r[" + "=".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total + " ("
                    + percent + " %)");
            out.flush();
        } else if (percent / 10 > lastTenth || done >= total) {
            lastTenth = percent / 10;
            out.println("  " + done + "/" + total + " (" + percent + " %)");
            out.flush();
        }
    }

    /** Ends the bar's line on a terminal. */
    public void done() {
        if (terminal) {
            out.println();
            out.flush();
        }
    }
}
