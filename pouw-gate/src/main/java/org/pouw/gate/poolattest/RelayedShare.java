package org.pouw.gate.poolattest;

import org.pouw.crypto.jcs.JcsValue;

/**
 * A share a miner asked this node to take to its pool (issue 23 §5), after the node's own checks passed: the miner,
 * the work as the node re-checked it, and the share object exactly as the pool's {@code POST /pool/share} takes it.
 */
public record RelayedShare(String miner, HeaderShare work, JcsValue.Obj poolShare) {
    /** What one token is redeemed under, as for an attestation of the same header. */
    public String headerHash() {
        return work.hashHex();
    }
}
