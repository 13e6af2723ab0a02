package org.pouw.chain.importing;

import java.util.List;
import org.pouw.chain.block.Block;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.mining.OpenedBatch;
import org.pouw.chain.mining.WinnerOpening;

/**
 * What a node may drop from the blocks it stores (docs/chain.md §5.5): the **winner's opening** — the start state (up
 * to 16 MiB) and the batch records with their proofs — of a block at least maturity + R below the followed tip. The
 * opening is not signed and not in the block hash, the transactions root or the state, so a pruned block keeps its
 * hash and everything else can still be checked: header, signature, ticket, target, timestamp, task, every
 * transaction (audit openings included: they are transactions, decide the state and stay) and the state root. Only
 * the winner's replay is skipped, and only that deep: by then every audit of the block has closed and no reorg the
 * node follows on its own reaches it.
 */
public final class OpeningPruning {
    /** What a pruned block carries instead of its winner's opening: no state, no records — which never replays. */
    static final WinnerOpening PRUNED = new WinnerOpening(new byte[0], new OpenedBatch(List.of(), List.of()));

    private OpeningPruning() {
    }

    public static boolean isPruned(WinnerOpening opening) {
        return opening.startState().length == 0 && opening.batch().records().isEmpty();
    }

    /** {@code block} with its winner's opening dropped: the same header, hash and transactions. */
    public static Block pruned(Block block) {
        return new Block(block.header(), PRUNED, block.transactions());
    }

    /** The highest block whose opening may be pruned below a tip at {@code tipHeight}: tip − (maturity + R). */
    public static long prunableUpTo(long tipHeight, ChainGenesis genesis) {
        return tipHeight - genesis.audit().maturity() - genesis.reorgAlarmDepth();
    }
}
