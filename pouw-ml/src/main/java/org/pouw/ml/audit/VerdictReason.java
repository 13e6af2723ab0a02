package org.pouw.ml.audit;

/** Why an audit accepted or rejected; the first failed check decides. */
public enum VerdictReason {
    /** Every opened step replayed bit-exactly and linked up; the final state matched the commitment. */
    ACCEPTED,
    /** The commitment names another task, or a step range outside this task. */
    WRONG_TASK,
    /** The challenge or the opening refers to another commitment. */
    WRONG_COMMITMENT,
    /** The opened steps are not exactly the challenged ones, in order. */
    STEPS_NOT_AS_CHALLENGED,
    /** The commitment's start state is not the state this range must start from, or step one does not start there. */
    START_STATE_MISMATCH,
    /** An opened state does not decode as this task's training state, or is not at the step it claims. */
    MALFORMED_STATE,
    /** The leaf rebuilt from an opening is not in the committed Merkle tree. */
    LEAF_NOT_COMMITTED,
    /** The next step's committed leaf does not start from this step's committed end state. */
    CHAIN_BROKEN,
    /** Replaying the opened step from its committed start gave a different end state: the step was not done honestly. */
    REPLAY_MISMATCH,
    /** The final state sent is not the committed one, or the last step does not end in it. */
    FINAL_STATE_MISMATCH,
    /** A lottery ticket claimed a step whose leaf hash does not meet the target. */
    TICKET_ABOVE_TARGET
}
