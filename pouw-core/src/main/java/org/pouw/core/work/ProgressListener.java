package org.pouw.core.work;

/** Where long work reports how far it got, for terminals and status pages. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (phase, fraction) -> { };

    /** {@code fraction} in [0, 1] of the named phase. */
    void progress(String phase, double fraction);

    /**
     * A training kind's step {@code step} (counted from 1) just trained, with its mini-batch {@code loss}: shown on
     * the task's live curve, never used to decide anything. Called from the training loop, so it must return at
     * once; listeners that do not show curves ignore it.
     */
    default void trainingStep(long step, double loss) {
    }
}
