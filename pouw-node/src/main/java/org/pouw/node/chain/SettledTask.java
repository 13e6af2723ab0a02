package org.pouw.node.chain;

import org.pouw.chain.state.SettlementReport;
import org.pouw.ml.wire.Bytes32;

/**
 * A settled task's settlement as the node reports it: the followed block that settled it (the one carrying the
 * poster's {@code reveal_heldout}, or the block at heldOutBy + 1), whether it ranked on the held-out set or split
 * equally, and what it paid.
 */
public record SettledTask(long height, Bytes32 block, boolean byHeldOut, SettlementReport report) {
}
