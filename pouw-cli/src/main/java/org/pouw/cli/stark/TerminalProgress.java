package org.pouw.cli.stark;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar redrawn in place (carriage return, the line, erase to the end of the line), at most every
 * {@link #REDRAW_NANOS} and whenever the phase changes. The line is cut to the terminal width, because a line that
 * wraps can no longer be redrawn with a carriage return.
 */
final class TerminalProgress implements ProveProgress {
    static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 30;
    private static final String ERASE_TO_END = "\033[K";

    private final PrintStream out;
    private final int columns;
    private final LongSupplier nanoTime;
    private final long start;
    private String phase = "";
    private double fraction;
    private long lastDraw = Long.MIN_VALUE;
    private boolean finished;

    TerminalProgress(PrintStream out, int columns, LongSupplier nanoTime) {
        this.out = out;
        this.columns = columns;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    // Synchronized because the prover calls from its worker threads; calls never overlap, but the fields must be seen.
    @Override
    public synchronized void onProgress(String newPhase, double newFraction) {
        long now = nanoTime.getAsLong();
        boolean phaseChanged = !newPhase.equals(phase);
        phase = newPhase;
        fraction = newFraction;
        if (phaseChanged || lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(now);
        }
    }

    @Override
    public synchronized void refresh() {
        long now = nanoTime.getAsLong();
        if (!finished && lastDraw != Long.MIN_VALUE && now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(now);
        }
    }

    @Override
    public synchronized void finish() {
        finished = true;
        phase = "done";
        fraction = 1.0;
        draw(nanoTime.getAsLong());
        out.println();
    }

    private void draw(long now) {
        out.print("\r" + line(phase, fraction, now - start, columns) + ERASE_TO_END);
        out.flush();
    }

    /** {@code [=========>          ]  31%  commit trace  0:01.4}, at most columns − 1 wide. */
    static String line(String phase, double fraction, long elapsedNanos, int columns) {
        String text = String.format(Locale.ROOT, "%s %3d%%  %s  %s", bar(fraction), ProveProgress.percent(fraction),
                ProveProgress.elapsed(elapsedNanos), phase);
        return text.length() < columns ? text : text.substring(0, Math.max(0, columns - 1));
    }

    static String bar(double fraction) {
        int filled = (int) Math.floor(Math.clamp(fraction, 0.0, 1.0) * BAR_WIDTH);
        StringBuilder bar = new StringBuilder(BAR_WIDTH + 2).append('[');
        for (int i = 0; i < BAR_WIDTH; i++) {
            bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        return bar.append(']').toString();
    }
}
