package org.pouw.node.chain;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pouw.chain.block.Block;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.state.TaskRecord;
import org.pouw.chain.tx.Transaction;
import org.pouw.core.Clock;
import org.pouw.ml.wire.Bytes32;

/**
 * The reads the API makes of a node's chain, valid only inside {@link ChainService#read} (under its read lock): the
 * block importer is not thread-safe, so nothing here may be kept past that call.
 */
public final class ChainReader {
    private final BlockImporter importer;
    private final IncludedTransactions included;
    private final Clock clock;
    private final SettlementReports settlements;

    ChainReader(BlockImporter importer, IncludedTransactions included, Clock clock, SettlementReports settlements) {
        this.importer = importer;
        this.included = included;
        this.clock = clock;
        this.settlements = settlements;
    }

    public Bytes32 chainId() {
        return importer.chainId();
    }

    public ChainGenesis genesis() {
        return importer.genesis();
    }

    public BlockNode tip() {
        return importer.tip();
    }

    /** The better branch held for the operator (docs/chain.md §6), with how deep a switch to it would go. */
    public Optional<HeldReorg> heldReorg() {
        BlockNode tip = importer.tip();
        return importer.heldTip().map(held -> new HeldReorg(held.hash(), held.height(),
                (int) (tip.height() - BlockNode.commonAncestor(tip, held).height()), tip.hash()));
    }

    /** Any block the node validated, on any branch, or the genesis node. */
    public Optional<BlockNode> node(Bytes32 hash) {
        return importer.node(hash);
    }

    public Optional<Block> block(Bytes32 hash) {
        return importer.block(hash);
    }

    /** The block at {@code height} on the followed branch (height 0 is the genesis node). */
    public Optional<BlockNode> followedAt(long height) {
        BlockNode tip = importer.tip();
        return height < 0 || height > tip.height() ? Optional.empty() : Optional.of(tip.ancestorAt(height));
    }

    /** The timestamp (seconds) of a known block, the genesis's for the genesis node. */
    public long timestamp(BlockNode node) {
        return importer.ancestorTimes(node).getLast();
    }

    /** The compact target a block on {@code parent} must meet. */
    public int nextBits(BlockNode parent) {
        return importer.expectedBits(parent);
    }

    public long nowMillis() {
        return clock.millis();
    }

    public int orphans() {
        return importer.orphanCount();
    }

    /**
     * Every pending transaction, by sender key (as hex) then nonce, at most {@code max}: what each miner offers its own
     * mempool and assembles from. Not one block's selection — that would hide what waits behind the per-block audit
     * budget (an opening over it, and every later nonce of its sender), so other miners would never include it.
     */
    public List<Transaction> pendingBySender(int max) {
        List<Transaction> all = importer.mempool().pending();
        return all.size() <= max ? all : List.copyOf(all.subList(0, max));
    }

    /** The ids of every pending transaction (each hashed: a few milliseconds for 10,000). */
    public Set<Bytes32> pendingIds() {
        Set<Bytes32> ids = new HashSet<>();
        for (Transaction tx : importer.mempool().pending()) {
            ids.add(tx.id(importer.chainId()));
        }
        return ids;
    }

    /** A pending transaction by id. */
    public Optional<Transaction> pending(Bytes32 txId) {
        return importer.mempool().pending().stream().filter(tx -> tx.id(importer.chainId()).equals(txId)).findFirst();
    }

    /**
     * What the settlement of a task on the followed branch paid — each revealed model's held-out evaluation, rank and
     * share, and the burnt escrow — or empty while {@code record} (the task as the tip's state holds it) is unsettled.
     */
    public Optional<SettledTask> settlement(Bytes32 taskId, TaskRecord record) {
        return settlements.of(importer, importer.tip(), taskId, record);
    }

    /** The followed block that includes {@code txId}. */
    public Optional<Bytes32> includingBlock(Bytes32 txId) {
        return included.blockOf(txId);
    }
}
