package org.pouw.chain.genesis;

import org.pouw.ml.wire.Bytes32;

/** An account the genesis block funds: a balance and stake that is active from height 0 (docs/chain.md §7). */
public record GenesisAccount(Bytes32 key, long balance, long stake) {
    public GenesisAccount {
        if (key == null) {
            throw new IllegalArgumentException("an allocation needs its account key");
        }
        if (balance < 0 || stake < 0) {
            throw new IllegalArgumentException("balance and stake must be >= 0");
        }
    }
}
