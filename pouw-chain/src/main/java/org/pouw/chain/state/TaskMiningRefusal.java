package org.pouw.chain.state;

/** Why a block may not be mined on the task its header names (docs/chain.md §4.1, §4.3, §4.4). */
public enum TaskMiningRefusal {
    /** The epoch's assignment gives the miner another task, or none (its stake was not active for the epoch). */
    TASK_NOT_ASSIGNED,
    /** The task is past its commit deadline or settled: its mining is over. */
    TASK_CLOSED,
    /** The task's remaining budget is below this block's cost: a spent task yields no valid block. */
    TASK_BUDGET_SPENT,
    /** The segment does not start where the miner's previous segment on the task ended (or at its initial state). */
    SEGMENT_NOT_CHAINED,
    /** The miner committed its final model on the task: its segment chain there is closed. */
    FINAL_MODEL_COMMITTED
}
