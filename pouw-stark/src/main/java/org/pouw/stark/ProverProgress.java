package org.pouw.stark;

/**
 * Receives the prover's progress: the phase it is in and the overall fraction done, in [0, 1] and never
 * decreasing (a phase name followed by a fraction at or above every earlier one). Calls may come from the prover's
 * worker threads but never concurrently; keep them cheap.
 */
@FunctionalInterface
public interface ProverProgress {
    ProverProgress NONE = (phase, fraction) -> {
    };

    void onProgress(String phase, double fraction);
}
