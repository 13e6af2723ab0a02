package org.pouw.chain.block;

/** Why a block's body does not apply to its parent's state; the header's own defects are {@link HeaderDefect}s. */
public enum BlockDefect {
    /** The transactions do not hash to the header's transactions root. */
    WRONG_TRANSACTIONS_ROOT,
    /** More transactions than a block may carry. */
    TOO_MANY_TRANSACTIONS,
    /** The signer has less active stake than mining needs (bought too recently, unstaked, or none). */
    MINER_NOT_STAKED,
    /** A transaction does not apply where it stands; the detail names it and the state rule's reason. */
    TRANSACTION_REFUSED,
    /** Paying the miner would overflow its balance. */
    REWARD_OVERFLOW,
    /** The state after the block does not hash to the header's state root. */
    WRONG_STATE_ROOT
}
