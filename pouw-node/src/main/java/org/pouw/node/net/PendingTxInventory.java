package org.pouw.node.net;

import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.pouw.ml.wire.Bytes32;

/**
 * The transaction inventory this node answers ({@link TxInventory}, docs/network.md §4 "Overload"): the transactions it
 * can serve, in the order it took them, less those no longer pending. Before, every id of the serving cache was
 * listed, mined ones too until 20,000 newer pushed them out: an asking peer fetched each once more, its mempool
 * refused it, nothing was taken, and the peer's rounds ({@link TxReconciliation}) stopped there, with any transaction
 * still pending left behind.
 *
 * <p>Which held ids left the mempool is worked out at most once a crank (it hashes every pending transaction) and
 * shared by every ask in that crank, so a peer asking over and over spends its outbound budget, not this node's CPU.
 * A transaction taken since is listed (it was not among those gone); one mined or pushed out since is listed for at
 * most a crank more (fetched once, refused). Thread-safe: asked on the transport's threads.
 */
final class PendingTxInventory {
    private final RecentTransactions transactions;
    /** The ids of the mempool's pending transactions, read under the chain's lock. */
    private final Supplier<Set<Bytes32>> pendingIds;
    private final LongSupplier cranks;
    private long goneAtCrank = Long.MIN_VALUE;
    private Set<Bytes32> gone = Set.of();

    PendingTxInventory(RecentTransactions transactions, Supplier<Set<Bytes32>> pendingIds, LongSupplier cranks) {
        this.transactions = transactions;
        this.pendingIds = pendingIds;
        this.cranks = cranks;
    }

    /** The ids to answer an inventory with, oldest first. */
    synchronized List<Bytes32> ids() {
        List<Bytes32> held = transactions.ids();
        long crank = cranks.getAsLong();
        if (crank != goneAtCrank) {
            // held is read first: whatever is taken after it is not in it, so can not be counted gone by mistake
            Set<Bytes32> pending = pendingIds.get();
            gone = held.stream().filter(id -> !pending.contains(id)).collect(Collectors.toUnmodifiableSet());
            goneAtCrank = crank;
        }
        return held.stream().filter(id -> !gone.contains(id)).toList();
    }
}
