package org.pouw.gate.poolattest;

import org.pouw.gate.jcs.JcsValue;

/**
 * The work a pool attestation carries, re-checked by the node (docs/gate.md §9): a hashcash stamp, or a header mined
 * on the node's share challenge (docs/pool.md §2).
 */
public sealed interface PoolShare permits HashcashShare, HeaderShare {
    String kind();

    JcsValue.Obj toJcs();
}
