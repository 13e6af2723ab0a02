package org.pouw.chain.sim;

import java.util.Locale;

/**
 * Block spacing over a stretch of a followed chain: the mean (span of timestamps over blocks), the standard deviation
 * of the gaps, and the blocks counted.
 */
public record SpacingFigures(long fromHeight, long toHeight, double meanSeconds, double stddevSeconds) {
    public long blocks() {
        return toHeight - fromHeight;
    }

    /** How far the mean is from {@code target}, as a fraction of it. */
    public double deviationFrom(long target) {
        return Math.abs(meanSeconds - target) / target;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "blocks %d..%d: mean %.1f s, stddev %.1f s", fromHeight, toHeight,
                meanSeconds, stddevSeconds);
    }
}
