package org.pouw.chain.tx;

import org.pouw.ml.wire.EncodingException;

/** What stake is locked for. Only miners stake today; the code leaves room for other roles (docs/chain.md §5.4). */
public enum StakeRole {
    MINER(1);

    private final int code;

    StakeRole(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static StakeRole ofCode(int code) {
        for (StakeRole role : values()) {
            if (role.code == code) {
                return role;
            }
        }
        throw new EncodingException("stake role: unknown code " + code);
    }
}
