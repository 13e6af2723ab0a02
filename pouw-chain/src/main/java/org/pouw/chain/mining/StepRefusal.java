package org.pouw.chain.mining;

/** Why a claimed step does not stand up to its replay (docs/chain.md §3.1–§3.3). */
public enum StepRefusal {
    /** The opened start state does not decode as a state of the task. */
    STATE_UNREADABLE,
    /** The opened start state does not hash to the step's {@code stateBefore}. */
    START_STATE_MISMATCH,
    /** The start state has done a different number of steps than the step's index. */
    STEP_INDEX_MISMATCH,
    /** The step names another tip than the one it is checked on. */
    TIP_MISMATCH,
    /** The step's batch hash is not the batch its (task, miner, tip, step) draws (§3.1). */
    BATCH_MISMATCH,
    /** An opened batch record is not the task dataset's record the batch names, or does not decode (§3.1). */
    BATCH_RECORDS_UNPROVEN,
    /** The replay does not end in the step's {@code stateAfter}. */
    END_STATE_MISMATCH,
    /** The step claims another ticket count than its counted multiply-adds give (§3.2). */
    TICKET_COUNT_MISMATCH,
    /** A state word, an activation or the loss is NaN or infinite (§3.3). */
    NOT_FINITE,
    /** Too few parameter words have a non-zero gradient (§3.3, θ_g). */
    GRADIENT_DEAD,
    /** Too few parameter words changed (§3.3, θ_p). */
    PARAMETERS_FROZEN,
    /** Two units of a layer have bit-identical weights and bias (§3.3). */
    SYMMETRIC_UNITS,
    /** Too many parameter words are subnormal (§3.3, ε). */
    SUBNORMAL_STATE
}
