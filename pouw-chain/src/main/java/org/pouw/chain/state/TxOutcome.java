package org.pouw.chain.state;

/**
 * What applying one transaction did: applied, with the fee it pays the block's miner, or refused with a reason and a
 * detail for people (for a task not admitted, the field it breaks).
 */
public record TxOutcome(TxRefusal refusal, long fee, String detail) {
    public static TxOutcome applied(long fee) {
        return new TxOutcome(null, fee, "");
    }

    public static TxOutcome refused(TxRefusal refusal) {
        return new TxOutcome(refusal, 0, "");
    }

    public static TxOutcome refused(TxRefusal refusal, String detail) {
        return new TxOutcome(refusal, 0, detail);
    }

    public boolean isApplied() {
        return refusal == null;
    }

    @Override
    public String toString() {
        return isApplied() ? "applied, fee " + fee : detail.isEmpty() ? refusal.name() : refusal + " (" + detail + ")";
    }
}
