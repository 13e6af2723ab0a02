package org.pouw.node.chain;

import org.pouw.ml.wire.Bytes32;

/**
 * What offering one transaction did: its id (null when it did not decode), and for a refusal the chain's reason — the
 * state rule's ({@code BAD_SIGNATURE}, {@code NONCE_USED}, {@code INSUFFICIENT_FUNDS}, …) where one applies, else
 * the mempool's ({@code NONCE_GAP}, {@code REPLACEMENT_UNDERPRICED}, {@code POOL_FULL}, …) — and a message.
 */
public record TxSubmission(Bytes32 id, String reason, String message) {
    public boolean isAccepted() {
        return reason == null;
    }
}
