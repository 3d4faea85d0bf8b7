package io.arrears.infra.cli;

import java.io.PrintStream;

/** A one-line progress indicator on standard error, redrawn in place. */
final class ProgressBar {

    private static final int WIDTH = 30;
    private final PrintStream err;
    private final String unit;
    private final long total;
    private long lastDrawnMillis;
    private long done;

    ProgressBar(PrintStream err, String unit, long total) {
        this.err = err;
        this.unit = unit;
        this.total = total;
    }

    void update(long done) {
        this.done = done;
        long now = System.currentTimeMillis();
        if (now - lastDrawnMillis < 100) {
            return;
        }
        lastDrawnMillis = now;
        draw(done);
    }

    private void draw(long done) {
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, done * WIDTH / total);
            err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total + " "
                    + unit);
        } else {
            err.print("\r" + done + " " + unit);
        }
    }

    void finish() {
        draw(done);
        err.println();
    }
}
