package org.pouw.p2p.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * How far one object got in a {@link GossipNetwork}: for each node that validated it, how long after it was published.
 *
 * @param nodes   the network's size
 * @param delays  ms after publication, one per node reached (the origin's is 0)
 * @param reached the nodes reached
 */
public record Reach(int nodes, List<Long> delays, Set<Integer> reached) {
    public Reach {
        List<Long> sorted = new ArrayList<>(delays);
        Collections.sort(sorted);
        delays = List.copyOf(sorted);
        reached = Set.copyOf(reached);
    }

    /** The share of the nodes reached, 0 to 1. */
    public double coverage() {
        return (double) delays.size() / nodes;
    }

    /** Ms until {@code fraction} of all nodes had it, or -1 if that many never did. */
    public long timeTo(double fraction) {
        int needed = (int) Math.ceil(fraction * nodes);
        return needed <= delays.size() ? delays.get(Math.max(0, needed - 1)) : -1;
    }
}
