package org.pouw.chain.sim;

import java.util.List;

/**
 * A compute scenario's figures: each phase's, whether every node followed one tip at the end, the blocks mined off
 * the final chain (stale), the blocks nodes had to hold for a missing parent, and the reorganisations' depths.
 */
public record ComputeRun(List<PhaseFigures> phases, boolean agreed, long tipHeight, long stale, long orphansHeld,
                         List<Integer> reorgDepths, long wallSteps) {
    public ComputeRun {
        phases = List.copyOf(phases);
        reorgDepths = List.copyOf(reorgDepths);
    }

    public int deepestReorg() {
        return reorgDepths.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    public String report() {
        StringBuilder out = new StringBuilder();
        for (PhaseFigures phase : phases) {
            out.append(phase).append('\n');
        }
        out.append("tip ").append(tipHeight).append(", all nodes agree: ").append(agreed).append(", stale blocks ")
                .append(stale).append(", orphans held ").append(orphansHeld).append(", reorgs ")
                .append(reorgDepths.size()).append(" (deepest ").append(deepestReorg()).append("), training steps ")
                .append(wallSteps);
        return out.toString();
    }
}
