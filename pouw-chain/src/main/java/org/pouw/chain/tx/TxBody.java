package org.pouw.chain.tx;

import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;

/** What a transaction does, beyond the fields every transaction has (sender, nonce, fee, data). */
public sealed interface TxBody permits Transfer, BuyTickets, Unstake, Anchor, PayForTask, FinalModelCommit,
        FinalModelReveal, RevealHeldOut, AuditOpen, Slash {
    TxKind kind();

    void writeTo(CanonicalWriter out);

    static TxBody read(TxKind kind, CanonicalReader in) {
        return switch (kind) {
            case TRANSFER -> Transfer.read(in);
            case BUY_TICKETS -> BuyTickets.read(in);
            case UNSTAKE -> Unstake.read(in);
            case ANCHOR -> Anchor.read(in);
            case PAY_FOR_TASK -> PayForTask.read(in);
            case FINAL_MODEL_COMMIT -> FinalModelCommit.read(in);
            case FINAL_MODEL_REVEAL -> FinalModelReveal.read(in);
            case REVEAL_HELD_OUT -> RevealHeldOut.read(in);
            case AUDIT_OPEN -> AuditOpen.read(in);
            case SLASH -> Slash.read(in);
        };
    }

    static long requirePositive(String field, long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, got " + amount);
        }
        return amount;
    }
}
