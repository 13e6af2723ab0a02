package org.pouw.chain.importing;

import java.util.List;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.block.BlockOutcome;
import org.pouw.chain.block.BlockRules;
import org.pouw.chain.block.BlockTimeRule;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.mempool.Mempool;
import org.pouw.chain.mining.ChainTrainer;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.MiningProof;
import org.pouw.chain.mining.OpenedBatch;
import org.pouw.chain.mining.TipKeyedBatch;
import org.pouw.chain.mining.WinnerOpening;
import org.pouw.chain.state.TransactionRules;
import org.pouw.chain.task.MinableTask;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.wire.Bytes32;

/**
 * The miner's side of {@link BlockImporter}: a block from a winning step and the mempool's transactions — the body
 * run by {@link BlockRules#execute} (the code validators apply), the winner opened with its start state and its batch
 * records, the header signed. The segment is the winning step alone: a segment of every step since the miner's
 * previous block comes with the audits (docs/chain.md §5.1).
 */
public final class BlockAssembler {
    private final BlockImporter chain;
    private final BlockRules rules;
    private final Ed25519.KeyPair key;
    private final Bytes32 miner;

    public BlockAssembler(BlockImporter chain, Ed25519.KeyPair key) {
        this.chain = chain;
        this.rules = new BlockRules(new TransactionRules(chain.chainId(), chain.genesis().state()),
                chain.genesis().block());
        this.key = key;
        this.miner = Bytes32.of(key.publicKey());
    }

    /** The transactions the mempool offers for a block on {@code parent}, up to the block limit. */
    public List<Transaction> select(Mempool mempool, BlockNode parent) {
        return mempool.select(chain.genesis().block().maxTransactions(), parent.state(), parent.height() + 1);
    }

    /**
     * Builds the block on {@code parent} at {@code timestamp} from {@code win}, a step of {@code task} trained on
     * {@code data} with the parent as tip. The timestamp is raised to one second past the median-time-past if it is
     * not after it.
     *
     * @throws IllegalStateException when the body can not be mined (the miner is not staked, a transaction fails)
     */
    public Block assemble(BlockNode parent, long timestamp, MinableTask task, Dataset data, ChainTrainer.Win win,
                          List<Transaction> transactions) {
        long height = parent.height() + 1;
        BlockOutcome outcome = rules.execute(parent.state(), miner, height, transactions);
        if (!outcome.isValid()) {
            throw new IllegalStateException("no block on " + parent + ": " + outcome.defect() + " "
                    + outcome.detail());
        }
        MinedStep winner = win.step().mined();
        MerkleTree segment = MerkleTree.ofLeafHashes(new byte[][] {winner.leafHash().toArray()});
        MiningProof proof = new MiningProof(Bytes32.of(segment.root()), 1, winner.stateBefore(), winner, List.of(),
                win.j());
        long time = Math.max(timestamp, BlockTimeRule.medianTimePast(chain.ancestorTimes(parent)) + 1);
        BlockHeader header = BlockHeader.sign(key, chain.chainId(), height, parent.hash(), time,
                chain.expectedBits(parent), Block.transactionsRoot(transactions), outcome.stateRoot(), task.id(),
                proof);
        int[] batch = TipKeyedBatch.draw(task.task().seed(), miner, parent.hash(), winner.step(), task.datasetSize(),
                task.task().hyperparameters().batchSize());
        return new Block(header, new WinnerOpening(win.startState(), OpenedBatch.open(data, batch)), transactions);
    }
}
