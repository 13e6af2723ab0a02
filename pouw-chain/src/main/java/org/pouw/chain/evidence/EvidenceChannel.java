package org.pouw.chain.evidence;

import org.pouw.chain.mempool.MempoolAdmission;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.tx.Transaction;

/**
 * Where an {@link EvidenceReporter} hands its {@code slash} transactions: the node that saw the evidence — its
 * followed tip's state (whom a slash could still take from, the reporter's nonce) and its mempool, which relays
 * what it takes and puts it in the blocks its miners assemble.
 */
public interface EvidenceChannel {
    /** The state at the tip the node follows. */
    StateLayer tipState();

    /** Offers {@code tx} to the node's mempool, at the tip's next height. */
    MempoolAdmission offer(Transaction tx);

    /** Whether the node's mempool still holds {@code tx}. */
    boolean pending(Transaction tx);
}
