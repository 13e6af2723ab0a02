package org.pouw.chain.sim;

/**
 * How a simulated miner behaves (docs/chain.md §10): by the rules, or as one of the adversaries of issue 19 §8 whose
 * punishment the simulation shows.
 */
public enum MinerConduct {
    /** Trains its assigned task, mines, opens its audits. */
    HONEST,
    /**
     * Trains and opens like an honest miner, but signs every block it wins twice — the second copy a second later —
     * and sends one copy to each half of the nodes, racing both with one ticket.
     */
    EQUIVOCATING,
    /**
     * Skips the first step of every segment that has more than one: it claims the state it started from, with the
     * step counter moved on, as that step's result, trains on from there, and withholds the openings (they would
     * replay the skipped step and convict it at once).
     */
    WORK_SKIPPING
}
