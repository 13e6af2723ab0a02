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
    AMOUNT_OVERFLOW
}
