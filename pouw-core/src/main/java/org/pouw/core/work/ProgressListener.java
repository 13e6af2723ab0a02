package org.pouw.core.work;

/** Where long work reports how far it got, for terminals and status pages. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (phase, fraction) -> { };

    /** {@code fraction} in [0, 1] of the named phase. */
    void progress(String phase, double fraction);
}
