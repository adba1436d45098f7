package dev.vigil.hprof.report;

import dev.vigil.hprof.ProgressListener;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on a terminal (redrawn with carriage returns, at most 10 times a second).
 * Use {@link #forStderr()}: it returns {@link ProgressListener#NONE} unless {@code System.console() != null}.
 */
public final class TerminalProgressBar implements ProgressListener {
    private final PrintStream out;
    private long lastDrawNanos;
    private String lastPhase = "";

    TerminalProgressBar(PrintStream out) {
        this.out = out;
    }

    public static ProgressListener forStderr() {
        return System.console() != null ? new TerminalProgressBar(System.err) : ProgressListener.NONE;
    }

    @Override
    public void update(String phase, long done, long total) {
        long now = System.nanoTime();
        boolean finished = done >= total;
        if (!finished && phase.equals(lastPhase) && now - lastDrawNanos < 100_000_000L) {
            return;
        }
        lastDrawNanos = now;
        lastPhase = phase;
        int width = 30;
        double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * width);
        out.print(String.format(Locale.ROOT, "\r%-20s [%s%s] %3d%%", phase, "#".repeat(filled), " ".repeat(width - filled), Math.round(fraction * 100)));
        if (phase.equals("done")) {
            out.print("\r" + " ".repeat(60) + "\r");
        }
        out.flush();
    }
}
