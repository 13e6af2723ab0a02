package org.pouw.stark.prover;

import java.util.concurrent.atomic.AtomicInteger;
import org.pouw.stark.ProverProgress;

/**
 * Turns the prover's phases and the chunks finished inside long phases into calls to a {@link ProverProgress}:
 * serialised, never decreasing, and at most about a hundred per phase, whichever worker thread finishes a chunk.
 */
final class ProgressTracker {
    private final ProverProgress listener;
    private double reported = -1;

    ProgressTracker(ProverProgress listener) {
        this.listener = listener;
    }

    /** Enters a phase that spans overall fractions [from, to). */
    synchronized void phase(String name, double from) {
        report(name, from);
    }

    /** A counter for a phase of {@code total} chunks spanning [from, to); each finished chunk calls its run(). */
    Runnable chunks(String name, double from, double to, int total) {
        phase(name, from);
        AtomicInteger done = new AtomicInteger();
        int step = Math.max(1, total / 100);
        return () -> {
            int finished = done.incrementAndGet();
            if (finished % step == 0) {
                synchronized (this) {
                    report(name, from + (to - from) * finished / total);
                }
            }
        };
    }

    private void report(String name, double fraction) {
        if (fraction >= reported) {
            reported = fraction;
            listener.onProgress(name, fraction);
        }
    }
}
