package org.pouw.cli.stark;

import java.util.Locale;
import org.pouw.stark.ProverProgress;

/**
 * Shows the prover's progress (phase and overall fraction, from {@link ProverProgress}) with the time since the
 * start. {@link #finish} is called once, after the proof is made.
 */
interface ProveProgress extends ProverProgress {
    void finish();

    /** Redraws if the display shows time and a redraw is due; called by {@link RedrawTicker}. */
    default void refresh() {
    }

    /** {@code 0:03.2}: minutes, seconds and tenths, enough to watch a proof that takes seconds to minutes. */
    static String elapsed(long nanos) {
        long tenths = Math.max(0, nanos) / 100_000_000L;
        return String.format(Locale.ROOT, "%d:%02d.%d", tenths / 600, tenths / 10 % 60, tenths % 10);
    }

    static int percent(double fraction) {
        return (int) Math.floor(Math.clamp(fraction, 0.0, 1.0) * 100);
    }
}
