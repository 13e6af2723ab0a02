package org.pouw.cli.mine;

import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.tx.Transaction;

/**
 * The miner's own transactions posted and not yet in its followed chain, so the next ones take the nonces after
 * them. A transaction whose nonce the chain has used is done; if the chain's nonce has not reached one within
 * {@value #STALE_BLOCKS} blocks of posting, the node dropped it (a reorg, an eviction), and the miner forgets them all
 * and signs again from the chain's nonce.
 */
final class OwnTransactions {
    static final long STALE_BLOCKS = 12;
    private final List<Sent> pending = new ArrayList<>();

    record Sent(Transaction tx, long postedAtHeight) {
    }

    /** Drops what the chain has used ({@code chainNonce} is the account's next nonce at height {@code height}). */
    void settle(long chainNonce, long height) {
        pending.removeIf(sent -> sent.tx().nonce() < chainNonce);
        if (pending.stream().anyMatch(sent -> height - sent.postedAtHeight() > STALE_BLOCKS)) {
            pending.clear();
        }
    }

    boolean idle() {
        return pending.isEmpty();
    }

    List<Sent> pending() {
        return List.copyOf(pending);
    }

    /** Records {@code tx} as posted, replacing a pending one of the same nonce. */
    void sent(Transaction tx, long height) {
        pending.removeIf(sent -> sent.tx().nonce() == tx.nonce());
        pending.add(new Sent(tx, height));
    }
}
