package org.pouw.chain.block;

/** Why a header fails the checks that need no replay (docs/chain.md §3); a valid header has none. */
public enum HeaderDefect {
    /** The miner's signature does not verify for this chain. */
    BAD_SIGNATURE,
    /** The header does not build on the parent it is checked against, or its height is not the parent's plus one. */
    WRONG_PARENT,
    /** The compact target is not the one ASERT gives after the parent. */
    WRONG_TARGET,
    /** The winning step was not trained on the parent as its tip. */
    STALE_TIP,
    /** The winning step claims more tickets than a step may yield. */
    TOO_MANY_TICKETS,
    /** The winning step is not the last leaf of the committed segment. */
    WINNER_NOT_COMMITTED,
    /** The claimed ticket does not meet the target, or is not among the step's tickets. */
    TICKET_ABOVE_TARGET,
    /** A smaller ticket index of the same step also wins: the block must use the smallest. */
    NOT_SMALLEST_TICKET
}
