package org.pouw.cli.ml;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar redrawn in place: carriage return, the line, erase to the end of the line. It is cut to the
 * terminal width, because a line that wraps can no longer be redrawn with a carriage return and would scroll.
 */
final class TerminalProgressBar implements ProgressView {
    static final long REDRAW_NANOS = 200_000_000L;
    private static final int MIN_BAR = 10;
    private static final int MAX_BAR = 30;
    private static final String ERASE_TO_END = "\033[K";

    private final PrintStream out;
    private final int columns;
    private long lastDraw = Long.MIN_VALUE;

    TerminalProgressBar(PrintStream out, int columns) {
        this.out = out;
        this.columns = columns;
    }

    @Override
    public boolean due(long stepsDone, long nowNanos) {
        if (lastDraw != Long.MIN_VALUE && nowNanos - lastDraw < REDRAW_NANOS) {
            return false;
        }
        lastDraw = nowNanos;
        return true;
    }

    @Override
    public void show(Progress progress) {
        out.print("\r" + line(progress, columns) + ERASE_TO_END);
        out.flush();
    }

    @Override
    public void finish(Progress progress) {
        show(progress);
        out.println();
    }

    /** {@code [=======>      ]  47% 590/1875 ep 1/15 loss 0.4123 acc 88.3% 412 steps/s ETA 0:03}, at most columns − 1 wide. */
    static String line(Progress p, int columns) {
        String figures = String.format(Locale.ROOT, " %3.0f%% %d/%d ep %d/%d loss %.4f acc %s %s steps/s ETA %s",
                Math.floor(p.fraction() * 100), p.step(), p.steps(), p.epoch(), p.epochs(), p.loss(),
                ProgressFormat.percent(p.accuracy()).strip(), ProgressFormat.rate(p.stepsPerSecond()),
                ProgressFormat.duration(p.etaSeconds()));
        int inside = Math.clamp(columns - 1 - figures.length() - 2, MIN_BAR, MAX_BAR);
        String text = bar(p.fraction(), inside) + figures;
        return text.length() < columns ? text : text.substring(0, Math.max(0, columns - 1));
    }

    static String bar(double fraction, int inside) {
        int filled = (int) Math.floor(fraction * inside);
        StringBuilder bar = new StringBuilder(inside + 2).append('[');
        for (int i = 0; i < inside; i++) {
            bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        return bar.append(']').toString();
    }
}
