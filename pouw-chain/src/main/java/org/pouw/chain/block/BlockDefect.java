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
    WRONG_STATE_ROOT,
    /** The epoch's assignment gives the miner another task, or none (docs/chain.md §4.3). */
    TASK_NOT_ASSIGNED,
    /** The header's task is past its commit deadline or settled (§4.4). */
    TASK_CLOSED,
    /** The task's remaining budget is below the block's cost (§4.1): junk tasks pay for their own mining. */
    TASK_BUDGET_SPENT,
    /** The segment does not start where the miner's previous segment on the task ended (§4.4, §5.1). */
    SEGMENT_NOT_CHAINED,
    /** The miner already committed its final model on the task (§4.4). */
    FINAL_MODEL_COMMITTED,
    /** The block's audit openings exceed B_audit bytes or one audit's replays (§5.2). */
    AUDIT_DATA_OVER_BUDGET
}
