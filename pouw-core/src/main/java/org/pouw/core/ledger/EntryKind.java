package org.pouw.core.ledger;

/** Why money moved. The wire names appear in ledger JSON and in the hash of every entry. */
public enum EntryKind {
    GENESIS("genesis"),
    TRANSFER("transfer"),
    FEE_RESERVED("fee_reserved"),
    REWARD("reward"),
    REFUND("refund"),
    /** Collateral forfeited by a lease holder, and later paid on to the job's completer or kept by the node. */
    FORFEIT("forfeit");

    private final String wire;

    EntryKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static EntryKind fromWire(String text) {
        for (EntryKind kind : values()) {
            if (kind.wire.equals(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown ledger entry kind " + text);
    }
}
