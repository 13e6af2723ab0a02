package org.pouw.chain.tx;

import org.pouw.ml.wire.EncodingException;

/** The kinds of chain transaction and their one-byte codes in the canonical encoding (docs/chain.md §7). */
public enum TxKind {
    TRANSFER(1),
    PAY_FOR_TASK(2),
    BUY_TICKETS(3),
    UNSTAKE(4),
    FINAL_MODEL_COMMIT(5),
    FINAL_MODEL_REVEAL(6),
    REVEAL_HELD_OUT(7),
    AUDIT_OPEN(8),
    SLASH(9),
    ANCHOR(10);

    private final int code;

    TxKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static TxKind ofCode(int code) {
        for (TxKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new EncodingException("transaction kind: unknown code " + code);
    }
}
