package org.pouw.chain.importing;

/** What importing a block did (docs/chain.md §7). */
public enum ImportStatus {
    /** Valid, and the followed tip moved: extended by it, or reorganised onto its branch. */
    ACCEPTED,
    /** Valid and kept, but the tip did not move: a side branch no better than the tip, or a deeper reorg held. */
    SIDE_BRANCH,
    /** Its parent is unknown: kept in the bounded orphan pool until the parent arrives. */
    ORPHAN_HELD,
    /** Already known and valid: nothing to do. */
    ALREADY_KNOWN,
    /** Invalid, or not decodable: the reason names the defect. */
    REFUSED
}
