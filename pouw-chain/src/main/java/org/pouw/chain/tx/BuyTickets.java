package org.pouw.chain.tx;

import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;

/** Locks {@code amount} of the sender's balance as stake for {@code role}; it counts after the activation delay. */
public record BuyTickets(StakeRole role, long amount) implements TxBody {
    public BuyTickets {
        if (role == null) {
            throw new IllegalArgumentException("role must be set");
        }
        TxBody.requirePositive("amount", amount);
    }

    @Override
    public TxKind kind() {
        return TxKind.BUY_TICKETS;
    }

    @Override
    public void writeTo(CanonicalWriter out) {
        out.u8(role.code()).i64(amount);
    }

    static BuyTickets read(CanonicalReader in) {
        return new BuyTickets(StakeRole.ofCode(in.u8("role")), in.i64InRange("amount", 1, Long.MAX_VALUE));
    }
}
