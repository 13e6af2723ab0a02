package org.pouw.chain.state;

/** What applying one transaction did: applied, with the fee it pays the block's miner, or refused with a reason. */
public record TxOutcome(TxRefusal refusal, long fee) {
    public static TxOutcome applied(long fee) {
        return new TxOutcome(null, fee);
    }

    public static TxOutcome refused(TxRefusal refusal) {
        return new TxOutcome(refusal, 0);
    }

    public boolean isApplied() {
        return refusal == null;
    }
}
