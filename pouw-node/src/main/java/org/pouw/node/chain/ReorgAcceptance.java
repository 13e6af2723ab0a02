package org.pouw.node.chain;

import org.pouw.ml.wire.Bytes32;

/**
 * What the operator's acceptance of a held reorg did (docs/chain.md §6): the node switched to the branch the operator
 * named, or changed nothing because no branch is held or a different one is held now (it grew, or a better one came)
 * — the operator accepts exactly the branch they looked at, never one that replaced it meanwhile.
 *
 * @param held   the branch held when the call came, or null when none was
 * @param oldTip the tip followed before (the one still followed unless {@code outcome} is {@code ACCEPTED})
 * @param depth  blocks the switch left, 0 unless accepted
 */
public record ReorgAcceptance(Outcome outcome, HeldReorg held, Bytes32 oldTip, int depth) {
    public enum Outcome {
        ACCEPTED,
        NOTHING_HELD,
        HELD_BRANCH_CHANGED
    }
}
