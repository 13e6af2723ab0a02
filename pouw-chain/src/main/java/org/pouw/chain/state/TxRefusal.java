package org.pouw.chain.state;

/** Why a transaction can not be applied to a state; the mempool and block validation report it as is. */
public enum TxRefusal {
    /** The signature does not verify for this chain (a forged transaction, or one signed for another chain). */
    BAD_SIGNATURE,
    /** The nonce is below the sender's: the transaction, or another with its nonce, was already applied. */
    NONCE_USED,
    /** The nonce is above the sender's: an earlier transaction of the sender is missing. */
    NONCE_GAP,
    /** The sender's spendable balance does not cover the amount and the fee. */
    INSUFFICIENT_FUNDS,
    /** The sender has less stake for the role than it tries to unstake. */
    INSUFFICIENT_STAKE,
    /** A balance would leave the range of a signed 64-bit number. */
    AMOUNT_OVERFLOW,
    /** A posted task breaks an admission rule (docs/chain.md §4.2); the detail names the field. */
    TASK_NOT_ADMITTED,
    /** No task of that id is on chain (or it is a filler task, which takes no commitments or reveals). */
    UNKNOWN_TASK,
    /** The task is settled: nothing more can be committed or revealed on it. */
    TASK_SETTLED,
    /** The transaction is outside its window: commits up to the commit deadline, then model reveals up to the
     * reveal deadline, then the held-out reveal up to the held-out deadline. */
    OUTSIDE_WINDOW,
    /** The sender mined no block on the task, so it has no segment chain a final model could end. */
    NOT_A_PARTICIPANT,
    /** The sender already committed a final model on the task: one per (task, key). */
    ALREADY_COMMITTED,
    /**
     * The commit names another segment end than the sender's on this branch: one a reorg sent back from a branch where
     * the sender's end was another, which could never be revealed here.
     */
    COMMIT_NOT_SEGMENT_END,
    /** A reveal without a commitment, or a second reveal. */
    NOT_COMMITTED,
    /** The revealed model is not the end of the sender's own segment chain on the task (a copied model). */
    MODEL_NOT_SEGMENT_END,
    /** The revealed model and salt do not hash to the sender's commitment. */
    COMMITMENT_MISMATCH,
    /** The revealed model is not a training state of the task's shape. */
    MODEL_UNREADABLE,
    /** Only the task's poster reveals its held-out set. */
    NOT_THE_POSTER,
    /** The held-out records do not parse with the task's record shape, are empty, or repeat a record. */
    HELD_OUT_UNREADABLE,
    /** The held-out records and salt do not hash to the task's held-out commitment. */
    HELD_OUT_MISMATCH,
    /** These rules were built without the audit rules, so they take no openings or evidence. */
    NO_AUDIT_RULES,
    /** No challenged, unopened audit of a block at that height on this branch (or it is past maturity). */
    AUDIT_NOT_PENDING,
    /** Only the audited block's miner opens its audit. */
    NOT_THE_AUDITED_MINER,
    /** The audit's challenge block has not come yet. */
    AUDIT_NOT_CHALLENGED,
    /** The opening answers another challenge than this branch's (its challenge block was reorged). */
    CHALLENGE_MISMATCH,
    /** The opening does not have the challenge's windows and widths (the detail says which). */
    OPENING_MALFORMED,
    /** The slash evidence convicts nobody (the detail says why). */
    EVIDENCE_INVALID,
    /** The convicted key has no stake and no immature reward left: it was slashed already. */
    NOTHING_TO_SLASH
}
