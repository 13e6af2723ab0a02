package org.pouw.node.chain;

import org.pouw.ml.wire.Bytes32;

/**
 * What offering one transaction did: its id (null when it did not decode), and for a refusal the chain's reason — the
 * state rule's ({@code BAD_SIGNATURE}, {@code NONCE_USED}, {@code INSUFFICIENT_FUNDS}, …) where one applies, else
 * the mempool's ({@code NONCE_GAP}, {@code REPLACEMENT_UNDERPRICED}, {@code POOL_FULL}, …) — and a message. A taken
 * transaction is {@link Status#PENDING} (in the mempool: taken now, or the very same bytes already were) or
 * {@link Status#INCLUDED} (the very same bytes are in a block of the followed branch): offering the same bytes twice
 * is not a refusal, so a client that lost the first answer may simply post again.
 */
public record TxSubmission(Bytes32 id, Status status, String reason, String message) {
    /** Where a taken transaction stands. */
    public enum Status {
        PENDING, INCLUDED
    }

    static TxSubmission taken(Bytes32 id, Status status) {
        return new TxSubmission(id, status, null, "");
    }

    static TxSubmission refused(Bytes32 id, String reason, String message) {
        return new TxSubmission(id, null, reason, message);
    }

    public boolean isAccepted() {
        return reason == null;
    }
}
