package org.pouw.gate.poolattest;

/**
 * The port through which the node takes a share to its pools (issue 23 §5). The node's HTTP pool client implements
 * it with its circuit breaker, retries and deadline; the gate only decides what the answer is worth.
 */
@FunctionalInterface
public interface PoolRelay {
    /** A node with no pool to relay to: every relayed share finds the pool unavailable. */
    PoolRelay NONE = share -> new RelayAnswer.Unavailable("this node relays to no pool (mining_pool.enabled)");

    RelayAnswer submit(RelayedShare share);
}
