package org.pouw.chain.state;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * The state root a header commits to (docs/chain.md §7): BLAKE3 over the state's canonical encoding — accounts, then
 * stakes, then obligations, each in key order, zero entries left out (an account nobody funded and one emptied again
 * are the same state). A flat hash: every validator recomputes it from the state it holds; proofs of single entries
 * for light clients need a Merkle structure, left for when the network serves them.
 */
public final class StateRoot {
    private static final byte[] DOMAIN = "pouw-chain-state-v1".getBytes(StandardCharsets.US_ASCII);

    private StateRoot() {
    }

    public static Bytes32 of(StateLayer state) {
        StateLayer.SortedEntries entries = state.entries();
        CanonicalWriter out = new CanonicalWriter(1024).raw(DOMAIN);
        for (Map.Entry<Bytes32, Account> entry : entries.accounts().entrySet()) {
            Account account = entry.getValue();
            if (!account.equals(Account.EMPTY)) {
                out.u8(1).bytes32(entry.getKey()).i64(account.balance()).i64(account.nonce());
            }
        }
        for (Map.Entry<Bytes32, Stake> entry : entries.stakes().entrySet()) {
            Stake stake = entry.getValue();
            if (!stake.isEmpty()) {
                out.u8(2).bytes32(entry.getKey()).i64(stake.active()).i64(stake.pending()).i64(stake.activatesAt())
                        .i64(stake.unbonding()).i64(stake.unlocksAt());
            }
        }
        for (Map.Entry<Bytes32, Long> entry : entries.lastObligations().entrySet()) {
            out.u8(3).bytes32(entry.getKey()).i64(entry.getValue());
        }
        return Bytes32.of(Blake3.hash(out.toByteArray()));
    }
}
