package org.pouw.chain.tx;

import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * A market node's ledger head, written on chain so that its books can later be shown not to have been rewritten:
 * the head's hash and the number of entries it covers.
 */
public record Anchor(Bytes32 ledgerHead, long entries) implements TxBody {
    public Anchor {
        if (ledgerHead == null) {
            throw new IllegalArgumentException("ledger head must be set");
        }
        if (entries < 0) {
            throw new IllegalArgumentException("entries must be >= 0, got " + entries);
        }
    }

    @Override
    public TxKind kind() {
        return TxKind.ANCHOR;
    }

    @Override
    public void writeTo(CanonicalWriter out) {
        out.bytes32(ledgerHead).i64(entries);
    }

    static Anchor read(CanonicalReader in) {
        return new Anchor(in.bytes32("ledger head"), in.i64InRange("entries", 0, Long.MAX_VALUE));
    }
}
