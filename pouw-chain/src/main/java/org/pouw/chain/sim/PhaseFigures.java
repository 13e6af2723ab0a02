package org.pouw.chain.sim;

import java.util.Locale;

/**
 * What a {@link ComputePhase} showed: where it started on the final chain, the network's measured ticket rate, the
 * blocks after its start until the spacing the difficulty implies first came within 10 % of T (−1: never in the phase),
 * the measured spacing and the implied spacing at its last block.
 */
public record PhaseFigures(ComputePhase phase, long startHeight, double ticketsPerSecond, long blocksToSettle,
                           SpacingFigures measured, double impliedAtEnd) {
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%-8s x%-5s from block %d: %.1f tickets/s, implied spacing within 10 %% "
                        + "after %d blocks (%.1f s at the end); measured %s", phase.name(), phase.factor(), startHeight,
                ticketsPerSecond, blocksToSettle, impliedAtEnd, measured);
    }
}
