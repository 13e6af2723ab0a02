package org.pouw.chain.mempool;

/** Why the mempool turned a transaction away; the node reports it to whoever sent it. */
public enum MempoolRefusal {
    /** Applying it after the sender's pending transactions fails; the state rule's reason is in the message. */
    INVALID,
    /** The nonce leaves a gap after the sender's state and pending transactions. */
    NONCE_GAP,
    /** It would replace a pending transaction without paying enough more. */
    REPLACEMENT_UNDERPRICED,
    /** The sender already has as many pending transactions as one sender may. */
    SENDER_FULL,
    /** The pool is full and the transaction pays less than anything it could displace. */
    POOL_FULL,
    /**
     * The pool's byte budget can not take the transaction: it is larger than the whole budget, or the cheaper
     * transactions it could displace do not free enough bytes (a 4 MiB model reveal needs room a transfer does not).
     */
    POOL_BYTES_FULL,
    /** The same transaction is already pending. */
    ALREADY_PENDING
}
