package org.pouw.stark;

/**
 * Receives the prover's progress: the phase it is in and the overall fraction done, in [0, 1] and never
 * decreasing. Calls come from the proving thread; keep them cheap.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (phase, fraction) -> {
    };

    void onProgress(String phase, double fraction);
}
