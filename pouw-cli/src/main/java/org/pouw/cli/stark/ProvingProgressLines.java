package org.pouw.cli.stark;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress as whole lines, for logs and pipes where a redrawn bar would be a mess of carriage returns: one line when
 * a phase starts and one each time another tenth of the work is done. With {@code --json} each line is a JSON
 * object ({@code "event":"progress"}), so the whole output is JSON lines.
 */
final class ProvingProgressLines implements ProveProgress {
    private static final int STEPS = 10;

    private final PrintStream out;
    private final boolean json;
    private final LongSupplier nanoTime;
    private final long start;
    private String phase = "";
    private int tenthShown = -1;

    ProvingProgressLines(PrintStream out, boolean json, LongSupplier nanoTime) {
        this.out = out;
        this.json = json;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    @Override
    public synchronized void onProgress(String newPhase, double fraction) {
        int tenth = (int) Math.floor(Math.clamp(fraction, 0.0, 1.0) * STEPS);
        if (newPhase.equals(phase) && tenth <= tenthShown) {
            return;
        }
        phase = newPhase;
        tenthShown = tenth;
        show(fraction);
    }

    @Override
    public synchronized void finish() {
        if (!"done".equals(phase)) {
            phase = "done";
            show(1.0);
        }
    }

    private void show(double fraction) {
        long elapsed = nanoTime.getAsLong() - start;
        if (json) {
            out.println(StarkJson.write(StarkJson.object().put("event", "progress").put("phase", phase)
                    .put("percent", ProveProgress.percent(fraction)).put("elapsed_ms", StarkJson.millis(elapsed))));
        } else {
            out.println(String.format(Locale.ROOT, "%3d%%  %s  %s", ProveProgress.percent(fraction),
                    ProveProgress.elapsed(elapsed), phase));
        }
    }
}
