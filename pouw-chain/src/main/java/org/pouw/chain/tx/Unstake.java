package org.pouw.chain.tx;

import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;

/** Starts unbonding {@code amount} of the sender's stake for {@code role}; it stops counting at once. */
public record Unstake(StakeRole role, long amount) implements TxBody {
    public Unstake {
        if (role == null) {
            throw new IllegalArgumentException("role must be set");
        }
        TxBody.requirePositive("amount", amount);
    }

    @Override
    public TxKind kind() {
        return TxKind.UNSTAKE;
    }

    @Override
    public void writeTo(CanonicalWriter out) {
        out.u8(role.code()).i64(amount);
    }

    static Unstake read(CanonicalReader in) {
        return new Unstake(StakeRole.ofCode(in.u8("role")), in.i64InRange("amount", 1, Long.MAX_VALUE));
    }
}
