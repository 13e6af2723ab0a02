package org.pouw.chain.tx;

import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;

/** Moves {@code amount} base units from the sender to the account of the Ed25519 key {@code to}. */
public record Transfer(Bytes32 to, long amount) implements TxBody {
    public Transfer {
        if (to == null) {
            throw new IllegalArgumentException("to must be set");
        }
        TxBody.requirePositive("amount", amount);
    }

    @Override
    public TxKind kind() {
        return TxKind.TRANSFER;
    }

    @Override
    public void writeTo(CanonicalWriter out) {
        out.bytes32(to).i64(amount);
    }

    static Transfer read(CanonicalReader in) {
        return new Transfer(in.bytes32("to"), in.i64InRange("amount", 1, Long.MAX_VALUE));
    }
}
